import type { FastifyInstance } from 'fastify';
import { needs } from '../auth/guard.js';
import { type AdminContext, authOf } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import { sendImage, servableImage } from '../services/attachment-file.js';
import { visibleComplaint } from '../services/complaints.js';
import { oneVisitDetail } from '../services/visits.js';
import { statusTag } from '../views/badges.js';
import { facts, table } from '../views/components.js';
import { dateTime } from '../views/format.js';
import { html } from '../views/html.js';
import { layout, messagePage, sendPage } from '../views/layout.js';

type ById = { Params: { id: string } };
type ByAttachment = { Params: { id: string; n: string } };

/** One visit (checklist with reasons, income, measures, photos, location) and the route that serves its photos. */
export function visitDetailPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get<ById>('/admin/visits/:id', needs('visits.read'), async (request, reply) => {
    const auth = authOf(request);
    const visit = await ctx.store.visits.get(request.params.id);
    if (!visit) return sendPage(reply, messagePage('找不到这次走访', '没有这条走访记录。', auth), 404);
    await ctx.audit(request, { action: 'visit.view', target: `visit:${visit.id}` });
    const d = await oneVisitDetail(ctx.store, visit);
    const visible = await Promise.all(d.complaintIds.map((id) => visibleComplaint(ctx.store, auth.user, id)));
    const complaints = visible.flatMap((c) =>
      c ? [html`<a href="/admin/complaints/${encodeURIComponent(c.id)}">${c.trackingCode}</a> `] : [],
    );
    const photos = d.attachments.flatMap((a, i) =>
      a.kind === 'image' ? [html`<a href="${a.url}"><img src="${a.url}" alt="走访照片 ${i + 1}" class="photo"></a>`] : [],
    );
    const places = d.attachments.flatMap((a) =>
      a.kind === 'location' ? [html`<li>纬度 ${a.lat.toFixed(6)}，经度 ${a.lng.toFixed(6)}${a.label ? `（${a.label}）` : ''}</li>`] : [],
    );
    const body = html`<section class="card"><h2>基本情况</h2>${facts([
      ['走访日期', d.date],
      ['帮扶责任人', d.cadreName],
      ['户', html`<a href="/admin/households/${encodeURIComponent(d.householdId)}">${d.householdId}</a> ${d.headName ?? ''}`],
      ['村', d.village],
      ['人均纯收入（估算）', d.income === undefined ? undefined : `${d.income} 元`],
      ['下次走访', d.nextVisit],
      ['补登原因', d.lateReason],
      ['登记时间', dateTime(d.createdAt)],
      ['关联申报', d.applicationId && html`<a href="/admin/applications/${encodeURIComponent(d.applicationId)}">查看防返贫申报</a>`],
      ['转入问题台账', complaints.length ? complaints : undefined],
    ])}</section>
    <section class="card"><h2>两不愁三保障</h2>${table(
      ['项目', '结果', '不达标原因'],
      d.checklist.map((c) => [c.label, c.ok ? statusTag('ok', '达标') : statusTag('fail', '不达标'), c.reason ?? '']),
    )}</section>
    <section class="card"><h2>问题与措施</h2>${facts([
      ['发现的其他问题', d.problems],
      ['帮扶措施', d.measures],
    ])}</section>
    <section class="card"><h2>照片与位置</h2>
      ${photos.length ? html`<div class="photos">${photos}</div>` : html`<p class="empty">没有照片。</p>`}
      ${places.length ? html`<ul>${places}</ul>` : html`<p class="empty">没有记录位置。</p>`}
    </section>
    <p><a href="/admin/visits">← 返回走访记录</a></p>`;
    return sendPage(reply, layout({ title: `走访记录 ${d.date}`, auth, active: '/admin/visits', body }));
  });

  // The photo is found by visit and position, never by a path from the URL; servableImage re-checks the stored path.
  app.get<ByAttachment>('/admin/visits/:id/attachments/:n', needs('visits.read'), async (request, reply) => {
    const visit = await ctx.store.visits.get(request.params.id);
    const attachment = /^\d{1,3}$/.test(request.params.n) ? visit?.attachments[Number(request.params.n)] : undefined;
    if (!visit || attachment?.kind !== 'image') throw new AdminError('找不到这张照片', 404);
    const image = await servableImage(ctx.uploadsDir, attachment.path, attachment.mime);
    await ctx.audit(request, { action: 'visit.photo', target: `visit:${visit.id}`, detail: `照片 ${Number(request.params.n) + 1}` });
    return sendImage(reply, image);
  });
}
