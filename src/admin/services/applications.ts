import { z } from 'zod';
import { maskPhone } from '../../core/text.js';
import { nextApplicationStatuses } from '../../ledger/application-rules.js';
import { CADRE_ASSIGNEE } from '../../ledger/application-service.js';
import { APPLICATION_STATUSES, type Application, type ApplicationStatus, isApplicationOverdue } from '../../model/application.js';
import type { Cadre } from '../../model/cadre.js';
import { localDate } from '../../model/calendar.js';
import type { Household } from '../../model/household.js';
import type { ApplicationFilter } from '../../store/queries.js';
import type { Store } from '../../store/store.js';
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

/** The store filter of the list filters. */
export function applicationFilter(f: ApplicationQuery, now: Date): ApplicationFilter {
  return { ...f, today: localDate(now) };
}

/** The households and cadres some applications name, looked up once for the lot. */
type Related = { households: Map<string, Household>; cadres: Map<string, Cadre> };

async function related(store: Store, list: Application[]): Promise<Related> {
  const householdIds = list.flatMap((a) => a.householdId ?? []);
  const cadreIds = [
    ...new Set(list.flatMap((a) => (a.assignee?.startsWith(CADRE_ASSIGNEE) ? [a.assignee.slice(CADRE_ASSIGNEE.length)] : []))),
  ];
  const households = await store.households.getMany(householdIds);
  const cadres = (await Promise.all(cadreIds.map((id) => store.cadres.get(id)))).filter((c): c is Cadre => c !== undefined);
  return { households: new Map(households.map((h) => [h.id, h])), cadres: new Map(cadres.map((c) => [c.id, c])) };
}

/** An assignee for people: a registered cadre by name, anyone else as typed. */
function assigneeName(assignee: string | undefined, cadres: Map<string, Cadre>): string | undefined {
  if (!assignee?.startsWith(CADRE_ASSIGNEE)) return assignee;
  const cadre = cadres.get(assignee.slice(CADRE_ASSIGNEE.length));
  return cadre ? `${cadre.name}（帮扶责任人）` : '帮扶责任人（已删除）';
}

/** Which deadline an open application is measured against now. */
function deadlineOf(a: Application): string | undefined {
  if (a.status === 'submitted') return a.checkDeadline;
  if (a.status === 'checking' || a.status === 'reviewing') return a.decisionDeadline;
  return undefined;
}

/** Applications as lists, the API and exports show them. */
export async function applicationItems(store: Store, list: Application[], now: Date): Promise<ApplicationItem[]> {
  const r = await related(store, list);
  return list.map((a) => applicationItem(a, now, r));
}

/** An application as lists, the API and exports show it: fields picked one by one (never the reporter), phone masked. */
function applicationItem(a: Application, now: Date, r: Related) {
  const household = a.householdId ? r.households.get(a.householdId) : undefined;
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
    assigneeName: assigneeName(a.assignee, r.cadres) ?? null,
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

/** Applications with what was asked for, their history, linked visits and the statuses they may move to. */
export async function applicationDetails(store: Store, list: Application[], now: Date): Promise<ApplicationDetail[]> {
  const r = await related(store, list);
  return list.map((a) => applicationDetail(a, now, r));
}

/** One application in detail. */
export async function oneApplicationDetail(store: Store, a: Application, now: Date): Promise<ApplicationDetail> {
  return applicationDetail(a, now, await related(store, [a]));
}

function applicationDetail(a: Application, now: Date, r: Related) {
  return {
    ...applicationItem(a, now, r),
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
