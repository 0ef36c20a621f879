import type { FastifyInstance } from 'fastify';
import { type CoverageRow, coverage } from '../../visits/coverage.js';
import { needs } from '../auth/guard.js';
import { type AdminContext, authOf } from '../context.js';
import { parseInput } from '../services/list-query.js';
import { coverageQuery } from '../services/visits.js';
import { field, table } from '../views/components.js';
import { percent } from '../views/format.js';
import { type HtmlValue, html, type SafeHtml } from '../views/html.js';
import { layout, sendPage } from '../views/layout.js';

const SHOWN = 30;

function overdueList(heads: Map<string, string>, ids: string[]): HtmlValue {
  if (ids.length === 0) return '—';
  const link = (id: string) => {
    const head = heads.get(id);
    return html`<a href="/admin/households/${encodeURIComponent(id)}">${id}${head ? ` ${head}` : ''}</a>`;
  };
  const list = html`<ul class="ids">${ids.slice(0, SHOWN).map((id) => html`<li>${link(id)}</li>`)}${
    ids.length > SHOWN && html`<li>…… 另有 ${ids.length - SHOWN} 户</li>`
  }</ul>`;
  return html`<details><summary>${ids.length} 户</summary>${list}</details>`;
}

function coverageTable(heads: Map<string, string>, first: string, rows: CoverageRow[]): SafeHtml {
  return table(
    [first, '已走访 / 应走访（户）', '覆盖率', '未按时走访的户'],
    rows.map((r) => [
      r.name,
      `${r.visited} / ${r.assigned}`,
      html`<span class="${r.rate < 1 ? 'rate low' : 'rate'}">${percent(r.rate)}</span>`,
      overdueList(heads, r.overdue),
    ]),
    '还没有数据（先导入名册、登记帮扶责任人）。',
  );
}

/** Visit coverage per village and per cadre within N days (default VISIT_OVERDUE_DAYS), with the households overdue. */
export function coveragePages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/coverage', needs('visits.read'), async (request, reply) => {
    const auth = authOf(request);
    const { days } = parseInput(coverageQuery(ctx.visitOverdueDays), request.query);
    const data = await coverage(ctx.store, ctx.now(), days);
    // Only the households the page lists get their head's name looked up.
    const shown = [...data.byVillage, ...data.byCadre].flatMap((r) => r.overdue.slice(0, SHOWN));
    const heads = new Map((await ctx.store.households.getMany(shown)).map((h) => [h.id, h.headName]));
    const body = html`<form method="get" action="/admin/coverage" class="filters card" role="search">
        ${field('统计近多少天', html`<input type="number" name="days" value="${days}" min="1" max="365" required>`)}
        <button type="submit">统计</button>
      </form>
      <p class="muted">近 ${days} 天内至少走访过一次的户算“已走访”；覆盖率最低的排在前面。</p>
      <section class="card"><h2>按村</h2>${coverageTable(heads, '乡镇 / 村', data.byVillage)}</section>
      <section class="card"><h2>按帮扶责任人</h2>${coverageTable(heads, '帮扶责任人', data.byCadre)}</section>`;
    return sendPage(reply, layout({ title: '走访覆盖', auth, active: '/admin/coverage', body }));
  });
}
