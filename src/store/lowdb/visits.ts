import { CHECKLIST, type Visit } from '../../model/visit.js';
import type { VisitRepo } from '../ledger-repos.js';
import type { CoverageGroup, Page, VisitCoverage, VisitFilter, VisitQuery } from '../queries.js';
import type { LowCadres } from './cadres.js';
import type { JsonCollection } from './collection.js';
import type { LowHouseholds } from './households.js';
import { pageOf } from './indexes.js';

/** Home visits over a sharded lowdb collection, with the latest visit per household kept in memory. */
export class LowVisits implements VisitRepo {
  private readonly latest = new Map<string, Visit>();
  private households: LowHouseholds | undefined;
  private cadres: LowCadres | undefined;

  constructor(private readonly col: JsonCollection<Visit>) {
    for (const v of col.values()) this.track(v);
  }

  /** Links the registry, for coverage. */
  link(households: LowHouseholds, cadres: LowCadres): void {
    this.households = households;
    this.cadres = cadres;
  }

  async get(id: string): Promise<Visit | undefined> {
    return this.col.get(id);
  }

  async lastFor(householdId: string): Promise<Visit | undefined> {
    return this.latest.get(householdId);
  }

  async lastDates(householdIds: readonly string[]): Promise<Record<string, string>> {
    const dates: Record<string, string> = {};
    for (const id of householdIds) {
      const date = this.latest.get(id)?.date;
      if (date !== undefined) dates[id] = date;
    }
    return dates;
  }

  /** The date of a household's latest visit, for other lowdb repos. */
  lastDate(householdId: string): string | undefined {
    return this.latest.get(householdId)?.date;
  }

  async search(query: VisitQuery): Promise<Page<Visit>> {
    return pageOf(this.match(query), query);
  }

  async list(filter: VisitFilter): Promise<Visit[]> {
    return this.match(filter);
  }

  async countByDate(from: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const v of this.col.values()) if (v.date >= from) counts[v.date] = (counts[v.date] ?? 0) + 1;
    return counts;
  }

  async coverage(since: string): Promise<VisitCoverage> {
    const households = this.households;
    if (!households || !this.cadres) throw new Error('LowVisits.link was not called');
    const group = (ids: Iterable<string>): CoverageGroup => {
      const all = [...ids];
      const overdue = all.filter((id) => (this.lastDate(id) ?? '') < since).sort();
      return { assigned: all.length, visited: all.length - overdue.length, overdue };
    };
    const places = new Map<string, { township: string; village: string; ids: string[] }>();
    for (const h of households.values()) {
      const key = `${h.township}\u0000${h.village}`;
      const place = places.get(key) ?? { township: h.township, village: h.village, ids: [] };
      place.ids.push(h.id);
      places.set(key, place);
    }
    const byPlace = [...places.values()].map(({ township, village, ids }) => ({ township, village, ...group(ids) }));
    const byCadre = [...this.cadres.values()]
      .filter((c) => c.status === 'active')
      .map((c) => {
        const ids = new Set(c.villages.flatMap((v) => [...households.idsInVillage(v)]));
        for (const id of c.householdIds) if (households.has(id)) ids.add(id);
        return { cadreId: c.id, name: c.name, ...group(ids) };
      });
    return { byPlace, byCadre };
  }

  async put(visit: Visit): Promise<void> {
    const written = this.col.put(visit);
    this.track(visit);
    try {
      await written;
    } catch (error) {
      this.latest.clear();
      for (const v of this.col.values()) this.track(v);
      throw error;
    }
  }

  /** Keeps the latest-visit index in step with a visit written by a store transaction. */
  changed(before: Visit | undefined, after: Visit | undefined): void {
    if (after) this.track(after);
    else if (before && this.latest.get(before.householdId) === before) {
      this.latest.delete(before.householdId);
      for (const v of this.col.values()) if (v.householdId === before.householdId) this.track(v);
    }
  }

  private match(f: VisitFilter): Visit[] {
    return [...this.col.values()]
      .filter(
        (v) =>
          (!f.cadreId || v.cadreId === f.cadreId) &&
          (!f.village || v.village === f.village) &&
          (!f.householdId || v.householdId === f.householdId) &&
          (!f.from || v.date >= f.from) &&
          (!f.to || v.date <= f.to) &&
          (f.hasProblems === undefined || CHECKLIST.some((item) => !v.checklist[item.key]?.ok) === f.hasProblems),
      )
      .sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
  }

  private track(v: Visit): void {
    const current = this.latest.get(v.householdId);
    if (!current || current.id === v.id || v.date > current.date || (v.date === current.date && v.createdAt >= current.createdAt))
      this.latest.set(v.householdId, v);
  }
}
