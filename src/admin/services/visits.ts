import { z } from 'zod';
import { CHECKLIST, type Visit } from '../../model/visit.js';
import type { Store } from '../../store/legacy-store.js';
import { AdminError } from './admin-error.js';
import type { Column } from './export-table.js';
import { filterDate, filterFlag, filterText } from './list-query.js';

/** Visit list filters (`?cadreId=&village=&householdId=&from=&to=&hasProblems=`). */
export const visitQuery = z.object({
  cadreId: filterText(100),
  village: filterText(),
  householdId: filterText(),
  from: filterDate('from（开始日期）'),
  to: filterDate('to（结束日期）'),
  hasProblems: filterFlag('hasProblems'),
});

/** Parsed visit filters. */
export type VisitFilters = z.infer<typeof visitQuery>;

const DAYS = 'days 应是 1–365 的整数（天数）';

/** `?days=` of the coverage views: 1–365, the configured VISIT_OVERDUE_DAYS when absent. */
export function coverageQuery(fallback: number) {
  return z.object({
    days: z.preprocess(
      (v) => (v === '' || v === undefined ? fallback : v),
      z.coerce.number({ message: DAYS }).int({ message: DAYS }).min(1, { message: DAYS }).max(365, { message: DAYS }),
    ),
  });
}

/** How many 两不愁三保障 items the visit found 不达标. */
export function problemCount(v: Visit): number {
  return CHECKLIST.filter((item) => !v.checklist[item.key]?.ok).length;
}

/** Visits matching the filters, newest first; "has problems" means at least one checklist item 不达标. */
export function filterVisits(store: Store, f: VisitFilters): Visit[] {
  if (f.from && f.to && f.from > f.to) throw new AdminError('开始日期不能晚于结束日期');
  const { hasProblems, ...rest } = f;
  const found = store.visits.search(rest);
  return hasProblems === undefined ? found : found.filter((v) => problemCount(v) > 0 === hasProblems);
}

/** A visit as lists, the API and exports show it. */
export function visitItem(store: Store, v: Visit) {
  return {
    id: v.id,
    date: v.date,
    cadreId: v.cadreId,
    cadreName: store.cadres.get(v.cadreId)?.name ?? '（已删除）',
    householdId: v.householdId,
    headName: store.households.get(v.householdId)?.headName,
    village: v.village,
    problemCount: problemCount(v),
    income: v.income,
    nextVisit: v.nextVisit,
    photoCount: v.attachments.filter((a) => a.kind === 'image').length,
    createdAt: v.createdAt,
  };
}

/** A visit list item. */
export type VisitItem = ReturnType<typeof visitItem>;

/**
 * One visit in full. A photo is given as the dashboard URL that serves it, never its path on disk (which names the
 * chat account that sent it).
 */
export function visitDetail(store: Store, v: Visit) {
  return {
    ...visitItem(store, v),
    lateReason: v.lateReason,
    checklist: CHECKLIST.map((item) => ({
      key: item.key,
      label: item.label,
      ok: v.checklist[item.key]?.ok ?? false,
      reason: v.checklist[item.key]?.reason,
    })),
    problems: v.problems,
    measures: v.measures,
    attachments: v.attachments.map((a, i) =>
      a.kind === 'image'
        ? { kind: 'image' as const, url: `/admin/visits/${encodeURIComponent(v.id)}/attachments/${i}` }
        : { kind: 'location' as const, lat: a.lat, lng: a.lng, label: a.label },
    ),
    complaintIds: [...v.complaintIds],
    applicationId: v.applicationId,
  };
}

/** A visit detail. */
export type VisitDetail = ReturnType<typeof visitDetail>;

/** Columns of the visit export. */
export const visitColumns: Column<VisitDetail>[] = [
  { header: '走访日期', value: (v) => v.date },
  { header: '帮扶责任人', value: (v) => v.cadreName },
  { header: '户编号', value: (v) => v.householdId },
  { header: '户主', value: (v) => v.headName },
  { header: '村', value: (v) => v.village },
  ...CHECKLIST.map(
    (item, i): Column<VisitDetail> => ({
      header: item.label,
      value: (v) => {
        const c = v.checklist[i];
        return c?.ok ? '达标' : `不达标：${c?.reason ?? '未说明'}`;
      },
    }),
  ),
  { header: '不达标项数', value: (v) => v.problemCount },
  { header: '人均纯收入（元）', value: (v) => v.income },
  { header: '其他问题', value: (v) => v.problems },
  { header: '帮扶措施', value: (v) => v.measures },
  { header: '下次走访', value: (v) => v.nextVisit },
  { header: '补登原因', value: (v) => v.lateReason },
  { header: '照片数', value: (v) => v.photoCount },
];

/** The cadres and villages the filters offer. */
export function visitFilterOptions(store: Store): { cadres: { value: string; label: string }[]; villages: string[] } {
  const cadres = [...store.cadres.all()]
    .map((c) => ({ value: c.id, label: c.status === 'active' ? c.name : `${c.name}（已停用）` }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh'));
  const villages = new Set<string>();
  for (const h of store.households.all()) villages.add(h.village);
  return { cadres, villages: [...villages].sort((a, b) => a.localeCompare(b, 'zh')) };
}
