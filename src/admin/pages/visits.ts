import type { FastifyInstance } from 'fastify';
import { needs } from '../auth/guard.js';
import { type AdminContext, authOf } from '../context.js';
import { keepFilters, listParams, parseInput } from '../services/list-query.js';
import { visitFilter, visitFilterOptions, visitItems, visitQuery } from '../services/visits.js';
import { exportLinks, field, pager, plainOptions, select, table } from '../views/components.js';
import { html } from '../views/html.js';
import { layout, sendPage } from '../views/layout.js';

const PROBLEM_OPTIONS = [
  { value: 'true', label: '有不达标项' },
  { value: 'false', label: '全部达标' },
];

/** The visit list (走访记录): by cadre, village, date range and whether anything was 不达标, with export. */
export function visitListPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/visits', needs('visits.read'), async (request, reply) => {
    const auth = authOf(request);
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(visitQuery, request.query);
    const found = await ctx.store.visits.search({ ...visitFilter(filters), page: paging.page, pageSize: paging.pageSize });
    const { cadres, villages } = await visitFilterOptions(ctx.store);
    const query = keepFilters(filters);
    const rows = (await visitItems(ctx.store, found.items)).map((item) => {
      return [
        html`<a href="/admin/visits/${encodeURIComponent(item.id)}">${item.date}</a>`,
        item.cadreName,
        html`<a href="/admin/households/${encodeURIComponent(item.householdId)}">${item.householdId}</a> ${item.headName ?? ''}`,
        item.village,
        item.problemCount > 0 ? html`<span class="tag overdue">${item.problemCount} 项不达标</span>` : '全部达标',
        item.photoCount > 0 ? `${item.photoCount} 张` : '—',
        item.nextVisit,
      ];
    });
    const body = html`<form method="get" action="/admin/visits" class="filters card" role="search">
        ${field('帮扶责任人', select('cadreId', cadres, filters.cadreId, '全部'))}
        ${field('村', select('village', plainOptions(villages), filters.village, '全部村'))}
        ${field('从', html`<input type="date" name="from" value="${filters.from}">`)}
        ${field('到', html`<input type="date" name="to" value="${filters.to}">`)}
        ${field('两不愁三保障', select('hasProblems', PROBLEM_OPTIONS, query.hasProblems, '全部'))}
        <button type="submit">查询</button>
      </form>
      ${table(['走访日期', '帮扶责任人', '户', '村', '两不愁三保障', '照片', '下次走访'], rows)}
      ${pager('/admin/visits', query, paging.page, paging.pageSize, found.total)}
      ${exportLinks('/api/admin/visits', query)}`;
    return sendPage(reply, layout({ title: '走访记录', auth, active: '/admin/visits', body }));
  });
}
