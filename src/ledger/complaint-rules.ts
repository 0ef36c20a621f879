import { localDate } from '../model/calendar.js';
import type { Complaint, ComplaintStatus } from '../model/complaint.js';
import { COMPLAINT_STATUSES } from '../model/complaint.js';
import type { WorkingCalendar } from '../model/working-calendar.js';
import { CONFLICT_UNITS, OWN_PLACE_WORDS, PLACE_SUFFIXES } from './conflict-units.js';

/** Working days a complaint has from acceptance to closing unless staff set another deadline. */
export const DEFAULT_DEADLINE_WORKING_DAYS = 15;

const NEXT: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  registered: ['accepted', 'rejected'],
  accepted: ['rectifying', 'rejected'],
  rectifying: ['verifying'],
  verifying: ['closed', 'rectifying'],
  closed: ['rectifying'],
  rejected: [],
};

/** A request to move a complaint on, as the API receives it. */
export type TransitionRequest = { to: ComplaintStatus; note: string; assignee?: string; deadline?: string };

/** The statuses a complaint may move to from its current one. */
export function nextStatuses(complaint: Complaint): readonly ComplaintStatus[] {
  return NEXT[complaint.status];
}

const squash = (text: string) => text.replace(/\s/g, '');

/** Whether two names overlap (one contains the other), ignoring spaces and one-character fragments. */
function overlaps(name: string | undefined, target: string): boolean {
  const n = name === undefined ? '' : squash(name);
  return n.length >= 2 && target.length >= 2 && (target.includes(n) || n.includes(target));
}

function shortPlace(name: string): string {
  const suffix = PLACE_SUFFIXES.find((s) => name.endsWith(s) && name.length - s.length >= 2);
  return suffix ? name.slice(0, -suffix.length) : name;
}

/** Whether `target` names the unit `concerns` is about, in the complaint's own place (or in no place at all). */
function sameUnit(complaint: Pick<Complaint, 'concerns' | 'village' | 'township'>, target: string): boolean {
  const concerns = squash(complaint.concerns ?? '');
  return CONFLICT_UNITS.some((unit) => {
    if (!unit.words.some((w) => concerns.includes(w)) || !unit.words.some((w) => target.includes(w))) return false;
    const place = unit.place === 'village' ? complaint.village : complaint.township;
    if (place && target.includes(shortPlace(place))) return true;
    // What is left once the unit's words are taken out names another place ("石桥村村委会"), unless nothing is.
    const rest = [...unit.words, ...OWN_PLACE_WORDS]
      .sort((a, b) => b.length - a.length)
      .reduce((text, word) => text.replaceAll(word, ''), target);
    return rest.length < 2;
  });
}

/**
 * Whether assigning this complaint to `assignee` would hand it to the person or unit it is about: the person or
 * post it names, the same body of its place (CONFLICT_UNITS), the names fixed at submission (`excludedAssignees`)
 * and, for a 干部作风问题, the cadres of the reporter's household (`householdCadres`).
 */
export function conflictsWith(complaint: Complaint, assignee: string, householdCadres: readonly string[] = []): boolean {
  const target = squash(assignee);
  const conduct = complaint.category === '干部作风问题' ? householdCadres : [];
  const people = [complaint.concerns, ...(complaint.excludedAssignees ?? []), ...conduct];
  return people.some((name) => overlaps(name, target)) || sameUnit(complaint, target);
}

/** Applies a transition, returning the updated complaint or a clear refusal (in Chinese, for staff); `calendar` counts the default deadline. */
export function applyTransition(
  complaint: Complaint,
  request: TransitionRequest,
  actor: string,
  now: Date,
  calendar: WorkingCalendar,
  householdCadres: readonly string[] = [],
): { ok: true; complaint: Complaint } | { ok: false; error: string } {
  const { to } = request;
  const note = request.note.trim();
  if (!NEXT[complaint.status].includes(to)) {
    const allowed = NEXT[complaint.status].map((s) => `${COMPLAINT_STATUSES[s]}(${s})`).join('、') || '无';
    return {
      ok: false,
      error: `不能从「${COMPLAINT_STATUSES[complaint.status]}」改为「${COMPLAINT_STATUSES[to]}」；可以改为：${allowed}。`,
    };
  }
  if ((to === 'rejected' || (complaint.status === 'closed' && to === 'rectifying')) && !note) {
    return { ok: false, error: to === 'rejected' ? '不予受理必须写明理由。' : '重新整改必须写明原因。' };
  }
  const assignee = request.assignee?.trim() || complaint.assignee;
  if (to === 'accepted' && !assignee) return { ok: false, error: '受理时必须指定承办单位或责任人。' };
  if (assignee && assignee !== complaint.assignee && conflictsWith(complaint, assignee, householdCadres)) {
    return { ok: false, error: '这个问题反映的就是该单位或人员，不能交给他们自己办理，请指定其他承办单位。' };
  }
  const today = localDate(now);
  let deadline = complaint.deadline;
  if (request.deadline !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(request.deadline) || Number.isNaN(Date.parse(request.deadline))) {
      return { ok: false, error: '办结期限的格式应为 YYYY-MM-DD。' };
    }
    if (request.deadline < today) return { ok: false, error: '办结期限不能早于今天。' };
    deadline = request.deadline;
  } else if (to === 'accepted') {
    deadline = calendar.addWorkingDays(today, DEFAULT_DEADLINE_WORKING_DAYS);
  }
  const at = now.toISOString();
  const reopened = complaint.status === 'closed' && to === 'rectifying';
  return {
    ok: true,
    complaint: {
      ...complaint,
      status: to,
      assignee,
      deadline,
      reopenCount: complaint.reopenCount + (reopened ? 1 : 0),
      history: [...complaint.history, { at, by: actor, from: complaint.status, to, note }],
      updatedAt: at,
    },
  };
}
