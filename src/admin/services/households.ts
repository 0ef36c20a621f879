import { z } from 'zod';
import { maskPhone } from '../../core/text.js';
import type { CardColour, Household, PovertyStatus } from '../../model/household.js';
import { maskIdNumber } from '../../privacy/id-number.js';
import type { Store } from '../../store/legacy-store.js';
import type { Column } from './export-table.js';
import { filterText } from './list-query.js';

const STATUSES: [PovertyStatus, ...PovertyStatus[]] = ['未脱贫', '已脱贫', '监测对象'];
const CARDS: [CardColour, ...CardColour[]] = ['红卡', '蓝卡', '黄卡'];

/** Household list filters: text (户编号 / 户主 / 村), township, village, status, card. */
export const householdQuery = z.object({
  q: filterText(),
  township: filterText(),
  village: filterText(),
  status: z.enum(STATUSES).optional().catch(undefined),
  card: z.enum(CARDS).optional().catch(undefined),
});

/** Parsed household filters. */
export type HouseholdFilters = z.infer<typeof householdQuery>;

/** Every household matching the filters, sorted by 户编号. */
export function filterHouseholds(store: Store, f: HouseholdFilters): Household[] {
  const { items } = store.households.search({
    q: f.q,
    township: f.township,
    village: f.village,
    page: 1,
    pageSize: Number.MAX_SAFE_INTEGER,
  });
  return items.filter((h) => (!f.status || h.status === f.status) && (!f.card || h.card === f.card));
}

/** A household as lists, exports and the API show it: masked ID and phones, no hashes. */
export function householdItem(h: Household) {
  return {
    id: h.id,
    headName: h.headName,
    idMasked: maskIdNumber(h.idMasked),
    phone: h.phone ? maskPhone(h.phone) : undefined,
    county: h.county,
    township: h.township,
    village: h.village,
    group: h.group,
    size: h.size,
    attribute: h.attribute,
    card: h.card,
    causes: h.causes,
    status: h.status,
    exitYear: h.exitYear,
    monitorType: h.monitorType,
    monitorSince: h.monitorSince,
    cadreName: h.cadreName,
    cadrePhone: h.cadrePhone ? maskPhone(h.cadrePhone) : undefined,
    updatedAt: h.updatedAt,
  };
}

/** A household list item. */
export type HouseholdItem = ReturnType<typeof householdItem>;

/** Everything the detail page shows of one household, masked; undefined when there is no such household. */
export function householdDetail(store: Store, id: string) {
  const h = store.households.get(id);
  if (!h) return undefined;
  return {
    household: householdItem(h),
    members: store.members
      .byHousehold(id)
      .map((m) => ({ id: m.id, name: m.name, idMasked: maskIdNumber(m.idMasked), relation: m.relation })),
    aid: store.aid
      .byHousehold(id)
      .map((r) => ({ id: r.id, category: r.category, name: r.name, amountFen: r.amountFen, date: r.date, note: r.note })),
    boundChatUsers: store.bindings.byTarget('household', id).length,
    cadres: store.cadres.forHousehold(h).map((c) => ({ id: c.id, name: c.name, phone: maskPhone(c.phone), org: c.org })),
  };
}

/** The townships and villages present in the registry, for the filter selects. */
export function places(store: Store): { townships: string[]; villages: string[] } {
  const townships = new Set<string>();
  const villages = new Set<string>();
  for (const h of store.households.all()) {
    townships.add(h.township);
    villages.add(h.village);
  }
  const sort = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  return { townships: sort(townships), villages: sort(villages) };
}

/** Columns of the household export; only masked values. */
export const householdColumns: Column<HouseholdItem>[] = [
  { header: '户编号', value: (h) => h.id },
  { header: '户主姓名', value: (h) => h.headName },
  { header: '身份证号（脱敏）', value: (h) => h.idMasked },
  { header: '联系电话（脱敏）', value: (h) => h.phone },
  { header: '县', value: (h) => h.county },
  { header: '乡镇', value: (h) => h.township },
  { header: '村', value: (h) => h.village },
  { header: '组', value: (h) => h.group },
  { header: '人口数', value: (h) => h.size },
  { header: '贫困户属性', value: (h) => h.attribute },
  { header: '卡类', value: (h) => h.card },
  { header: '致贫原因', value: (h) => h.causes.join('、') },
  { header: '脱贫状态', value: (h) => h.status },
  { header: '脱贫年度', value: (h) => h.exitYear },
  { header: '监测类型', value: (h) => h.monitorType },
  { header: '帮扶责任人', value: (h) => h.cadreName },
  { header: '责任人电话（脱敏）', value: (h) => h.cadrePhone },
];
