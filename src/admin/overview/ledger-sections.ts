import { APPLICATION_STATUSES, type ApplicationStatus, HARDSHIP_EVENTS } from '../../model/application.js';
import { localDate } from '../../model/calendar.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, type ComplaintStatus } from '../../model/complaint.js';
import type { StaffRole } from '../../model/staff.js';
import { barChart } from '../views/charts.js';
import { stat } from '../views/components.js';
import { html } from '../views/html.js';
import { defineSection } from './sections.js';

const CLOSED_COMPLAINT: readonly ComplaintStatus[] = ['closed', 'rejected'];
const CLOSED_APPLICATION: readonly ApplicationStatus[] = ['monitored', 'declined', 'resolved'];

// Sensitive complaints (about cadres or named people) are left out of the figures everyone but supervisors and admins
// sees: a count per village and category can point at the person who reported.
function seesSensitive(role: StaffRole): boolean {
  return role === 'admin' || role === 'supervisor';
}

/** Complaints (问题台账) by status and category, with how many are open and overdue. */
export const complaintsSection = defineSection({
  id: 'complaints',
  title: '问题台账',
  collect: async ({ store, now, auth }) => {
    const sensitive = seesSensitive(auth.user.role) ? undefined : false;
    const { total, overdue, byStatus, byCategory } = await store.complaints.summary({ today: localDate(now), sensitive });
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
  collect: async ({ store, now }) => {
    const { total, overdue, byStatus, byEvent } = await store.applications.summary({ today: localDate(now) });
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
