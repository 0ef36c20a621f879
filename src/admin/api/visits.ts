import type { FastifyInstance } from 'fastify';
import { coverage } from '../../visits/coverage.js';
import { needs } from '../auth/guard.js';
import type { AdminContext } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import { sendExport } from '../services/export-table.js';
import { listParams, pageOf, parseInput } from '../services/list-query.js';
import { coverageQuery, filterVisits, visitColumns, visitDetail, visitItem, visitQuery } from '../services/visits.js';

type ById = { Params: { id: string } };

/** Visit API: list / export, one visit, and coverage per village and per cadre. */
export function visitsApi(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/api/admin/visits', needs('visits.read'), async (request, reply) => {
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(visitQuery, request.query);
    const all = filterVisits(ctx.store, filters);
    if (paging.format) {
      await ctx.audit(request, { action: 'visit.export', detail: `${paging.format}，${all.length} 次，筛选 ${JSON.stringify(filters)}` });
      const rows = all.map((v) => visitDetail(ctx.store, v));
      return sendExport(reply, paging.format, 'visits', visitColumns, rows, ctx.now());
    }
    return {
      items: pageOf(all, paging).map((v) => visitItem(ctx.store, v)),
      total: all.length,
      page: paging.page,
      pageSize: paging.pageSize,
    };
  });

  app.get<ById>('/api/admin/visits/:id', needs('visits.read'), async (request) => {
    const visit = ctx.store.visits.get(request.params.id);
    if (!visit) throw new AdminError('找不到这次走访记录', 404);
    await ctx.audit(request, { action: 'visit.view', target: `visit:${visit.id}` });
    return visitDetail(ctx.store, visit);
  });

  app.get('/api/admin/coverage', needs('visits.read'), async (request) => {
    const { days } = parseInput(coverageQuery(ctx.visitOverdueDays), request.query);
    return coverage(ctx.store, ctx.now(), days);
  });
}
