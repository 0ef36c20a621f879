import { APPLICATION_STATUSES, type Application, type ApplicationStatus } from '../model/application.js';
import { localDate } from '../model/calendar.js';
import type { MonitorType } from '../model/household.js';
import { MONITOR_TYPES } from '../model/household.js';

const NEXT: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  submitted: ['checking', 'declined'],
  checking: ['reviewing', 'declined'],
  reviewing: ['monitored', 'declined'],
  monitored: ['resolved'],
  declined: [],
  resolved: [],
};

/** A staff request to move an application on. */
export type ApplicationTransition = { to: ApplicationStatus; note: string; assignee?: string; monitorType?: MonitorType };

/** The statuses an application may move to next. */
export function nextApplicationStatuses(a: Application): readonly ApplicationStatus[] {
  return NEXT[a.status];
}

/** Applies a transition or explains (in Chinese) why it is refused. */
export function applyApplicationTransition(
  a: Application,
  request: ApplicationTransition,
  actor: string,
  now: Date,
): { ok: true; application: Application } | { ok: false; error: string } {
  const { to } = request;
  const note = request.note.trim();
  if (!NEXT[a.status].includes(to)) {
    const allowed = NEXT[a.status].map((s) => `${APPLICATION_STATUSES[s]}(${s})`).join('、') || '无';
    return { ok: false, error: `不能从「${APPLICATION_STATUSES[a.status]}」改为「${APPLICATION_STATUSES[to]}」；可以改为：${allowed}。` };
  }
  if (to === 'declined' && !note) return { ok: false, error: '不予纳入必须写明理由。' };
  const assignee = request.assignee?.trim() || a.assignee;
  if (to === 'checking' && !assignee) return { ok: false, error: '入户核查必须指定核查的帮扶干部或责任人。' };
  if (to === 'monitored' && !(request.monitorType && MONITOR_TYPES.includes(request.monitorType))) {
    return { ok: false, error: `纳入监测必须选择类型：${MONITOR_TYPES.join('、')}。` };
  }
  const at = now.toISOString();
  return {
    ok: true,
    application: {
      ...a,
      status: to,
      assignee,
      monitorType: to === 'monitored' ? request.monitorType : a.monitorType,
      history: [...a.history, { at, by: actor, from: a.status, to, note }],
      updatedAt: at,
    },
  };
}
