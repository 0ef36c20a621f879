import { z } from 'zod';
import { maskPhone } from '../../core/text.js';
import { nextStatuses } from '../../ledger/complaint-rules.js';
import { localDate } from '../../model/calendar.js';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  type Complaint,
  type ComplaintStatus,
  canSeeComplaint,
  isOverdue,
} from '../../model/complaint.js';
import type { StaffUser } from '../../model/staff.js';
import type { ComplaintFilter } from '../../store/queries.js';
import type { Store } from '../../store/store.js';
import type { Column } from './export-table.js';
import { filterChoice, filterFlag, filterText } from './list-query.js';

/** Every complaint status id, in ledger order. */
export const COMPLAINT_STATUS_IDS = Object.keys(COMPLAINT_STATUSES) as [ComplaintStatus, ...ComplaintStatus[]];

/** Complaint list filters (`?status=&category=&township=&overdue=&q=`). */
export const complaintQuery = z.object({
  status: filterChoice('status', COMPLAINT_STATUS_IDS),
  category: filterChoice('category', COMPLAINT_CATEGORIES),
  township: filterText(),
  overdue: filterFlag('overdue'),
  /** A tracking code or a village. */
  q: filterText(),
});

/** Parsed complaint filters. */
export type ComplaintQuery = z.infer<typeof complaintQuery>;

type Viewer = Pick<StaffUser, 'role' | 'unit'>;

/** The store filter for the complaints this staff member may see that match the list filters. */
export function complaintFilter(staff: Viewer, f: Partial<ComplaintQuery>, now: Date): ComplaintFilter {
  return { ...f, viewer: { role: staff.role, unit: staff.unit }, today: localDate(now) };
}

/** The complaint if it exists and this staff member may see it. */
export async function visibleComplaint(store: Store, staff: Viewer, id: string): Promise<Complaint | undefined> {
  const c = await store.complaints.get(id);
  return c && canSeeComplaint(staff, c) ? c : undefined;
}

/**
 * A complaint as lists, the API and exports show it. Fields are picked one by one, never spread: the reporter's chat
 * address must not leave the server, and an anonymous complaint shows no phone at all.
 */
export function complaintItem(c: Complaint, now: Date) {
  return {
    id: c.id,
    trackingCode: c.trackingCode,
    category: c.category,
    status: c.status,
    statusName: COMPLAINT_STATUSES[c.status],
    township: c.township,
    village: c.village,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    // null rather than absent, so every item has the same keys in JSON.
    deadline: c.deadline ?? null,
    overdue: isOverdue(c, localDate(now)),
    assignee: c.assignee ?? null,
    reopenCount: c.reopenCount,
    anonymous: c.anonymous,
    sensitive: c.sensitive,
    ...(!c.anonymous && c.phone ? { phoneMasked: maskPhone(c.phone) } : {}),
    satisfaction: c.satisfaction,
  };
}

/** A complaint list item. */
export type ComplaintItem = ReturnType<typeof complaintItem>;

/** One complaint with its description, history and the statuses it may move to. */
export function complaintDetail(c: Complaint, now: Date) {
  return {
    ...complaintItem(c, now),
    description: c.description,
    concerns: c.concerns,
    householdId: c.householdId,
    visitId: c.visitId,
    /** The dashboard URLs of the reporter's photos (never their paths on disk). */
    photos: (c.photos ?? []).map((_, i) => ({ url: `/admin/complaints/${encodeURIComponent(c.id)}/photos/${i}` })),
    history: c.history.map((e) => ({ at: e.at, by: e.by, from: e.from, to: e.to, note: e.note })),
    nextStatuses: [...nextStatuses(c)],
  };
}

/** A complaint detail. */
export type ComplaintDetail = ReturnType<typeof complaintDetail>;

const yesNo = (v: boolean) => (v ? '是' : '否');

/** Columns of the ledger export: no reporter, phone masked and only for named reporters. */
export const complaintColumns: Column<ComplaintDetail>[] = [
  { header: '查询码', value: (c) => c.trackingCode },
  { header: '问题类别', value: (c) => c.category },
  { header: '状态', value: (c) => c.statusName },
  { header: '乡镇', value: (c) => c.township },
  { header: '村', value: (c) => c.village },
  { header: '问题描述', value: (c) => c.description },
  { header: '反映对象', value: (c) => c.concerns },
  { header: '反映方式', value: (c) => (c.anonymous ? '匿名' : '实名') },
  { header: '联系电话（脱敏）', value: (c) => c.phoneMasked },
  { header: '承办单位', value: (c) => c.assignee ?? undefined },
  { header: '办结期限', value: (c) => c.deadline ?? undefined },
  { header: '是否逾期', value: (c) => yesNo(c.overdue) },
  { header: '重新整改次数', value: (c) => c.reopenCount },
  { header: '登记时间', value: (c) => c.createdAt },
  { header: '最近更新', value: (c) => c.updatedAt },
];

/** Townships to filter by: the registry's and any a visible complaint names. */
export async function complaintTownships(store: Store, staff: Viewer, now: Date): Promise<string[]> {
  const registry = (await store.households.places()).map((p) => p.township);
  const named = Object.keys((await store.complaints.summary(complaintFilter(staff, {}, now))).byTownship);
  return [...new Set([...registry, ...named.filter(Boolean)])].sort((a, b) => a.localeCompare(b, 'zh'));
}
