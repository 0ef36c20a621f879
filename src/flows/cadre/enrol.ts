import { hashEnrolmentCode, looksLikeEnrolmentCode, normaliseEnrolmentCode } from '../../core/enrolment-code.js';
import type { Flow } from '../../core/flow.js';
import type { TurnContext } from '../../core/form/types.js';
import { type Outcome, say } from '../../core/outcome.js';
import { reply } from '../../model/reply.js';
import { householdsDue } from '../../visits/coverage.js';
import type { FlowDeps } from '../deps.js';

const DAY_MS = 24 * 3600_000;
const MAX_FAILURES = 5;
const MENU = { id: 'cmd:menu', label: '菜单' };
const key = (ctx: TurnContext) => `enrol:user:${ctx.incoming.channel}:${ctx.incoming.userId}`;

/** 干部绑定: a cadre sends the one-time enrolment code from the dashboard and is bound as that cadre. */
export function enrolFlow(deps: FlowDeps): Flow {
  const { store } = deps;
  const locked = (ctx: TurnContext) => store.attempts.failuresSince(key(ctx), new Date(ctx.now.getTime() - DAY_MS)) >= MAX_FAILURES;
  const redeem = async (code: string, ctx: TurnContext): Promise<Outcome> => {
    if (locked(ctx)) return say(reply('绑定码错误次数太多，请明天再试，或请县里工作人员重新生成绑定码。', [MENU]));
    const cadre = await store.cadres.redeemCode(hashEnrolmentCode(code), ctx.now);
    if (!cadre) {
      await store.attempts.recordFailure([key(ctx)], ctx.now);
      return say(reply('这个绑定码不对，或者已经用过、过期了。请核对后再发一次，或请县里工作人员重新生成。', [MENU]));
    }
    const { channel, userId } = ctx.incoming;
    await store.bindings.bind({ id: `${channel}:${userId}`, kind: 'cadre', targetId: cadre.id, boundAt: ctx.now.toISOString() });
    const count = householdsDue(store, cadre, ctx.now, deps.config.VISIT_OVERDUE_DAYS).length;
    return {
      replies: [reply(`绑定成功！您好，${cadre.name}，您负责 ${count} 户。菜单里多了"走访登记""我的帮扶户""待走访""给农户核对码"。`)],
      showMenu: true,
    };
  };
  return {
    id: 'enrol',
    triggers: /^(干部|帮扶干部)?绑定/,
    start: (ctx) => {
      const code = /[A-Za-z0-9０-９Ａ-Ｚａ-ｚ\s-]{8,12}$/.exec(ctx.incoming.text ?? '')?.[0];
      if (code && looksLikeEnrolmentCode(code)) return redeem(normaliseEnrolmentCode(code), ctx);
      return { replies: [], startForm: 'cadre-enrol' };
    },
    fallback: (text, ctx) => (looksLikeEnrolmentCode(text) ? redeem(normaliseEnrolmentCode(text), ctx) : undefined),
    forms: [
      {
        id: 'cadre-enrol',
        title: '干部绑定',
        confirm: false,
        fields: [
          {
            key: 'code',
            label: '绑定码',
            prompt: '请输入县里给您的 8 位绑定码：',
            parse: ({ text }) =>
              looksLikeEnrolmentCode(text)
                ? { ok: true, value: normaliseEnrolmentCode(text) }
                : { ok: false, reason: '绑定码是 8 位字母和数字。' },
            example: 'K7PX3MWQ',
          },
        ],
        submit: async (answers, ctx) => {
          const outcome = await redeem(String(answers.code), ctx);
          return outcome.showMenu ? [...outcome.replies, reply('回复"菜单"看看新功能。', [MENU])] : outcome.replies;
        },
      },
    ],
  };
}
