import type { Visit } from '../../model/visit.js';
import type { VisitQuery, VisitRepo } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';

/** Home visits over a sharded lowdb collection, with the latest visit per household kept in memory. */
export class LowVisits implements VisitRepo {
  private readonly latest = new Map<string, Visit>();

  constructor(private readonly col: JsonCollection<Visit>) {
    for (const v of col.values()) this.track(v);
  }

  get(id: string): Visit | undefined {
    return this.col.get(id);
  }

  lastFor(householdId: string): Visit | undefined {
    return this.latest.get(householdId);
  }

  search(query: VisitQuery): Visit[] {
    return [...this.col.values()]
      .filter(
        (v) =>
          (!query.cadreId || v.cadreId === query.cadreId) &&
          (!query.village || v.village === query.village) &&
          (!query.householdId || v.householdId === query.householdId) &&
          (!query.from || v.date >= query.from) &&
          (!query.to || v.date <= query.to) &&
          (query.hasProblems === undefined || v.complaintIds.length > 0 === query.hasProblems),
      )
      .sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
  }

  all(): Iterable<Visit> {
    return this.col.values();
  }

  async put(visit: Visit): Promise<void> {
    await this.col.put(visit);
    this.track(visit);
  }

  /** Keeps the latest-visit index in step with a visit written by a store transaction. */
  changed(_before: Visit | undefined, after: Visit | undefined): void {
    if (after) this.track(after);
  }

  private track(v: Visit): void {
    const current = this.latest.get(v.householdId);
    if (!current || v.date > current.date || (v.date === current.date && v.createdAt >= current.createdAt))
      this.latest.set(v.householdId, v);
  }
}
