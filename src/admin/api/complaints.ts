import type { FastifyInstance } from 'fastify';
import { needs } from '../auth/guard.js';
import { type AdminContext, authOf } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import {
  complaintColumns,
  complaintDetail,
  complaintFilter,
  complaintItem,
  complaintQuery,
  visibleComplaint,
} from '../services/complaints.js';
import { sendExport } from '../services/export-table.js';
import { listParams, parseInput } from '../services/list-query.js';
import { complaintTransitionInput, transitionComplaint } from '../services/transitions.js';

type ById = { Params: { id: string } };

/** Complaint ledger API: list / export (only what the user may see), one complaint, a status transition. */
export function complaintsApi(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/api/admin/complaints', needs('complaints.read'), async (request, reply) => {
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(complaintQuery, request.query);
    const now = ctx.now();
    const filter = complaintFilter(authOf(request).user, filters, now);
    if (paging.format) {
      const all = await ctx.store.complaints.list(filter);
      await ctx.audit(request, {
        action: 'complaint.export',
        detail: `${paging.format}，${all.length} 条，筛选 ${JSON.stringify(filters)}`,
      });
      return sendExport(
        reply,
        paging.format,
        'complaints',
        complaintColumns,
        all.map((c) => complaintDetail(c, now)),
        now,
      );
    }
    const found = await ctx.store.complaints.search({ ...filter, page: paging.page, pageSize: paging.pageSize });
    return {
      items: found.items.map((c) => complaintItem(c, now)),
      total: found.total,
      page: paging.page,
      pageSize: paging.pageSize,
    };
  });

  app.get<ById>('/api/admin/complaints/:id', needs('complaints.read'), async (request) => {
    const complaint = await visibleComplaint(ctx.store, authOf(request).user, request.params.id);
    if (!complaint) throw new AdminError('找不到这条问题记录（或您没有查看权限）', 404);
    await ctx.audit(request, { action: 'complaint.view', target: `complaint:${complaint.id}` });
    return complaintDetail(complaint, ctx.now());
  });

  app.post<ById>('/api/admin/complaints/:id/transition', needs('complaints.work'), async (request) => {
    const input = parseInput(complaintTransitionInput, request.body);
    const complaint = await transitionComplaint(ctx, request, request.params.id, input);
    return complaintDetail(complaint, ctx.now());
  });
}
