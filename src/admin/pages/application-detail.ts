import type { FastifyInstance } from 'fastify';
import { CADRE_ASSIGNEE } from '../../ledger/application-service.js';
import { APPLICATION_STATUSES, type Application, type ApplicationStatus } from '../../model/application.js';
import { MONITOR_TYPES } from '../../model/household.js';
import { needs } from '../auth/guard.js';
import { can } from '../auth/roles.js';
import type { AdminAuth } from '../auth/sessions.js';
import { type AdminContext, authOf } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import { applicationDetail } from '../services/applications.js';
import { parseInput } from '../services/list-query.js';
import { applicationTransitionInput, transitionApplication } from '../services/transitions.js';
import { overdueBadge, statusTag } from '../views/badges.js';
import { facts, field, plainOptions, select } from '../views/components.js';
import { dateTime } from '../views/format.js';
import { type HtmlValue, html, type SafeHtml } from '../views/html.js';
import { csrfField, layout, messagePage, type PageOptions, sendPage } from '../views/layout.js';
import { historyTable } from '../views/ledger.js';
import { doneNotice, formOf, queryOf } from './form.js';

type ById = { Params: { id: string } };

const DONE = { moved: '已保存。通过聊天申报的，系统已把新进度发给申报人。' };

const STEPS: Record<ApplicationStatus, { button: string; note: string; required?: true }> = {
  submitted: { button: '申报', note: '说明' },
  checking: { button: '安排入户核查', note: '核查要求' },
  reviewing: { button: '核查完成，进入评议公示', note: '核查情况' },
  monitored: { button: '纳入监测', note: '认定说明' },
  declined: { button: '不予纳入', note: '不予纳入理由', required: true },
  resolved: { button: '风险已消除', note: '帮扶成效' },
};

function checkerFields(ctx: AdminContext, a: Application, values: Record<string, string>): HtmlValue[] {
  const cadres = [...ctx.store.cadres.all()]
    .filter((c) => c.status === 'active')
    .map((c) => ({ value: `${CADRE_ASSIGNEE}${c.id}`, label: `${c.name}${c.org ? `（${c.org}）` : ''}` }));
  const chosen = values.assignee ?? a.assignee ?? ctx.applications.defaultAssignee(a);
  return [
    field('核查的帮扶干部', select('assignee', cadres, chosen, '（未选择）'), '默认是这户的帮扶责任人，系统会通过聊天通知他'),
    field(
      '或其他核查人',
      html`<input type="text" name="assigneeOther" value="${values.assigneeOther}" maxlength="100">`,
      '填了就以这里为准',
    ),
  ];
}

function transitionForm(ctx: AdminContext, auth: AdminAuth, a: Application, to: ApplicationStatus, values: Record<string, string>) {
  const step = STEPS[to];
  const mine = values.to === to ? values : {};
  const extra: HtmlValue[] = [];
  if (to === 'checking') extra.push(checkerFields(ctx, a, mine));
  if (to === 'monitored') {
    const types = plainOptions(MONITOR_TYPES);
    extra.push(field('监测类型', html`${select('monitorType', types, mine.monitorType, '请选择')}`, '必选'));
  }
  return html`<form method="post" action="/admin/applications/${encodeURIComponent(a.id)}/transition" class="card step" id="to-${to}">
    ${csrfField(auth)}<input type="hidden" name="to" value="${to}">
    <h3>${statusTag(to, APPLICATION_STATUSES[to])}</h3>
    ${extra}
    ${field(step.note, html`<textarea name="note" maxlength="1000"${step.required ? html` required` : ''}>${mine.note}</textarea>`, step.required ? '必填' : undefined)}
    <button type="submit"${to === 'declined' ? html` class="danger"` : ''}>${step.button}</button>
  </form>`;
}

function detailPage(
  ctx: AdminContext,
  auth: AdminAuth,
  a: Application,
  notice?: PageOptions['notice'],
  values: Record<string, string> = {},
): SafeHtml {
  const d = applicationDetail(ctx.store, a, ctx.now());
  const role = auth.user.role;
  const household =
    d.householdId &&
    (can(role, 'households.read')
      ? html`<a href="/admin/households/${encodeURIComponent(d.householdId)}">${d.householdId}</a>`
      : d.householdId);
  const visits = d.visitIds.map((id, i) => html`${i > 0 && '、'}<a href="/admin/visits/${encodeURIComponent(id)}">走访 ${i + 1}</a>`);
  const work = can(role, 'applications.work') && d.nextStatuses.length > 0;
  const body = html`<section class="card"><h2>基本情况</h2>${facts([
    ['查询码', d.trackingCode],
    ['状态', statusTag(d.status, d.statusName)],
    ['申报人', d.applicantName],
    ['联系电话', d.phoneMasked],
    ['乡镇 / 村', `${d.township} ${d.village}`],
    ['户编号', household || '（非建档立卡户）'],
    ['困难类型', d.event],
    ['发生日期', d.eventDate],
    ['估计花费', d.cost === undefined ? undefined : `${d.cost} 元`],
    ['核查人', d.assigneeName],
    ['入户核查期限', html`${d.checkDeadline} ${d.status === 'submitted' && overdueBadge(d.overdue, '已超过入户核查期限')}`],
    ['认定期限', html`${d.decisionDeadline} ${d.status !== 'submitted' && overdueBadge(d.overdue, '已超过认定期限')}`],
    ['监测类型', d.monitorType],
    ['核查走访', visits.length ? visits : undefined],
    ['申报时间', dateTime(d.createdAt)],
  ])}</section>
  <section class="card"><h2>希望得到的帮助</h2><p class="prewrap">${d.help}</p></section>
  ${work && html`<h2>办理</h2><div class="steps">${d.nextStatuses.map((to) => transitionForm(ctx, auth, a, to, values))}</div>`}
  <section class="card"><h2>办理记录</h2>${historyTable(d.history, APPLICATION_STATUSES)}</section>
  <p><a href="/admin/applications">← 返回防返贫申报</a></p>`;
  return layout({ title: `申报 ${d.trackingCode}`, auth, active: '/admin/applications', notice, body });
}

/** One hardship application: facts, history, and a form for each status it may move to. */
export function applicationDetailPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get<ById>('/admin/applications/:id', needs('applications.read'), async (request, reply) => {
    const auth = authOf(request);
    const a = ctx.store.applications.get(request.params.id);
    if (!a) return sendPage(reply, messagePage('找不到这条申报', '没有这条防返贫申报。', auth), 404);
    await ctx.audit(request, { action: 'application.view', target: `application:${a.id}` });
    return sendPage(reply, detailPage(ctx, auth, a, doneNotice(DONE, queryOf(request).done)));
  });

  app.post<ById>('/admin/applications/:id/transition', needs('applications.work'), async (request, reply) => {
    const auth = authOf(request);
    const form = formOf(request);
    const { id } = request.params;
    const input = { ...form, assignee: form.assigneeOther?.trim() || form.assignee };
    try {
      await transitionApplication(ctx, request, id, parseInput(applicationTransitionInput, input));
    } catch (error) {
      const a = ctx.store.applications.get(id);
      if (!(error instanceof AdminError) || !a) throw error;
      return sendPage(reply, detailPage(ctx, auth, a, { kind: 'error', text: error.message }, form), error.status);
    }
    return reply.redirect(`/admin/applications/${encodeURIComponent(id)}?done=moved`, 303);
  });
}
