import type { Flow } from '../../core/flow.js';
import type { TurnContext } from '../../core/form/types.js';
import { say } from '../../core/outcome.js';
import { halfWidth } from '../../core/text.js';
import type { Household } from '../../model/household.js';
import { reply } from '../../model/reply.js';
import { type Hasher, normaliseName } from '../../privacy/keyed-hash.js';
import type { FlowDeps } from '../deps.js';
import { formatHouseholdCode, generateHouseholdCode, HOUSEHOLD_CODE_DAYS, hashHouseholdCode } from '../household/household-code.js';
import { boundCadre } from './households.js';

const MENU = { id: 'cmd:menu', label: '菜单' };
const ONLY_CADRES = reply('这个功能只有绑定的帮扶干部能用。', [MENU]);

/** 给农户核对码: a cadre gets a one-time code for one of their households, to pass on in person or by phone. */
export function householdCodeFlow(deps: FlowDeps & { hasher: Hasher }): Flow {
  const { store } = deps;
  const myHouseholds = (ctx: TurnContext): Household[] | undefined => {
    const cadre = boundCadre(deps, ctx);
    return cadre?.status === 'active' ? store.cadres.assignedHouseholds(cadre, store.households.all()) : undefined;
  };
  return {
    id: 'hhcode',
    menu: { label: '给农户核对码', order: 8, audiences: ['cadre'] },
    triggers: /核对码/,
    start: (ctx) => (myHouseholds(ctx) ? { replies: [], startForm: 'household-code-issue' } : say(ONLY_CADRES)),
    forms: [
      {
        id: 'household-code-issue',
        title: '农户核对码',
        fields: [
          {
            key: 'household',
            label: '帮扶户',
            prompt:
              '农户自己核对不上（比如别人乱试，姓名被暂时锁住）时，您可以给他家一个一次性核对码。\n给哪一户？请输入户编号或户主姓名：',
            parse: ({ text }, _answers, ctx) => {
              const mine = myHouseholds(ctx) ?? [];
              const id = halfWidth(text).toUpperCase();
              const name = normaliseName(text);
              const found = mine.filter((h) => h.id.toUpperCase() === id || h.headName === name);
              const [only] = found;
              if (found.length === 1 && only) return { ok: true, value: only.id, shown: `${only.id} ${only.headName}（${only.village}）` };
              if (found.length > 1)
                return { ok: false, reason: `有 ${found.length} 户户主叫${name}，请改输户编号：${found.map((h) => h.id).join('、')}` };
              return { ok: false, reason: `您负责的户里没有找到「${text.slice(0, 20)}」。户编号在"我的帮扶户"里能看到。` };
            },
            example: 'H001 或 张大山',
          },
        ],
        submit: async (answers, ctx) => {
          const cadre = boundCadre(deps, ctx);
          const household = myHouseholds(ctx)?.find((h) => h.id === answers.household);
          if (!cadre || !household) return [ONLY_CADRES];
          const code = generateHouseholdCode();
          const expires = new Date(ctx.now.getTime() + HOUSEHOLD_CODE_DAYS * 24 * 3600_000);
          await store.householdCodes.issue({
            id: household.id,
            codeHash: hashHouseholdCode(deps.hasher, code),
            cadreId: cadre.id,
            issuedAt: ctx.now.toISOString(),
            expiresAt: expires.toISOString(),
          });
          const text = [
            `农户核对码：${formatHouseholdCode(code)}`,
            `给 ${household.headName} 家（${household.id}）用，${HOUSEHOLD_CODE_DAYS} 天内有效，只能用一次；再生成一次，这个码就作废。`,
            '请当面或打电话告诉他家：在"查询我家帮扶情况"里发这 10 位数字，就能查看。不要发到群里。',
          ].join('\n');
          return [reply(text, [MENU])];
        },
      },
    ],
  };
}
