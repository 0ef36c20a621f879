import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuditEntry } from '../../model/audit.js';
import { needs } from '../auth/guard.js';
import type { AdminContext } from '../context.js';
import { type Column, sendExport } from '../services/export-table.js';
import { filterText, listParams, parseInput } from '../services/list-query.js';

/** Audit log filters. */
export const auditQuery = z.object({ username: filterText(), action: filterText(), target: filterText(100) });

/** Columns of the audit export. */
export const auditColumns: Column<AuditEntry>[] = [
  { header: '时间', value: (e) => e.at },
  { header: '用户名', value: (e) => e.username },
  { header: '操作', value: (e) => e.action },
  { header: '对象', value: (e) => e.target },
  { header: '说明', value: (e) => e.detail },
  { header: 'IP', value: (e) => e.ip },
];

/** `GET /api/admin/audit` (admin only): newest first, filterable, exportable. */
export function auditApi(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/api/admin/audit', needs('audit.read'), async (request, reply) => {
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(auditQuery, request.query);
    if (paging.format) {
      const { items } = ctx.store.audit.search({ ...filters, page: 1, pageSize: Number.MAX_SAFE_INTEGER });
      await ctx.audit(request, { action: 'audit.export', detail: `${paging.format}，${items.length} 条` });
      return sendExport(reply, paging.format, 'audit', auditColumns, items, ctx.now());
    }
    const { items, total } = ctx.store.audit.search({ ...filters, page: paging.page, pageSize: paging.pageSize });
    return { items, total, page: paging.page, pageSize: paging.pageSize };
  });
}
