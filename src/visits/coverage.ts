import type { Cadre } from '../model/cadre.js';
import { addDays, daysBetween, localDate } from '../model/calendar.js';
import type { Household } from '../model/household.js';
import type { Store } from '../store/store.js';

/** A household on a cadre's list, with how long since it was last visited. */
export type HouseholdDue = { household: Household; lastVisit?: string; daysSince?: number; overdue: boolean };

/** A cadre's assigned households, most overdue first (never-visited first of all). */
export async function householdsDue(store: Store, cadre: Cadre, now: Date, days: number): Promise<HouseholdDue[]> {
  const today = localDate(now);
  const households = await store.households.find({ cadreId: cadre.id });
  const last = await store.visits.lastDates(households.map((h) => h.id));
  const rows = households.map((household): HouseholdDue => {
    const lastVisit = last[household.id];
    const daysSince = lastVisit ? daysBetween(lastVisit, today) : undefined;
    return { household, lastVisit, daysSince, overdue: daysSince === undefined || daysSince > days };
  });
  return rows.sort(
    (a, b) =>
      (b.daysSince ?? Number.POSITIVE_INFINITY) - (a.daysSince ?? Number.POSITIVE_INFINITY) || a.household.id.localeCompare(b.household.id),
  );
}

/** Coverage of one group (a village or a cadre): households visited within N days out of those assigned. */
export type CoverageRow = { key: string; name: string; assigned: number; visited: number; rate: number; overdue: string[] };

/** The first day a visit counts as recent for a window of `days` days ending today. */
export function visitedSince(now: Date, days: number): string {
  return addDays(localDate(now), -days);
}

/** Coverage per village and per cadre, with the overdue household ids. */
export async function coverage(
  store: Store,
  now: Date,
  days: number,
): Promise<{ days: number; byVillage: CoverageRow[]; byCadre: CoverageRow[] }> {
  const data = await store.visits.coverage(visitedSince(now, days));
  const row = (key: string, name: string, g: { assigned: number; visited: number; overdue: string[] }): CoverageRow => ({
    key,
    name,
    assigned: g.assigned,
    visited: g.visited,
    rate: g.assigned ? g.visited / g.assigned : 0,
    overdue: g.overdue,
  });
  const byVillage = data.byPlace
    .map((p) => row(`${p.township}/${p.village}`, `${p.township}${p.village}`, p))
    .sort((a, b) => a.rate - b.rate || a.key.localeCompare(b.key));
  const byCadre = data.byCadre.map((c) => row(c.cadreId, c.name, c)).sort((a, b) => a.rate - b.rate || a.name.localeCompare(b.name, 'zh'));
  return { days, byVillage, byCadre };
}
