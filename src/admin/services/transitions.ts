import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApplicationTransition } from '../../ledger/application-rules.js';
import type { TransitionRequest } from '../../ledger/complaint-rules.js';
import { APPLICATION_STATUSES, type Application } from '../../model/application.js';
import { COMPLAINT_STATUSES, type Complaint } from '../../model/complaint.js';
import type { MonitorType } from '../../model/household.js';
import { MONITOR_TYPES } from '../../model/household.js';
import type { StaffUser } from '../../model/staff.js';
import { type AdminContext, authOf } from '../context.js';
import { AdminError } from './admin-error.js';
import { APPLICATION_STATUS_IDS } from './applications.js';
import { COMPLAINT_STATUS_IDS, visibleComplaint } from './complaints.js';

const note = z.string({ message: 'note（说明）应是文字' }).trim().max(1000, { message: '说明最多 1000 字' }).default('');
const optionalText = (label: string, max: number) =>
  z
    .string({ message: `${label}应是文字` })
    .trim()
    .max(max, { message: `${label}最多 ${max} 字` })
    .optional()
    .transform((v) => v || undefined);

const statusIds = (ids: readonly string[], names: Record<string, string>) => ids.map((id) => `${id}（${names[id]}）`).join('、');

/** The body of a complaint transition (JSON or the detail page's form). */
export const complaintTransitionInput = z.object({
  to: z.enum(COMPLAINT_STATUS_IDS, { message: `请选择要改为的状态 to：${statusIds(COMPLAINT_STATUS_IDS, COMPLAINT_STATUSES)}` }),
  note,
  assignee: optionalText('承办单位', 100),
  deadline: optionalText('办结期限', 10),
});

/** The body of an application transition (JSON or the detail page's form). */
export const applicationTransitionInput = z.object({
  to: z.enum(APPLICATION_STATUS_IDS, {
    message: `请选择要改为的状态 to：${statusIds(APPLICATION_STATUS_IDS, APPLICATION_STATUSES)}`,
  }),
  note,
  assignee: optionalText('核查人', 100),
  monitorType: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(MONITOR_TYPES as [MonitorType, ...MonitorType[]], { message: `监测类型只能是：${MONITOR_TYPES.join('、')}` }).optional(),
  ),
});

/** How a staff member is named in a ledger item's history: display name (else username) and unit. */
export function actorName(user: Pick<StaffUser, 'displayName' | 'username' | 'unit'>): string {
  const name = user.displayName || user.username;
  return user.unit ? `${name}（${user.unit}）` : name;
}

/** Moves a complaint the user may see on; the refusal of the rules becomes a 400 with their message. Audited. */
export async function transitionComplaint(
  ctx: AdminContext,
  request: FastifyRequest,
  id: string,
  input: z.infer<typeof complaintTransitionInput>,
): Promise<Complaint> {
  const { user } = authOf(request);
  const current = visibleComplaint(ctx.store, user, id);
  if (!current) throw new AdminError('找不到这条问题记录（或您没有查看权限）', 404);
  const wanted: TransitionRequest = { to: input.to, note: input.note, assignee: input.assignee, deadline: input.deadline };
  const result = await ctx.complaints.transition(id, wanted, actorName(user), ctx.now());
  if (!result.ok) throw new AdminError(result.error, 400);
  const { complaint } = result;
  const assigned = complaint.assignee && complaint.assignee !== current.assignee ? `，承办：${complaint.assignee}` : '';
  await ctx.audit(request, {
    action: 'complaint.transition',
    target: `complaint:${id}`,
    detail: `${COMPLAINT_STATUSES[current.status]} → ${COMPLAINT_STATUSES[complaint.status]}${assigned}`,
  });
  return complaint;
}

/** Moves a hardship application on (the service updates the registry and tells applicant and cadre). Audited. */
export async function transitionApplication(
  ctx: AdminContext,
  request: FastifyRequest,
  id: string,
  input: z.infer<typeof applicationTransitionInput>,
): Promise<Application> {
  const current = ctx.store.applications.get(id);
  if (!current) throw new AdminError('找不到这条申报', 404);
  const wanted: ApplicationTransition = { to: input.to, note: input.note, assignee: input.assignee, monitorType: input.monitorType };
  const result = await ctx.applications.transition(id, wanted, actorName(authOf(request).user), ctx.now());
  if (!result.ok) throw new AdminError(result.error, 400);
  const { application } = result;
  const type = application.status === 'monitored' ? `（${application.monitorType}）` : '';
  await ctx.audit(request, {
    action: 'application.transition',
    target: `application:${id}`,
    detail: `${APPLICATION_STATUSES[current.status]} → ${APPLICATION_STATUSES[application.status]}${type}`,
  });
  return application;
}
