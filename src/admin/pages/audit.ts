import type { FastifyInstance } from 'fastify';
import { auditQuery } from '../api/audit.js';
import { needs } from '../auth/guard.js';
import { type AdminContext, authOf } from '../context.js';
import { auditNames, auditTarget } from '../services/audit-names.js';
import { keepFilters, listParams, parseInput } from '../services/list-query.js';
import { AUDIT_PHRASES, actionLabel, auditRecord } from '../views/audit-record.js';
import { exportLinks, field, pager, select, table } from '../views/components.js';
import { html } from '../views/html.js';
import { layout, sendPage } from '../views/layout.js';

const ACTION_OPTIONS = Object.keys(AUDIT_PHRASES).map((value) => ({ value, label: actionLabel(value) }));

/** The audit log page (admin only): who did what to which item, and when, as a record people read. */
export function auditPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/audit', needs('audit.read'), async (request, reply) => {
    const auth = authOf(request);
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(auditQuery, request.query);
    const query = { ...filters, target: await auditTarget(ctx.store, filters.target) };
    const { items, total } = await ctx.store.audit.search({ ...query, page: paging.page, pageSize: paging.pageSize });
    const names = await auditNames(ctx.store, items);
    const rows = items.map((e) => {
      const r = auditRecord(e, names);
      return [r.at, r.who, r.what, r.ip];
    });
    const body = html`<form method="get" action="/admin/audit" class="filters card" role="search">
        ${field('用户名', html`<input type="search" name="username" value="${filters.username}">`)}
        ${field('操作', select('action', ACTION_OPTIONS, filters.action, '全部'))}
        ${field('对象', html`<input type="search" name="target" value="${filters.target}" placeholder="户编号或查询码">`)}
        <button type="submit">查询</button>
      </form>
      ${table(['时间', '人员', '记录', 'IP'], rows)}
      ${pager('/admin/audit', keepFilters(filters), paging.page, paging.pageSize, total)}
      ${exportLinks('/api/admin/audit', keepFilters(filters))}`;
    return sendPage(reply, layout({ title: '审计日志', auth, active: '/admin/audit', body }));
  });
}
