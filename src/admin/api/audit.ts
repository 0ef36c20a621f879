import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { needs } from '../auth/guard.js';
import type { AdminContext } from '../context.js';
import { auditNames, auditTarget } from '../services/audit-names.js';
import { type Column, sendExport } from '../services/export-table.js';
import { filterText, listParams, parseInput } from '../services/list-query.js';
import { type AuditRecord, auditRecord } from '../views/audit-record.js';

/** Audit log filters: the username, an action (or its prefix) and the item (户编号 or a tracking code). */
export const auditQuery = z.object({ username: filterText(), action: filterText(), target: filterText(100) });

/** Columns of the audit export: the same record the page shows. */
export const auditColumns: Column<AuditRecord>[] = [
  { header: '时间', value: (r) => r.at },
  { header: '人员', value: (r) => r.who },
  { header: '记录', value: (r) => r.what },
  { header: 'IP', value: (r) => r.ip },
];

/** `GET /api/admin/audit` (admin only): newest first, filterable, exportable as readable records. */
export function auditApi(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/api/admin/audit', needs('audit.read'), async (request, reply) => {
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(auditQuery, request.query);
    const query = { ...filters, target: await auditTarget(ctx.store, filters.target) };
    if (paging.format) {
      const { items } = await ctx.store.audit.search({ ...query, page: 1, pageSize: Number.MAX_SAFE_INTEGER });
      await ctx.audit(request, { action: 'audit.export', detail: `${paging.format}，${items.length} 条` });
      const names = await auditNames(ctx.store, items);
      return sendExport(
        reply,
        paging.format,
        'audit',
        auditColumns,
        items.map((e) => auditRecord(e, names)),
        ctx.now(),
      );
    }
    const { items, total } = await ctx.store.audit.search({ ...query, page: paging.page, pageSize: paging.pageSize });
    return { items, total, page: paging.page, pageSize: paging.pageSize };
  });
}
