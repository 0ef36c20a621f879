import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ENROLMENT_CODE_DAYS, generateEnrolmentCode, hashEnrolmentCode } from '../../core/enrolment-code.js';
import { maskPhone } from '../../core/text.js';
import type { Binding } from '../../model/binding.js';
import type { Cadre } from '../../model/cadre.js';
import type { Store } from '../../store/legacy-store.js';
import { AdminError } from './admin-error.js';
import type { Column } from './export-table.js';
import { filterText } from './list-query.js';

const name = z.string({ message: '请填写姓名' }).trim().min(1, { message: '请填写姓名' }).max(50, { message: '姓名最多 50 字' });
const listOf = (label: string) =>
  z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(50, { message: `${label}每项最多 50 字` }),
      { message: `${label}应是文字列表` },
    )
    .max(500, { message: `${label}最多 500 项` })
    .default([])
    .transform((items) => [...new Set(items)]);

/** A new cadre, from the form or `POST /api/admin/cadres`. */
export const cadreInput = z.object({
  name,
  phone: z
    .string({ message: '请填写手机号' })
    .transform((v) =>
      v
        .normalize('NFKC')
        .replace(/^\+?86/, '')
        .replace(/[\s-]/g, ''),
    )
    .pipe(z.string().regex(/^(1[3-9]\d{9}|0\d{9,11})$/, { message: '手机号应为 11 位（座机带区号）' })),
  org: z
    .string()
    .trim()
    .max(100, { message: '单位最多 100 字' })
    .optional()
    .transform((v) => v || undefined),
  villages: listOf('包村'),
  householdIds: listOf('包户'),
});

/** Cadre list filters. */
export const cadreQuery = z.object({
  q: filterText(),
  village: filterText(),
  status: z.enum(['active', 'revoked']).optional().catch(undefined),
});

/** Splits a textarea of villages or 户编号 (one per line, or separated by commas / 、) into items. */
export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\n\r,，、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function newCode(now: Date): { code: string; codeHash: string; expiresAt: string } {
  const code = generateEnrolmentCode();
  return { code, codeHash: hashEnrolmentCode(code), expiresAt: new Date(now.getTime() + ENROLMENT_CODE_DAYS * 86_400_000).toISOString() };
}

/** Creates a cadre with a first enrolment code; the code is returned here once and only its hash is kept. */
export async function createCadre(store: Store, now: Date, input: z.infer<typeof cadreInput>) {
  const unknown = input.householdIds.filter((id) => !store.households.get(id));
  if (unknown.length) throw new AdminError(`这些户编号不在名册里：${unknown.slice(0, 10).join('、')}`);
  const { code, codeHash, expiresAt } = newCode(now);
  const at = now.toISOString();
  const cadre: Cadre = { id: randomUUID(), ...input, status: 'active', codeHash, codeExpiresAt: expiresAt, createdAt: at, updatedAt: at };
  await store.cadres.put(cadre);
  return { cadre, enrolmentCode: code, expiresAt };
}

/** Replaces a cadre's enrolment code with a new one (the old stops working). */
export async function issueCode(store: Store, now: Date, id: string): Promise<{ cadre: Cadre; enrolmentCode: string; expiresAt: string }> {
  const cadre = store.cadres.get(id);
  if (!cadre) throw new AdminError('找不到这个帮扶责任人', 404);
  if (cadre.status !== 'active') throw new AdminError('该帮扶责任人已停用，不能再发绑定码', 409);
  const { code, codeHash, expiresAt } = newCode(now);
  const updated = { ...cadre, codeHash, codeExpiresAt: expiresAt, updatedAt: now.toISOString() };
  await store.cadres.put(updated);
  return { cadre: updated, enrolmentCode: code, expiresAt };
}

function userOf(binding: Binding): { channel: string; userId: string } {
  const at = binding.id.indexOf(':');
  return { channel: binding.id.slice(0, at), userId: binding.id.slice(at + 1) };
}

/** Disables a cadre: the code stops working and every chat account bound to them is unbound. */
export async function revokeCadre(store: Store, now: Date, id: string): Promise<{ cadre: Cadre; unbound: number }> {
  const cadre = store.cadres.get(id);
  if (!cadre) throw new AdminError('找不到这个帮扶责任人', 404);
  const { codeHash: _code, codeExpiresAt: _expiry, ...rest } = cadre;
  const updated: Cadre = { ...rest, status: 'revoked', updatedAt: now.toISOString() };
  await store.cadres.put(updated);
  const bindings = [...store.bindings.byTarget('cadre', id)];
  for (const b of bindings) {
    const { channel, userId } = userOf(b);
    await store.bindings.unbind(channel, userId);
  }
  return { cadre: updated, unbound: bindings.length };
}

function maskUser(userId: string): string {
  return userId.length <= 4 ? '*'.repeat(userId.length) : `${userId.slice(0, 2)}***${userId.slice(-2)}`;
}

/** A cadre as lists and the API show it: masked phone, bound accounts, household count, whether a code is pending. */
export function cadreItem(store: Store, now: Date, c: Cadre) {
  return {
    id: c.id,
    name: c.name,
    phone: maskPhone(c.phone),
    org: c.org,
    villages: c.villages,
    householdIds: c.householdIds,
    status: c.status,
    householdCount: store.cadres.assignedHouseholds(c, store.households.all()).length,
    boundAccounts: store.bindings.byTarget('cadre', c.id).map((b) => {
      const { channel, userId } = userOf(b);
      return { channel, user: maskUser(userId), boundAt: b.boundAt };
    }),
    codePending: Boolean(c.codeHash && c.codeExpiresAt && c.codeExpiresAt > now.toISOString()),
    codeExpiresAt: c.codeExpiresAt,
    createdAt: c.createdAt,
  };
}

/** A cadre list item. */
export type CadreItem = ReturnType<typeof cadreItem>;

/** Columns of the cadre export (phone masked). */
export const cadreColumns: Column<CadreItem>[] = [
  { header: '姓名', value: (c) => c.name },
  { header: '电话（脱敏）', value: (c) => c.phone },
  { header: '单位', value: (c) => c.org },
  { header: '包村', value: (c) => c.villages.join('、') },
  { header: '包户', value: (c) => c.householdIds.join('、') },
  { header: '负责户数', value: (c) => c.householdCount },
  { header: '状态', value: (c) => (c.status === 'active' ? '在岗' : '已停用') },
  { header: '已绑定聊天账号', value: (c) => c.boundAccounts.length },
  { header: '创建时间', value: (c) => c.createdAt },
];
