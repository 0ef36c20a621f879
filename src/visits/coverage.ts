import type { Cadre } from '../model/cadre.js';
import { daysBetween, localDate } from '../model/calendar.js';
import type { Household } from '../model/household.js';
import type { Store } from '../store/legacy-store.js';

/** A household on a cadre's list, with how long since it was last visited. */
export type HouseholdDue = { household: Household; lastVisit?: string; daysSince?: number; overdue: boolean };

/** A cadre's assigned households, most overdue first (never-visited first of all). */
export function householdsDue(store: Store, cadre: Cadre, now: Date, days: number): HouseholdDue[] {
  const today = localDate(now);
  const rows = store.cadres.assignedHouseholds(cadre, store.households.all()).map((household): HouseholdDue => {
    const lastVisit = store.visits.lastFor(household.id)?.date;
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

/** Coverage per village and per cadre, with the overdue household ids. */
export function coverage(store: Store, now: Date, days: number): { days: number; byVillage: CoverageRow[]; byCadre: CoverageRow[] } {
  const today = localDate(now);
  const visitedRecently = (h: Household) => {
    const last = store.visits.lastFor(h.id)?.date;
    return last !== undefined && daysBetween(last, today) <= days;
  };
  const row = (key: string, name: string, households: Household[]): CoverageRow => {
    const overdue = households.filter((h) => !visitedRecently(h)).map((h) => h.id);
    const visited = households.length - overdue.length;
    return { key, name, assigned: households.length, visited, rate: households.length ? visited / households.length : 0, overdue };
  };
  const byPlace = new Map<string, Household[]>();
  const byVillageName = new Map<string, Household[]>();
  for (const h of store.households.all()) {
    const key = `${h.township}/${h.village}`;
    byPlace.set(key, byPlace.get(key) ?? []);
    byPlace.get(key)?.push(h);
    byVillageName.set(h.village, byVillageName.get(h.village) ?? []);
    byVillageName.get(h.village)?.push(h);
  }
  const byVillage = [...byPlace]
    .map(([key, hs]) => row(key, key.replace('/', ''), hs))
    .sort((a, b) => a.rate - b.rate || a.key.localeCompare(b.key));
  // Same rule as CadreRepo.assignedHouseholds (villages ∪ households), via indexes: one pass instead of one per cadre.
  const assigned = (c: Cadre) => {
    const set = new Set(c.villages.flatMap((v) => byVillageName.get(v) ?? []));
    for (const id of c.householdIds) {
      const h = store.households.get(id);
      if (h) set.add(h);
    }
    return [...set];
  };
  const byCadre = [...store.cadres.all()]
    .filter((c) => c.status === 'active')
    .map((c) => row(c.id, c.name, assigned(c)))
    .sort((a, b) => a.rate - b.rate || a.name.localeCompare(b.name, 'zh'));
  return { days, byVillage, byCadre };
}
