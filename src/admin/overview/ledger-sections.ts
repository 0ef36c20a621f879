import { APPLICATION_STATUSES, type ApplicationStatus, HARDSHIP_EVENTS, isApplicationOverdue } from '../../model/application.js';
import { localDate } from '../../model/calendar.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, type Complaint, type ComplaintStatus, isOverdue } from '../../model/complaint.js';
import type { StaffRole } from '../../model/staff.js';
import { barChart } from '../views/charts.js';
import { stat } from '../views/components.js';
import { html } from '../views/html.js';
import { defineSection } from './sections.js';

const CLOSED_COMPLAINT: readonly ComplaintStatus[] = ['closed', 'rejected'];
const CLOSED_APPLICATION: readonly ApplicationStatus[] = ['monitored', 'declined', 'resolved'];

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

// Sensitive complaints (about cadres or named people) are left out of the figures everyone but supervisors and admins
// sees: a count per village and category can point at the person who reported.
function counted(role: StaffRole, c: Complaint): boolean {
  return role === 'admin' || role === 'supervisor' || !c.sensitive;
}

/** Complaints (问题台账) by status and category, with how many are open and overdue. */
export const complaintsSection = defineSection({
  id: 'complaints',
  title: '问题台账',
  collect: ({ store, now, auth }) => {
    const statuses = Object.keys(COMPLAINT_STATUSES) as ComplaintStatus[];
    const byStatus = zeroes(statuses);
    const byCategory = zeroes(COMPLAINT_CATEGORIES);
    let total = 0;
    let overdue = 0;
    for (const c of store.complaints.all()) {
      if (!counted(auth.user.role, c)) continue;
      total += 1;
      byStatus[c.status] += 1;
      byCategory[c.category] += 1;
      if (isOverdue(c, localDate(now))) overdue += 1;
    }
    const open = total - CLOSED_COMPLAINT.reduce((n, s) => n + byStatus[s], 0);
    return { total, open, overdue, byStatus, byCategory };
  },
  render: (
    d,
  ) => html`<div class="stats">${stat(d.overdue, '逾期未办结', d.overdue > 0)}${stat(d.open, '办理中')}${stat(d.total, '累计登记')}</div>
    <div class="charts">
      ${barChart(
        '按办理状态',
        (Object.keys(d.byStatus) as ComplaintStatus[]).map((s) => ({ label: COMPLAINT_STATUSES[s], value: d.byStatus[s] })),
      )}
      ${barChart(
        '按问题类别',
        COMPLAINT_CATEGORIES.map((c) => ({ label: c, value: d.byCategory[c] })),
      )}
    </div>`,
});

/** Hardship applications (防返贫申报) by status and by event, with how many missed their check or decision deadline. */
export const applicationsSection = defineSection({
  id: 'applications',
  title: '防返贫申报',
  collect: ({ store, now }) => {
    const byStatus = zeroes(Object.keys(APPLICATION_STATUSES) as ApplicationStatus[]);
    const byEvent = zeroes(HARDSHIP_EVENTS);
    let total = 0;
    let overdue = 0;
    for (const a of store.applications.all()) {
      total += 1;
      byStatus[a.status] += 1;
      byEvent[a.event] += 1;
      if (isApplicationOverdue(a, localDate(now))) overdue += 1;
    }
    const open = total - CLOSED_APPLICATION.reduce((n, s) => n + byStatus[s], 0);
    return { total, open, overdue, byStatus, byEvent };
  },
  render: (d) => html`<div class="stats">${stat(d.overdue, '超期未核查 / 未认定', d.overdue > 0)}${stat(d.open, '办理中')}${stat(
    d.byStatus.monitored,
    '纳入监测',
  )}${stat(d.total, '累计申报')}</div>
    <div class="charts">
      ${barChart(
        '按办理状态',
        (Object.keys(d.byStatus) as ApplicationStatus[]).map((s) => ({ label: APPLICATION_STATUSES[s], value: d.byStatus[s] })),
      )}
      ${barChart(
        '按困难类型',
        HARDSHIP_EVENTS.map((e) => ({ label: e, value: d.byEvent[e] })),
      )}
    </div>`,
});
