import type { FastifyInstance } from 'fastify';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES } from '../../model/complaint.js';
import { needs } from '../auth/guard.js';
import { type AdminContext, authOf } from '../context.js';
import { complaintItem, complaintQuery, complaintTownships, filterComplaints } from '../services/complaints.js';
import { keepFilters, listParams, pageOf, parseInput } from '../services/list-query.js';
import { overdueBadge, reopenedBadge, statusTag } from '../views/badges.js';
import { exportLinks, field, pager, plainOptions, select, table } from '../views/components.js';
import { dateTime } from '../views/format.js';
import { html } from '../views/html.js';
import { layout, sendPage } from '../views/layout.js';
import { doneNotice, queryOf } from './form.js';

const STATUS_OPTIONS = Object.entries(COMPLAINT_STATUSES).map(([value, label]) => ({ value, label }));
const CATEGORY_OPTIONS = plainOptions(COMPLAINT_CATEGORIES);
const OVERDUE_OPTIONS = [
  { value: 'true', label: '仅逾期' },
  { value: 'false', label: '未逾期' },
];
const DONE = { handed: '已办理。这条问题已交给其他承办单位，您的列表里不再显示。' };

/** The complaint ledger (问题台账): filters, overdue and reopened markers, paging, export of the filtered list. */
export function complaintListPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/complaints', needs('complaints.read'), async (request, reply) => {
    const auth = authOf(request);
    const now = ctx.now();
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(complaintQuery, request.query);
    const all = filterComplaints(ctx.store, auth.user, filters, now);
    const townships = complaintTownships(ctx.store, filterComplaints(ctx.store, auth.user, {}, now));
    const query = keepFilters(filters);
    const rows = pageOf(all, paging).map((c) => {
      const item = complaintItem(c, now);
      return [
        html`<a href="/admin/complaints/${encodeURIComponent(item.id)}">${item.trackingCode}</a>`,
        item.category,
        `${item.township} ${item.village}`,
        html`${statusTag(item.status, item.statusName)} ${reopenedBadge(item.reopenCount)}`,
        item.assignee ?? '—',
        html`${item.deadline ?? '—'} ${overdueBadge(item.overdue)}`,
        html`${item.anonymous ? '匿名' : '实名'}${item.sensitive ? html` <span class="tag sensitive" title="反映干部作风或具体人员，仅监督员和管理员可见">敏感</span>` : ''}`,
        dateTime(item.createdAt),
      ];
    });
    const body = html`<form method="get" action="/admin/complaints" class="filters card" role="search">
        ${field('查询码 / 村', html`<input type="search" name="q" value="${filters.q}" placeholder="如 K7PX3MWQ">`)}
        ${field('状态', select('status', STATUS_OPTIONS, filters.status, '全部状态'))}
        ${field('问题类别', select('category', CATEGORY_OPTIONS, filters.category, '全部类别'))}
        ${field('乡镇', select('township', plainOptions(townships), filters.township, '全部乡镇'))}
        ${field('是否逾期', select('overdue', OVERDUE_OPTIONS, query.overdue, '全部'))}
        <button type="submit">查询</button>
      </form>
      ${table(['查询码', '问题类别', '乡镇 / 村', '状态', '承办单位', '办结期限', '反映方式', '登记时间'], rows)}
      ${pager('/admin/complaints', query, paging.page, paging.pageSize, all.length)}
      ${exportLinks('/api/admin/complaints', query)}`;
    const notice = doneNotice(DONE, queryOf(request).done);
    return sendPage(reply, layout({ title: '问题台账', auth, active: '/admin/complaints', notice, body }));
  });
}
