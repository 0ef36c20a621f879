import type { FormDef, TurnContext } from '../../core/form/types.js';
import { halfWidth } from '../../core/text.js';
import { type Reply, reply } from '../../core/types.js';
import { normaliseName } from '../../privacy/keyed-hash.js';
import type { FlowDeps } from '../deps.js';
import type { HouseholdFlowDeps } from './deps.js';
import { statusReplies } from './status.js';

const DAY_MS = 24 * 3600_000;
/** Failed tries allowed per chat user, and per household across all users, in 24 hours. */
export const LIMITS = { perUser: 5, perHousehold: 10 } as const;

const userKey = (ctx: TurnContext) => `verify:user:${ctx.incoming.channel}:${ctx.incoming.userId}`;
const houseKey = (householdId: string) => `verify:household:${householdId}`;

/** Whether this chat user has used up their tries for the day. */
export function userLocked(deps: FlowDeps, ctx: TurnContext): boolean {
  return deps.store.attempts.failuresSince(userKey(ctx), new Date(ctx.now.getTime() - DAY_MS)) >= LIMITS.perUser;
}

/** The reply for a locked-out user; it never says which household or which part was wrong. */
export function lockedReply(contact: string): Reply {
  return reply(`为了保护大家的信息，核对没通过的次数太多了，今天先不能再查。请明天再试，或者找人帮忙：\n${contact}`, [
    { id: 'cmd:menu', label: '回主菜单' },
  ]);
}

/** 户主/成员 name + last 6 ID characters → a binding of this chat user to the household. */
export function verifyForm(deps: HouseholdFlowDeps): FormDef {
  const { store, hasher } = deps;
  const households = (name: string) => [
    ...store.households.byHeadName(name).map((h) => h.id),
    ...store.members.byName(name).map((m) => m.householdId),
  ];
  return {
    id: 'household-verify',
    title: '核对身份',
    confirm: false,
    fields: [
      {
        key: 'name',
        label: '姓名',
        prompt: '为了保护您家的信息，先核对一下身份。\n请输入户主（或登记在册的家庭成员）的姓名：',
        parse: ({ text }) => {
          const name = normaliseName(text);
          return /^[\u4e00-\u9fa5·]{2,12}$/.test(name)
            ? { ok: true, value: name }
            : { ok: false, reason: '请输入中文姓名，比如：张大山。' };
        },
        example: '张大山',
      },
      {
        key: 'tail',
        label: '身份证号后6位',
        prompt: '请输入这个人身份证号的最后 6 位（最后一位是 X 的请打 X）：',
        parse: ({ text }) => {
          const tail = halfWidth(text).replace(/\s/g, '').toUpperCase();
          return /^\d{5}[\dX]$/.test(tail)
            ? { ok: true, value: tail, shown: '******' }
            : { ok: false, reason: '请输入 6 位，比如：123456 或 12345X。' };
        },
        example: '12345X',
      },
    ],
    submit: async (answers, ctx) => {
      const contact = deps.contact(ctx.identity);
      const name = String(answers.name);
      const since = new Date(ctx.now.getTime() - DAY_MS);
      const candidates = [...new Set(households(name))];
      const houseLocked = candidates.some((id) => store.attempts.failuresSince(houseKey(id), since) >= LIMITS.perHousehold);
      if (userLocked(deps, ctx) || houseLocked) return [lockedReply(contact)];
      const hash = await hasher.verifyHash(name, String(answers.tail));
      const match = store.households.byVerifyHash(hash)[0]?.id ?? store.members.byVerifyHash(hash)[0]?.householdId;
      if (!match) {
        await store.attempts.recordFailure([userKey(ctx), ...candidates.map(houseKey)], ctx.now);
        if (userLocked(deps, ctx)) return [lockedReply(contact)];
        const left = LIMITS.perUser - store.attempts.failuresSince(userKey(ctx), since);
        return [
          reply(`信息没有核对上。请检查姓名和身份证号后 6 位是否正确，今天还可以再试 ${left} 次。`, [
            { id: 'household.start', label: '再试一次' },
            { id: 'cmd:human', label: '找人帮忙' },
            { id: 'cmd:menu', label: '回主菜单' },
          ]),
        ];
      }
      const { channel, userId } = ctx.incoming;
      await store.bindings.bind({ id: `${channel}:${userId}`, kind: 'household', targetId: match, boundAt: ctx.now.toISOString() });
      return statusReplies(deps, match, ctx.now, '核对成功！以后直接点"查询我家帮扶情况"就能看。\n\n');
    },
  };
}
