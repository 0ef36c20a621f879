import type { FastifyInstance } from 'fastify';
import { APPLICATION_STATUSES } from '../../model/application.js';
import { needs } from '../auth/guard.js';
import { type AdminContext, authOf } from '../context.js';
import { applicationItem, applicationQuery, filterApplications } from '../services/applications.js';
import { keepFilters, listParams, pageOf, parseInput } from '../services/list-query.js';
import { overdueBadge, statusTag } from '../views/badges.js';
import { exportLinks, field, pager, plainOptions, select, table } from '../views/components.js';
import { dateTime } from '../views/format.js';
import { html } from '../views/html.js';
import { layout, sendPage } from '../views/layout.js';

const STATUS_OPTIONS = Object.entries(APPLICATION_STATUSES).map(([value, label]) => ({ value, label }));
const OVERDUE_OPTIONS = [
  { value: 'true', label: '仅超期' },
  { value: 'false', label: '未超期' },
];
const OVERDUE_TITLE = '已超过入户核查或认定期限';

/** The hardship application list (防返贫申报) with status and overdue filters, paging and export. */
export function applicationListPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/applications', needs('applications.read'), async (request, reply) => {
    const auth = authOf(request);
    const now = ctx.now();
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(applicationQuery, request.query);
    const all = filterApplications(ctx.store, filters, now);
    const query = keepFilters(filters);
    const townships = plainOptions(ctx.store.households.townships());
    const rows = pageOf(all, paging).map((a) => {
      const item = applicationItem(ctx.store, a, now);
      return [
        html`<a href="/admin/applications/${encodeURIComponent(item.id)}">${item.trackingCode}</a>`,
        item.applicantName ?? '—',
        `${item.township} ${item.village}`,
        item.event,
        statusTag(item.status, item.statusName),
        item.assigneeName ?? '—',
        html`${item.deadline ?? '—'} ${overdueBadge(item.overdue, OVERDUE_TITLE)}`,
        dateTime(item.createdAt),
      ];
    });
    const body = html`<form method="get" action="/admin/applications" class="filters card" role="search">
        ${field('查询码 / 村', html`<input type="search" name="q" value="${filters.q}">`)}
        ${field('状态', select('status', STATUS_OPTIONS, filters.status, '全部状态'))}
        ${field('乡镇', select('township', townships, filters.township, '全部乡镇'))}
        ${field('是否超期', select('overdue', OVERDUE_OPTIONS, query.overdue, '全部'))}
        <button type="submit">查询</button>
      </form>
      ${table(['查询码', '申报人', '乡镇 / 村', '困难类型', '状态', '核查人', '当前期限', '申报时间'], rows)}
      ${pager('/admin/applications', query, paging.page, paging.pageSize, all.length)}
      ${exportLinks('/api/admin/applications', query)}`;
    return sendPage(reply, layout({ title: '防返贫申报', auth, active: '/admin/applications', body }));
  });
}
