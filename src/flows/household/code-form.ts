import type { FormDef, TurnContext } from '../../core/form/types.js';
import { type Reply, reply } from '../../model/reply.js';
import type { HouseholdFlowDeps } from './deps.js';
import { formatHouseholdCode, hashHouseholdCode, readHouseholdCode } from './household-code.js';
import { statusReplies } from './status.js';
import { tryAgainIn, type VerifyLimits } from './verify-limits.js';

const EXAMPLE = formatHouseholdCode('0478123956');
const MENU = { id: 'cmd:menu', label: '回主菜单' };

/** The reply while this requester's code tries are held back. */
export function codeLockedReply(contact: string, waitMs: number): Reply {
  return reply(`核对码输错的次数太多了，${tryAgainIn(waitMs)}。\n${contact}`, [MENU]);
}

/**
 * Redeems a household code the household's cadre gave: binds this chat user to the household when the code is valid,
 * unused, unexpired, and its cadre still active and still responsible for the household.
 */
export async function redeemHouseholdCode(deps: HouseholdFlowDeps, limits: VerifyLimits, code: string, ctx: TurnContext): Promise<Reply[]> {
  const { store } = deps;
  const counters = limits.codeTry(ctx.incoming);
  const wait = limits.wait(counters, ctx.now);
  if (wait > 0) return [codeLockedReply(deps.contact(ctx.identity), wait)];
  const redeemed = await store.householdCodes.redeem(hashHouseholdCode(deps.hasher, code), ctx.now);
  const household = redeemed && store.households.get(redeemed.id);
  const issuerStillServes = household !== undefined && store.cadres.forHousehold(household).some((c) => c.id === redeemed?.cadreId);
  if (!household || !issuerStillServes) {
    await limits.fail(counters, ctx.now);
    const left = limits.wait(counters, ctx.now);
    const later = left > 0 ? `为了防止别人乱试，${tryAgainIn(left)}。` : '';
    return [
      reply(`这个核对码不对，或者已经用过、过期了。请核对后再发一次，或请帮扶干部重新给一个。${later}`, [
        { id: 'household.code', label: '再输一次' },
        { id: 'cmd:human', label: '找人帮忙' },
        MENU,
      ]),
    ];
  }
  const { channel, userId } = ctx.incoming;
  await store.bindings.bind({ id: `${channel}:${userId}`, kind: 'household', targetId: household.id, boundAt: ctx.now.toISOString() });
  return statusReplies(deps, household.id, ctx.now, '核对成功！以后直接点"查询我家帮扶情况"就能看。\n\n');
}

/** 核对码: a household types the one-time code its cadre gave it. */
export function codeForm(deps: HouseholdFlowDeps, limits: VerifyLimits): FormDef {
  return {
    id: 'household-code',
    title: '用核对码核对',
    confirm: false,
    fields: [
      {
        key: 'code',
        label: '核对码',
        prompt: '请输入帮扶干部给您的 10 位核对码：',
        parse: ({ text }) => {
          const code = readHouseholdCode(text);
          return code ? { ok: true, value: code, shown: '**********' } : { ok: false, reason: `核对码是 10 位数字，比如：${EXAMPLE}。` };
        },
        example: EXAMPLE,
      },
    ],
    submit: (answers, ctx) => redeemHouseholdCode(deps, limits, String(answers.code), ctx),
  };
}
