import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_DEADLINE_WORKING_DAYS } from '../../ledger/complaint-rules.js';
import { COMPLAINT_STATUSES, type Complaint, type ComplaintStatus } from '../../model/complaint.js';
import { needs } from '../auth/guard.js';
import { can } from '../auth/roles.js';
import type { AdminAuth } from '../auth/sessions.js';
import { type AdminContext, authOf } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import { sendImage, servableImage } from '../services/attachment-file.js';
import { complaintDetail, visibleComplaint } from '../services/complaints.js';
import { parseInput } from '../services/list-query.js';
import { complaintTransitionInput, transitionComplaint } from '../services/transitions.js';
import { overdueBadge, reopenedBadge, statusTag } from '../views/badges.js';
import { facts, field } from '../views/components.js';
import { dateTime } from '../views/format.js';
import { type HtmlValue, html, type SafeHtml } from '../views/html.js';
import { csrfField, layout, messagePage, type PageOptions, sendPage } from '../views/layout.js';
import { historyTable } from '../views/ledger.js';
import { doneNotice, formOf, queryOf } from './form.js';

type ById = { Params: { id: string } };
type ByPhoto = { Params: { id: string; n: string } };

const DONE = { moved: '已保存。通过聊天反映的问题，系统已把新进度发给反映人。' };

/** Buttons and the extra fields each target status asks for; labels differ so every field has its own name. */
const STEPS: Record<ComplaintStatus, { button: string; note: string; required?: true }> = {
  registered: { button: '登记', note: '说明' },
  accepted: { button: '受理', note: '受理说明' },
  rejected: { button: '不予受理', note: '不予受理理由', required: true },
  rectifying: { button: '开始整改', note: '整改说明' },
  verifying: { button: '整改完成，待核实', note: '整改情况' },
  closed: { button: '核实无误，办结', note: '办理结果（会发给反映人）' },
};

async function units(ctx: AdminContext): Promise<string[]> {
  return [...new Set((await ctx.store.staff.list()).map((u) => u.unit))].filter(Boolean).sort((a, b) => a.localeCompare(b, 'zh'));
}

function transitionForm(auth: AdminAuth, units: string[], c: Complaint, to: ComplaintStatus, values: Record<string, string>) {
  const reopening = c.status === 'closed' && to === 'rectifying';
  const step = reopening ? { button: '重新整改', note: '重新整改原因', required: true as const } : STEPS[to];
  const mine = values.to === to;
  const extra: HtmlValue[] = [];
  if (to === 'accepted') {
    extra.push(
      field(
        '承办单位',
        html`<input type="text" name="assignee" value="${mine ? values.assignee : (c.assignee ?? auth.user.unit)}" required maxlength="100" list="units">`,
        '不能交给被反映的单位或人员',
      ),
      field(
        '办结期限',
        html`<input type="date" name="deadline" value="${mine ? values.deadline : ''}">`,
        `不填则为 ${DEFAULT_DEADLINE_WORKING_DAYS} 个工作日后`,
      ),
      html`<datalist id="units">${units.map((u) => html`<option value="${u}"></option>`)}</datalist>`,
    );
  }
  return html`<form method="post" action="/admin/complaints/${encodeURIComponent(c.id)}/transition" class="card step" id="to-${to}">
    ${csrfField(auth)}<input type="hidden" name="to" value="${to}">
    <h3>${statusTag(to, COMPLAINT_STATUSES[to])}</h3>
    ${extra}
    ${field(step.note, html`<textarea name="note" maxlength="1000"${step.required ? html` required` : ''}>${mine ? values.note : ''}</textarea>`, step.required ? '必填' : undefined)}
    <button type="submit"${to === 'rejected' ? html` class="danger"` : ''}>${step.button}</button>
  </form>`;
}

