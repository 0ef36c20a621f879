import { APPLICATION_STATUSES, type Application, HARDSHIP_EVENTS, isApplicationOverdue } from '../../model/application.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, type Complaint, canSeeComplaint, isOverdue } from '../../model/complaint.js';
import type { ApplicationFilter, ApplicationSummary, ComplaintFilter, ComplaintSummary } from '../queries.js';

const zeroes = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Whether `q` names this item: its tracking code (any case) or part of its village. */
function named(item: { trackingCode: string; village: string }, q: string | undefined): boolean {
  return !q || item.trackingCode === q.toUpperCase() || item.village.includes(q);
}

/** The complaint filter as a predicate. */
export function complaintMatcher(f: ComplaintFilter): (c: Complaint) => boolean {
  const today = f.today ?? '';
  return (c) =>
    (!f.status || c.status === f.status) &&
    (!f.category || c.category === f.category) &&
    (!f.township || c.township === f.township) &&
    named(c, f.q) &&
    (f.overdue === undefined || isOverdue(c, today) === f.overdue) &&
    (!f.viewer || canSeeComplaint(f.viewer, c)) &&
    (f.sensitive === undefined || c.sensitive === f.sensitive) &&
    (!f.legacy || !!c.reporter || (c.anonymous && !!c.householdId));
}

/** Complaint figures over matching complaints. */
export function complaintSummary(items: Complaint[], f: ComplaintFilter): ComplaintSummary {
  const s: ComplaintSummary = {
    total: 0,
    overdue: 0,
    byStatus: zeroes(Object.keys(COMPLAINT_STATUSES) as (keyof typeof COMPLAINT_STATUSES)[]),
    byCategory: zeroes(COMPLAINT_CATEGORIES),
    byTownship: {},
  };
  for (const c of items) {
    s.total += 1;
    s.byTownship[c.township] = (s.byTownship[c.township] ?? 0) + 1;
    s.byStatus[c.status] += 1;
    s.byCategory[c.category] += 1;
    if (f.today && isOverdue(c, f.today)) s.overdue += 1;
  }
  return s;
}

/** The application filter as a predicate. */
export function applicationMatcher(f: ApplicationFilter): (a: Application) => boolean {
  const today = f.today ?? '';
  return (a) =>
    (!f.status || a.status === f.status) &&
    (!f.township || a.township === f.township) &&
    named(a, f.q) &&
    (f.overdue === undefined || isApplicationOverdue(a, today) === f.overdue);
}

/** Application figures over matching applications. */
export function applicationSummary(items: Application[], f: ApplicationFilter): ApplicationSummary {
  const s: ApplicationSummary = {
    total: 0,
    overdue: 0,
    byStatus: zeroes(Object.keys(APPLICATION_STATUSES) as (keyof typeof APPLICATION_STATUSES)[]),
    byEvent: zeroes(HARDSHIP_EVENTS),
  };
  for (const a of items) {
    s.total += 1;
    s.byStatus[a.status] += 1;
    s.byEvent[a.event] += 1;
    if (f.today && isApplicationOverdue(a, f.today)) s.overdue += 1;
  }
  return s;
}
