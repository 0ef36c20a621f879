import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CODE_LIMIT, NAME_LIMIT } from '../../src/flows/household/verify-limits.js';
import type { Reply } from '../../src/model/reply.js';
import { choiceId, createTestApp, type TestApp, textOf } from '../helpers/test-app.js';
import { FAMILY, seedFamily, VERIFY_HASH_KEY, verifiableHousehold } from '../helpers/verify-fixture.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

function clock() {
  let now = Date.parse('2026-11-01T08:00:00Z');
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

async function setup() {
  const time = clock();
  const a = await createTestApp(
    { ID_HASH_KEY: VERIFY_HASH_KEY, CHAT_RATE_PER_IP_PER_MINUTE: '100000', CHAT_NEW_USERS_PER_IP_PER_HOUR: '100000' },
    { now: time.now },
  );
  apps.push(a);
  await seedFamily(a.store, time.now());
  await a.store.households.upsert(await verifiableHousehold('H200', '赵四', '220033', '枫树村'));
  expect(textOf(await a.chat('cadre', `干部绑定 ${FAMILY.cadreCode}`))).toContain('绑定成功');
  const telegram = async (userId: string, input: string | { choice: string }) =>
    a.bot.handle({
      channel: 'telegram',
      userId,
      kind: 'text',
      ...(typeof input === 'string' ? { text: input } : { choiceId: input.choice }),
      receivedAt: time.now(),
    });
  return { a, time, telegram };
}

/** The cadre asks for a code for `household` (户编号 or head name) and confirms; returns the ten digits. */
async function issueCode(a: TestApp, household: string): Promise<string> {
  const menu = await a.chat('cadre', '菜单');
  expect(textOf(await a.chat('cadre', { choice: choiceId(menu, '给农户核对码') }))).toContain('给哪一户');
  const summary = await a.chat('cadre', household);
  expect(textOf(summary)).toContain('请核对');
  const done = textOf(await a.chat('cadre', { choice: 'form:confirm' }));
  const code = /农户核对码：(\d{5}) (\d{5})/.exec(done);
  if (!code) throw new Error(`no code in: ${done}`);
  return `${code[1]}${code[2]}`;
}

const statusCard = (replies: Reply[]) => textOf(replies).includes('核对成功') && textOf(replies).includes(`【${FAMILY.name}家】`);

describe('household codes from the cadre (item 3: the way in that strangers cannot block)', () => {
  it('let the household in on another channel while strangers hold its head name back', async () => {
    const { a, telegram } = await setup();
    for (let i = 0; i < NAME_LIMIT.max; i += 1) {
      const ip = `192.0.2.${i + 1}`;
      for (const text of ['查询我家帮扶情况', FAMILY.name, '999999'])
        await a.server.inject({ method: 'POST', url: '/api/chat', remoteAddress: ip, payload: { userId: `s-${i}`, text } });
    }
    await telegram('family', '查询我家帮扶情况');
    await telegram('family', FAMILY.name);
    const refused = await telegram('family', FAMILY.tail);
    expect(textOf(refused)).toContain('次数太多');
    const code = await issueCode(a, FAMILY.id);
    const bound = await telegram('family', { choice: choiceId(refused, '我有核对码') });
    expect(textOf(bound)).toContain('10 位核对码');
    expect(statusCard(await telegram('family', code))).toBe(true);
    expect(a.store.bindings.get('telegram', 'family')).toMatchObject({ kind: 'household', targetId: FAMILY.id });
  });

  it.each([
    ['as the whole message at the main menu', (code: string) => [code]],
    ['after 核对码 in the message', (code: string) => [`核对码：${code.slice(0, 5)} ${code.slice(5)}`]],
    ['at the name question of the verification form', (code: string) => ['查询我家帮扶情况', code]],
  ])('accept the code %s', async (_how, messages) => {
    const { a, telegram } = await setup();
    const code = await issueCode(a, FAMILY.name);
    let last: Reply[] = [];
    for (const text of messages(code)) last = await telegram('family', text);
    expect(statusCard(last)).toBe(true);
  });

  it('work once, and a newer code voids the older one', async () => {
    const { a, telegram } = await setup();
    const first = await issueCode(a, FAMILY.id);
    const second = await issueCode(a, FAMILY.id);
    expect(textOf(await telegram('one', first))).toContain('核对码不对');
    expect(statusCard(await telegram('two', second))).toBe(true);
    expect(textOf(await telegram('three', second))).toContain('核对码不对');
    expect(a.store.bindings.get('telegram', 'three')).toBeUndefined();
  });

  it('expire after 3 days', async () => {
    const { a, time, telegram } = await setup();
    const code = await issueCode(a, FAMILY.id);
    time.advance(3 * 24 * 3600_000 + 1);
    expect(textOf(await telegram('late', code))).toContain('核对码不对');
  });

  it('stop working when the cadre is revoked', async () => {
    const { a, time, telegram } = await setup();
    const code = await issueCode(a, FAMILY.id);
    const cadre = a.store.cadres.get('C1');
    if (!cadre) throw new Error('no cadre');
    await a.store.cadres.put({ ...cadre, status: 'revoked', updatedAt: time.now().toISOString() });
    expect(textOf(await telegram('family', code))).toContain('核对码不对');
    expect(a.store.bindings.get('telegram', 'family')).toBeUndefined();
  });

  it("are given only for the cadre's own households, and only to cadres", async () => {
    const { a } = await setup();
    const menu = await a.chat('cadre', '菜单');
    await a.chat('cadre', { choice: choiceId(menu, '给农户核对码') });
    expect(textOf(await a.chat('cadre', 'H200'))).toContain('没有找到');
    expect(textOf(await a.chat('cadre', '赵四'))).toContain('没有找到');
    expect(textOf(await a.chat('guest', { choice: 'hhcode.start' }))).toMatch(/过期|只有绑定的帮扶干部/);
  });

  it('limit code guesses per client address, apart from the name allowance, and keep only a hash', async () => {
    const { a } = await setup();
    const code = await issueCode(a, FAMILY.id);
    const guess = (userId: string, text: string) =>
      a.server.inject({ method: 'POST', url: '/api/chat', remoteAddress: '203.0.113.5', payload: { userId, text } });
    const answers: string[] = [];
    for (let i = 0; i < CODE_LIMIT.free + 3; i += 1) answers.push(textOf((await guess(`g-${i}`, String(1000000000 + i))).json().replies));
    expect(answers.filter((t) => t.includes('核对码不对'))).toHaveLength(CODE_LIMIT.free);
    expect(answers.slice(CODE_LIMIT.free).every((t) => t.includes('次数太多'))).toBe(true);
    expect(textOf((await guess('g-right', code)).json().replies)).toContain('次数太多');
    // The code's guesses did not use up the address's name + ID tail tries.
    await guess('g-name', '查询我家帮扶情况');
    await guess('g-name', FAMILY.name);
    expect(textOf((await guess('g-name', FAMILY.tail)).json().replies)).toContain('核对成功');
    const files = await readdir(a.dataDir);
    for (const file of files.filter((f) => f.startsWith('household-codes')))
      expect(await readFile(join(a.dataDir, file), 'utf8')).not.toContain(code);
  });
});