async function detailPage(
  ctx: AdminContext,
  auth: AdminAuth,
  c: Complaint,
  notice?: PageOptions['notice'],
  values: Record<string, string> = {},
): Promise<SafeHtml> {
  const d = complaintDetail(c, ctx.now());
  const known = await units(ctx);
  const role = auth.user.role;
  const household =
    d.householdId &&
    (can(role, 'households.read')
      ? html`<a href="/admin/households/${encodeURIComponent(d.householdId)}">${d.householdId}</a>`
      : d.householdId);
  const visit =
    d.visitId && (can(role, 'visits.read') ? html`<a href="/admin/visits/${encodeURIComponent(d.visitId)}">查看走访记录</a>` : '有');
  const work = can(role, 'complaints.work') && d.nextStatuses.length > 0;
  const body = html`<section class="card"><h2>基本情况</h2>${facts([
    ['查询码', d.trackingCode],
    ['问题类别', d.category],
    ['状态', html`${statusTag(d.status, d.statusName)} ${reopenedBadge(d.reopenCount)}`],
    ['乡镇 / 村', `${d.township} ${d.village}`],
    ['承办单位', d.assignee],
    ['办结期限', d.deadline && html`${d.deadline} ${overdueBadge(d.overdue)}`],
    ['反映方式', d.anonymous ? '匿名（不显示任何联系方式）' : '实名'],
    ['联系电话', d.phoneMasked],
    ['反映对象', d.concerns],
    ['关联农户', household || undefined],
    ['关联走访', visit || undefined],
    ['群众评价', d.satisfaction === 'satisfied' ? '满意' : d.satisfaction === 'unsatisfied' ? '不满意' : undefined],
    ['登记时间', dateTime(d.createdAt)],
  ])}
    ${d.sensitive && html`<p class="warn">此问题反映干部作风或具体人员，只有监督员和管理员能看到；不能交给被反映的单位或人员办理。</p>`}
  </section>
  <section class="card"><h2>问题描述</h2><p class="prewrap">${d.description}</p>
    ${
      d.photos.length > 0 &&
      html`<div class="photos">${d.photos.map((p, i) => html`<a href="${p.url}"><img src="${p.url}" alt="反映人发的照片 ${i + 1}" class="photo"></a>`)}</div>`
    }
  </section>
  ${work && html`<h2>办理</h2><div class="steps">${d.nextStatuses.map((to) => transitionForm(auth, known, c, to, values))}</div>`}
  <section class="card"><h2>办理记录</h2>${historyTable(d.history, COMPLAINT_STATUSES)}</section>
  <p><a href="/admin/complaints">← 返回问题台账</a></p>`;
  return layout({ title: `问题 ${d.trackingCode}`, auth, active: '/admin/complaints', notice, body });
}

async function viewed(ctx: AdminContext, request: FastifyRequest, id: string): Promise<Complaint | undefined> {
  const c = await visibleComplaint(ctx.store, authOf(request).user, id);
  if (c) await ctx.audit(request, { action: 'complaint.view', target: `complaint:${c.id}` });
  return c;
}

/** One complaint: facts, description, history, and a form for each status it may move to. */
export function complaintDetailPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get<ById>('/admin/complaints/:id', needs('complaints.read'), async (request, reply) => {
    const auth = authOf(request);
    const c = await viewed(ctx, request, request.params.id);
    if (!c) return sendPage(reply, messagePage('找不到这条问题', '台账里没有这条问题，或者您没有查看权限。', auth), 404);
    return sendPage(reply, await detailPage(ctx, auth, c, doneNotice(DONE, queryOf(request).done)));
  });

  // The photo is found by complaint and position, never by a path from the URL; servableImage re-checks the stored path.
  app.get<ByPhoto>('/admin/complaints/:id/photos/:n', needs('complaints.read'), async (request, reply) => {
    const c = await visibleComplaint(ctx.store, authOf(request).user, request.params.id);
    const photo = /^\d{1,2}$/.test(request.params.n) ? c?.photos?.[Number(request.params.n)] : undefined;
    if (!c || !photo) throw new AdminError('找不到这张照片', 404);
    const image = await servableImage(ctx.uploadsDir, photo.path, photo.mime);
    await ctx.audit(request, { action: 'complaint.photo', target: `complaint:${c.id}`, detail: `照片 ${Number(request.params.n) + 1}` });
    return sendImage(reply, image);
  });

  app.post<ById>('/admin/complaints/:id/transition', needs('complaints.work'), async (request, reply) => {
    const auth = authOf(request);
    const form = formOf(request);
    const { id } = request.params;
    try {
      await transitionComplaint(ctx, request, id, parseInput(complaintTransitionInput, form));
    } catch (error) {
      const c = await visibleComplaint(ctx.store, auth.user, id);
      if (!(error instanceof AdminError) || !c) throw error;
      return sendPage(reply, await detailPage(ctx, auth, c, { kind: 'error', text: error.message }, form), error.status);
    }
    // Handed to another unit, a reviewer can no longer open it: back to the list instead of a 404.
    const stillVisible = await visibleComplaint(ctx.store, auth.user, id);
    return reply.redirect(stillVisible ? `/admin/complaints/${encodeURIComponent(id)}?done=moved` : '/admin/complaints?done=handed', 303);
  });
}
