import type { Flow } from '../../core/flow.js';
import { say } from '../../core/outcome.js';
import { reply } from '../../model/reply.js';
import { codeForm, codeLockedReply, redeemHouseholdCode } from './code-form.js';
import type { HouseholdFlowDeps } from './deps.js';
import { codeInMessage, readHouseholdCode } from './household-code.js';
import { paymentReplies, statusReplies } from './status.js';
import { lockedReply, requesterWait, verifyForm } from './verify.js';
import { VerifyLimits } from './verify-limits.js';

const NOT_BOUND = reply('请先核对身份，才能查看您家的信息。', [{ id: 'household.start', label: '核对身份' }]);

/** 查询我家帮扶情况: verify as a household member, then see the household's private aid status. */
export function householdFlow(deps: HouseholdFlowDeps): Flow {
  const limits = new VerifyLimits(deps.store.attempts);
  const boundHousehold = (identity: { kind: string; householdId?: string }) =>
    identity.kind === 'household' ? identity.householdId : undefined;
  return {
    id: 'household',
    menu: { label: '查询我家帮扶情况', order: 20, audiences: ['guest', 'household'] },
    // Only the explicit request (or a 核对码); questions about one's own household (我家的钱到了没) are routed by the intent step.
    triggers: /^(查询|查一下|查下|查查|查看|看一下|看看)(我家|我们家|自家)|核对码/,
    start: async (ctx) => {
      const householdId = boundHousehold(ctx.identity);
      if (householdId) return say(...statusReplies(deps, householdId, ctx.now));
      const code = codeInMessage(ctx.incoming.text ?? '');
      if (code) return say(...(await redeemHouseholdCode(deps, limits, code, ctx)));
      const wait = requesterWait(limits, ctx);
      if (wait > 0) return say(lockedReply(deps.contact(ctx.identity), wait));
      return { replies: [], startForm: 'household-verify' };
    },
    actions: {
      code: (ctx) => {
        const wait = limits.wait(limits.codeTry(ctx.incoming), ctx.now);
        if (wait > 0) return say(codeLockedReply(deps.contact(ctx.identity), wait));
        return { replies: [], startForm: 'household-code' };
      },
      payments: (ctx, arg) => {
        const householdId = boundHousehold(ctx.identity);
        return say(householdId ? (paymentReplies(deps, householdId, Math.max(0, Number(arg) || 0))[0] ?? NOT_BOUND) : NOT_BOUND);
      },
      cadre: (ctx) =>
        say(
          reply(deps.contact(ctx.identity), [
            { id: 'household.start', label: '返回我家情况' },
            { id: 'cmd:menu', label: '菜单' },
          ]),
        ),
      unbind: (ctx) => {
        if (!boundHousehold(ctx.identity)) return say(reply('您还没有绑定家庭。', [{ id: 'cmd:menu', label: '菜单' }]));
        return say(
          reply('解除后，这个账号就不能再查看您家的信息，需要时可以重新核对。确定解除吗？', [
            { id: 'household.unbindConfirmed', label: '确定解除' },
            { id: 'household.start', label: '不解除' },
          ]),
        );
      },
      unbindConfirmed: async (ctx) => {
        await deps.store.bindings.unbind(ctx.incoming.channel, ctx.incoming.userId);
        return { replies: [reply('已经解除绑定。')], showMenu: true };
      },
    },
    // A guest who sends just the ten digits the cadre gave them.
    fallback: async (text, ctx) => {
      const code = ctx.identity.kind === 'guest' ? readHouseholdCode(text) : undefined;
      return code ? say(...(await redeemHouseholdCode(deps, limits, code, ctx))) : undefined;
    },
    forms: [verifyForm(deps, limits), codeForm(deps, limits)],
  };
}
