import type { Flow } from '../../core/flow.js';
import type { TurnContext } from '../../core/form/types.js';
import { say } from '../../core/outcome.js';
import type { Cadre } from '../../model/cadre.js';
import { type Choice, reply } from '../../model/reply.js';
import { type HouseholdDue, householdsDue } from '../../visits/coverage.js';
import type { FlowDeps } from '../deps.js';

const PAGE = 8;
const MENU: Choice = { id: 'cmd:menu', label: '菜单' };

/** One line about a household on a cadre's list. */
export function dueLine(row: HouseholdDue): string {
  const h = row.household;
  const last = row.lastVisit ? `上次走访 ${row.lastVisit}（${row.daysSince}天前）` : '还没有走访记录';
  return `${h.id} ${h.headName}｜${h.village}｜${h.card ?? '未分类'}｜${last}`;
}

/** The cadre bound to this chat user, if any. */
export function boundCadre(deps: FlowDeps, ctx: TurnContext): Cadre | undefined {
  return ctx.identity.kind === 'cadre' ? deps.store.cadres.get(ctx.identity.cadreId) : undefined;
}

function listing(deps: FlowDeps, ctx: TurnContext, onlyOverdue: boolean, page: number, flowId: string) {
  const cadre = boundCadre(deps, ctx);
  if (cadre?.status !== 'active') return say(reply('这个功能只有绑定的帮扶干部能用。', [MENU]));
  const days = deps.config.VISIT_OVERDUE_DAYS;
  const all = householdsDue(deps.store, cadre, ctx.now, days);
  const rows = onlyOverdue ? all.filter((r) => r.overdue) : all;
  if (rows.length === 0) {
    return say(
      reply(onlyOverdue ? `很好！您负责的 ${all.length} 户都在 ${days} 天内走访过。` : '您名下还没有分配帮扶户，请联系县里工作人员。', [
        MENU,
      ]),
    );
  }
  const shown = rows.slice(page * PAGE, (page + 1) * PAGE);
  const title = onlyOverdue ? `超过 ${days} 天没走访的有 ${rows.length} 户（最久的在前）：` : `您负责 ${rows.length} 户：`;
  const more = (page + 1) * PAGE < rows.length ? [{ id: `${flowId}.page:${page + 1}`, label: '下一页' }] : [];
  const text = `${title}\n${shown.map(dueLine).join('\n')}`;
  return say(reply(text, [{ id: 'visit.start', label: '走访登记' }, ...more, MENU]));
}

/** 我的帮扶户: the cadre's assigned households with their last visit. */
export function myHouseholdsFlow(deps: FlowDeps): Flow {
  return {
    id: 'myhouseholds',
    menu: { label: '我的帮扶户', order: 6, audiences: ['cadre'] },
    triggers: /^我的帮扶户|^帮扶户$/,
    start: (ctx) => listing(deps, ctx, false, 0, 'myhouseholds'),
    actions: { page: (ctx, arg) => listing(deps, ctx, false, Number(arg) || 0, 'myhouseholds') },
  };
}

/** 待走访: the cadre's households not visited within the configured days, most overdue first. */
export function overdueFlow(deps: FlowDeps): Flow {
  return {
    id: 'overdue',
    menu: { label: '待走访', order: 7, audiences: ['cadre'] },
    triggers: /^待走访|该走访|没走访/,
    start: (ctx) => listing(deps, ctx, true, 0, 'overdue'),
    actions: { page: (ctx, arg) => listing(deps, ctx, true, Number(arg) || 0, 'overdue') },
  };
}
