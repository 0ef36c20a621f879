import type { FastifyInstance } from 'fastify';
import type { Cadre } from '../../model/cadre.js';
import { needs } from '../auth/guard.js';
import type { AdminContext } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import { cadreColumns, cadreInput, cadreItem, cadreQuery, createCadre, issueCode, revokeCadre } from '../services/cadres.js';
import { sendExport } from '../services/export-table.js';
import { listParams, parseInput } from '../services/list-query.js';

type ById = { Params: { id: string } };

/** Cadre API: list / export, create (with the first enrolment code), one cadre, new code, revoke. */
export function cadresApi(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/api/admin/cadres', needs('cadres.read'), async (request, reply) => {
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(cadreQuery, request.query);
    const items = (c: Cadre[]) => Promise.all(c.map((cadre) => cadreItem(ctx.store, ctx.now(), cadre)));
    if (paging.format) {
      const all = await items((await ctx.store.cadres.search({ ...filters, page: 1, pageSize: Number.MAX_SAFE_INTEGER })).items);
      await ctx.audit(request, { action: 'cadre.export', detail: `${paging.format}，${all.length} 人` });
      return sendExport(reply, paging.format, 'cadres', cadreColumns, all, ctx.now());
    }
    const found = await ctx.store.cadres.search({ ...filters, page: paging.page, pageSize: paging.pageSize });
    return { items: await items(found.items), total: found.total, page: paging.page, pageSize: paging.pageSize };
  });

  app.post('/api/admin/cadres', needs('cadres.manage'), async (request, reply) => {
    const { cadre, enrolmentCode, expiresAt } = await createCadre(ctx.store, ctx.now(), parseInput(cadreInput, request.body));
    await ctx.audit(request, { action: 'cadre.create', target: `cadre:${cadre.id}`, detail: cadre.name });
    return reply.code(201).send({ id: cadre.id, enrolmentCode, expiresAt });
  });

  app.get<ById>('/api/admin/cadres/:id', needs('cadres.read'), async (request) => {
    const cadre = await ctx.store.cadres.get(request.params.id);
    if (!cadre) throw new AdminError('找不到这个帮扶责任人', 404);
    return cadreItem(ctx.store, ctx.now(), cadre);
  });

  app.post<ById>('/api/admin/cadres/:id/code', needs('cadres.manage'), async (request) => {
    const { cadre, enrolmentCode, expiresAt } = await issueCode(ctx.store, ctx.now(), request.params.id);
    await ctx.audit(request, { action: 'cadre.code', target: `cadre:${cadre.id}`, detail: cadre.name });
    return { enrolmentCode, expiresAt };
  });

  app.post<ById>('/api/admin/cadres/:id/revoke', needs('cadres.manage'), async (request) => {
    const { cadre, unbound } = await revokeCadre(ctx.store, ctx.now(), request.params.id);
    await ctx.audit(request, { action: 'cadre.revoke', target: `cadre:${cadre.id}`, detail: `${cadre.name}，解除绑定 ${unbound} 个` });
    return { cadre: cadreItem(ctx.store, ctx.now(), cadre), unbound };
  });
}
