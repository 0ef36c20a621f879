import type { FastifyInstance } from 'fastify';
import { importSummary } from '../../registry/import-summary.js';
import { needs } from '../auth/guard.js';
import { type AdminContext, authOf } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import { sendExport } from '../services/export-table.js';
import { householdColumns, householdDetail, householdFilter, householdItem, householdQuery } from '../services/households.js';
import { readUpload, runImport } from '../services/import-upload.js';
import { listParams, parseInput } from '../services/list-query.js';

/** `GET /api/admin/households` (list / export), `GET /api/admin/households/:id`, `POST /api/admin/households/import`. */
export function householdsApi(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/api/admin/households', needs('households.read'), async (request, reply) => {
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(householdQuery, request.query);
    const filter = householdFilter(filters);
    if (paging.format) {
      const all = await ctx.store.households.find(filter);
      await ctx.audit(request, {
        action: 'household.export',
        detail: `${paging.format}，${all.length} 户，筛选 ${JSON.stringify(filters)}`,
      });
      return sendExport(reply, paging.format, 'households', householdColumns, all.map(householdItem), ctx.now());
    }
    const found = await ctx.store.households.search({ ...filter, page: paging.page, pageSize: paging.pageSize });
    return { items: found.items.map(householdItem), total: found.total, page: paging.page, pageSize: paging.pageSize };
  });

  app.get<{ Params: { id: string } }>('/api/admin/households/:id', needs('households.read'), async (request) => {
    const detail = await householdDetail(ctx.store, request.params.id);
    if (!detail) throw new AdminError('找不到这一户', 404);
    await ctx.audit(request, { action: 'household.view', target: `household:${request.params.id}` });
    return detail;
  });

  app.post('/api/admin/households/import', needs('households.import', 'upload'), async (request, reply) => {
    const upload = await readUpload(request, authOf(request));
    const result = await runImport(ctx, upload);
    await ctx.audit(request, {
      action: 'households.import',
      target: `import:${upload.kind}`,
      detail: `${upload.filename}：${importSummary(result)}`,
    });
    return reply.code(result.written ? 200 : 422).send(result);
  });
}
