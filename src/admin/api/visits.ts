import type { FastifyInstance } from 'fastify';
import { coverage } from '../../visits/coverage.js';
import { needs } from '../auth/guard.js';
import type { AdminContext } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import { sendExport } from '../services/export-table.js';
import { listParams, parseInput } from '../services/list-query.js';
import { coverageQuery, oneVisitDetail, visitColumns, visitDetails, visitFilter, visitItems, visitQuery } from '../services/visits.js';

type ById = { Params: { id: string } };

/** Visit API: list / export, one visit, and coverage per village and per cadre. */
export function visitsApi(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/api/admin/visits', needs('visits.read'), async (request, reply) => {
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(visitQuery, request.query);
    const filter = visitFilter(filters);
    if (paging.format) {
      const all = await ctx.store.visits.list(filter);
      await ctx.audit(request, { action: 'visit.export', detail: `${paging.format}，${all.length} 次，筛选 ${JSON.stringify(filters)}` });
      const rows = await visitDetails(ctx.store, all);
      return sendExport(reply, paging.format, 'visits', visitColumns, rows, ctx.now());
    }
    const found = await ctx.store.visits.search({ ...filter, page: paging.page, pageSize: paging.pageSize });
    return {
      items: await visitItems(ctx.store, found.items),
      total: found.total,
      page: paging.page,
      pageSize: paging.pageSize,
    };
  });

  app.get<ById>('/api/admin/visits/:id', needs('visits.read'), async (request) => {
    const visit = await ctx.store.visits.get(request.params.id);
    if (!visit) throw new AdminError('找不到这次走访记录', 404);
    await ctx.audit(request, { action: 'visit.view', target: `visit:${visit.id}` });
    return oneVisitDetail(ctx.store, visit);
  });

  app.get('/api/admin/coverage', needs('visits.read'), async (request) => {
    const { days } = parseInput(coverageQuery(ctx.visitOverdueDays), request.query);
    return coverage(ctx.store, ctx.now(), days);
  });
}
