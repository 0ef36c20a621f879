import { z } from 'zod';
import { maskPhone } from '../../core/text.js';
import { nextApplicationStatuses } from '../../ledger/application-rules.js';
import { CADRE_ASSIGNEE } from '../../ledger/application-service.js';
import { APPLICATION_STATUSES, type Application, type ApplicationStatus, isApplicationOverdue } from '../../model/application.js';
import { localDate } from '../../model/calendar.js';
import type { Store } from '../../store/legacy-store.js';
import type { Column } from './export-table.js';
import { filterChoice, filterFlag, filterText } from './list-query.js';

/** Every application status id, in ledger order. */
export const APPLICATION_STATUS_IDS = Object.keys(APPLICATION_STATUSES) as [ApplicationStatus, ...ApplicationStatus[]];

/** Application list filters (`?status=&township=&overdue=&q=`). */
export const applicationQuery = z.object({
  status: filterChoice('status', APPLICATION_STATUS_IDS),
  township: filterText(),
  overdue: filterFlag('overdue'),
  /** A tracking code or a village. */
  q: filterText(),
});

/** Parsed application filters. */
export type ApplicationQuery = z.infer<typeof applicationQuery>;

/** Applications matching the filters, newest first. */
export function filterApplications(store: Store, f: ApplicationQuery, now: Date): Application[] {
  const q = f.q?.toUpperCase();
  return store.applications.filter(
    (a) =>
      (!f.status || a.status === f.status) &&
      (!f.township || a.township === f.township) &&
      (f.overdue === undefined || isApplicationOverdue(a, localDate(now)) === f.overdue) &&
      (!q || a.trackingCode === q || a.village.includes(f.q ?? '')),
  );
}

/** An assignee for people: a registered cadre by name, anyone else as typed. */
export function assigneeName(store: Store, assignee: string | undefined): string | undefined {
  if (!assignee?.startsWith(CADRE_ASSIGNEE)) return assignee;
  const cadre = store.cadres.get(assignee.slice(CADRE_ASSIGNEE.length));
  return cadre ? `${cadre.name}（帮扶责任人）` : '帮扶责任人（已删除）';
}

/** Which deadline an open application is measured against now. */
function deadlineOf(a: Application): string | undefined {
  if (a.status === 'submitted') return a.checkDeadline;
  if (a.status === 'checking' || a.status === 'reviewing') return a.decisionDeadline;
  return undefined;
}

/** An application as lists, the API and exports show it: fields picked one by one (never the reporter), phone masked. */
export function applicationItem(store: Store, a: Application, now: Date) {
  const household = a.householdId ? store.households.get(a.householdId) : undefined;
  const phone = a.applicant?.phone ?? household?.phone;
  return {
    id: a.id,
    trackingCode: a.trackingCode,
    event: a.event,
    eventDate: a.eventDate,
    cost: a.cost,
    status: a.status,
    statusName: APPLICATION_STATUSES[a.status],
    township: a.township,
    village: a.village,
    householdId: a.householdId,
    applicantName: household?.headName ?? a.applicant?.name,
    ...(phone ? { phoneMasked: maskPhone(phone) } : {}),
    // null rather than absent, so every item has the same keys in JSON.
    assignee: a.assignee ?? null,
    assigneeName: assigneeName(store, a.assignee) ?? null,
    checkDeadline: a.checkDeadline,
    decisionDeadline: a.decisionDeadline,
    deadline: deadlineOf(a) ?? null,
    overdue: isApplicationOverdue(a, localDate(now)),
    monitorType: a.monitorType ?? null,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

/** An application list item. */
export type ApplicationItem = ReturnType<typeof applicationItem>;

/** One application with what was asked for, its history, linked visits and the statuses it may move to. */
export function applicationDetail(store: Store, a: Application, now: Date) {
  return {
    ...applicationItem(store, a, now),
    help: a.help,
    visitIds: [...a.visitIds],
    history: a.history.map((e) => ({ at: e.at, by: e.by, from: e.from, to: e.to, note: e.note })),
    nextStatuses: [...nextApplicationStatuses(a)],
  };
}

/** An application detail. */
export type ApplicationDetail = ReturnType<typeof applicationDetail>;

/** Columns of the application export (phone masked, no chat identity). */
export const applicationColumns: Column<ApplicationDetail>[] = [
  { header: '查询码', value: (a) => a.trackingCode },
  { header: '状态', value: (a) => a.statusName },
  { header: '困难类型', value: (a) => a.event },
  { header: '发生日期', value: (a) => a.eventDate },
  { header: '估计花费（元）', value: (a) => a.cost },
  { header: '希望得到的帮助', value: (a) => a.help },
  { header: '乡镇', value: (a) => a.township },
  { header: '村', value: (a) => a.village },
  { header: '户编号', value: (a) => a.householdId },
  { header: '申报人', value: (a) => a.applicantName },
  { header: '联系电话（脱敏）', value: (a) => a.phoneMasked },
  { header: '核查人', value: (a) => a.assigneeName ?? undefined },
  { header: '核查期限', value: (a) => a.checkDeadline },
  { header: '认定期限', value: (a) => a.decisionDeadline },
  { header: '是否逾期', value: (a) => (a.overdue ? '是' : '否') },
  { header: '监测类型', value: (a) => a.monitorType ?? undefined },
  { header: '申报时间', value: (a) => a.createdAt },
];
