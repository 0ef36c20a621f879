import type { FastifyInstance } from 'fastify';
import { needs } from '../auth/guard.js';
import { type AdminContext, authOf } from '../context.js';
import { buildOverview } from '../overview/sections.js';
import { html } from '../views/html.js';
import { layout, sendPage } from '../views/layout.js';

/** The overview page: one card per overview section, charts drawn on the server as SVG. */
export function overviewPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/overview', needs('overview.read'), async (request, reply) => {
    const auth = authOf(request);
    const sections = await buildOverview(ctx.sections, { store: ctx.store, now: ctx.now(), auth });
    const body = sections.map((s) => html`<section class="card" id="${s.id}"><h2>${s.title}</h2>${s.render()}</section>`);
    return sendPage(reply, layout({ title: '概览', auth, active: '/admin/overview', body }));
  });
}
