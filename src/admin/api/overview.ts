import type { FastifyInstance } from 'fastify';
import { needs } from '../auth/guard.js';
import { type AdminContext, authOf } from '../context.js';
import { buildOverview } from '../overview/sections.js';

/** `GET /api/admin/overview`: the data of every overview section the user may see, keyed by section id. */
export function overviewApi(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/api/admin/overview', needs('overview.read'), async (request) => {
    const sections = await buildOverview(ctx.sections, { store: ctx.store, now: ctx.now(), auth: authOf(request) });
    return Object.fromEntries(sections.map((s) => [s.id, s.data]));
  });
}
