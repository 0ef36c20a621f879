import type { FastifyInstance } from 'fastify';
import { needs } from '../auth/guard.js';
import type { AdminContext } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import {
  applicationColumns,
  applicationDetails,
  applicationFilter,
  applicationItems,
  applicationQuery,
  oneApplicationDetail,
} from '../services/applications.js';
import { sendExport } from '../services/export-table.js';
import { listParams, parseInput } from '../services/list-query.js';
import { applicationTransitionInput, transitionApplication } from '../services/transitions.js';

type ById = { Params: { id: string } };

/** Hardship application API: list / export, one application, a status transition. */
export function applicationsApi(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/api/admin/applications', needs('applications.read'), async (request, reply) => {
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(applicationQuery, request.query);
    const now = ctx.now();
    const filter = applicationFilter(filters, now);
    if (paging.format) {
      const all = await ctx.store.applications.list(filter);
      await ctx.audit(request, {
        action: 'application.export',
        detail: `${paging.format}，${all.length} 条，筛选 ${JSON.stringify(filters)}`,
      });
      const rows = await applicationDetails(ctx.store, all, now);
      return sendExport(reply, paging.format, 'applications', applicationColumns, rows, now);
    }
    const found = await ctx.store.applications.search({ ...filter, page: paging.page, pageSize: paging.pageSize });
    const items = await applicationItems(ctx.store, found.items, now);
    return { items, total: found.total, page: paging.page, pageSize: paging.pageSize };
  });

  app.get<ById>('/api/admin/applications/:id', needs('applications.read'), async (request) => {
    const application = await ctx.store.applications.get(request.params.id);
    if (!application) throw new AdminError('找不到这条申报', 404);
    await ctx.audit(request, { action: 'application.view', target: `application:${application.id}` });
    const detail = await oneApplicationDetail(ctx.store, application, ctx.now());
    return { ...detail, defaultAssignee: await ctx.applications.defaultAssignee(application) };
  });

  app.post<ById>('/api/admin/applications/:id/transition', needs('applications.work'), async (request) => {
    const input = parseInput(applicationTransitionInput, request.body);
    const application = await transitionApplication(ctx, request, request.params.id, input);
    return oneApplicationDetail(ctx.store, application, ctx.now());
  });
}
