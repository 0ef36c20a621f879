import type { FastifyInstance } from 'fastify';
import { auditQuery } from '../api/audit.js';
import { needs } from '../auth/guard.js';
import { type AdminContext, authOf } from '../context.js';
import { keepFilters, listParams, parseInput } from '../services/list-query.js';
import { exportLinks, field, pager, table } from '../views/components.js';
import { html } from '../views/html.js';
import { layout, sendPage } from '../views/layout.js';

/** What audit actions mean, for people. */
export const ACTION_LABELS: Record<string, string> = {
  login: '登录',
  'login.failed': '登录失败',
  logout: '退出',
  'account.password': '修改本人密码',
  'household.view': '查看农户详情',
  'household.export': '导出农户',
  'households.import': '导入名册',
  'cadre.create': '新增帮扶责任人',
  'cadre.code': '生成绑定码',
  'cadre.revoke': '停用帮扶责任人',
  'cadre.export': '导出帮扶责任人',
  'staff.create': '新增工作人员',
  'staff.disable': '停用工作人员',
  'staff.enable': '恢复工作人员',
  'staff.reset-password': '重置密码',
  'staff.export': '导出工作人员',
  'audit.export': '导出审计日志',
  'complaint.view': '查看问题详情',
  'complaint.photo': '查看问题照片',
  'complaint.transition': '办理问题',
  'complaint.export': '导出问题台账',
  'application.view': '查看防返贫申报',
  'application.transition': '办理防返贫申报',
  'application.export': '导出防返贫申报',
  'visit.view': '查看走访记录',
  'visit.photo': '查看走访照片',
  'visit.export': '导出走访记录',
};

/** The audit log page (admin only): who did what, when, to which record. */
export function auditPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/audit', needs('audit.read'), async (request, reply) => {
    const auth = authOf(request);
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(auditQuery, request.query);
    const { items, total } = ctx.store.audit.search({ ...filters, page: paging.page, pageSize: paging.pageSize });
    const rows = items.map((e) => [
      new Date(e.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
      e.username || '—',
      ACTION_LABELS[e.action] ?? e.action,
      e.target ?? '',
      e.detail ?? '',
      e.ip,
    ]);
    const body = html`<form method="get" action="/admin/audit" class="filters card" role="search">
        ${field('用户名', html`<input type="search" name="username" value="${filters.username}">`)}
        ${field('操作', html`<input type="search" name="action" value="${filters.action}" placeholder="如 household.view">`)}
        ${field('对象', html`<input type="search" name="target" value="${filters.target}" placeholder="如 household:H0001">`)}
        <button type="submit">查询</button>
      </form>
      ${table(['时间', '用户', '操作', '对象', '说明', 'IP'], rows)}
      ${pager('/admin/audit', keepFilters(filters), paging.page, paging.pageSize, total)}
      ${exportLinks('/api/admin/audit', keepFilters(filters))}`;
    return sendPage(reply, layout({ title: '审计日志', auth, active: '/admin/audit', body }));
  });
}
