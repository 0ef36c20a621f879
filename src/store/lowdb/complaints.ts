import type { Complaint } from '../../ledger/complaint-types.js';
import type { ComplaintQuery, ComplaintRepo } from '../store.js';
import type { JsonCollection } from './collection.js';
import { indexAdd, indexRemove } from './households.js';

/** The complaint ledger over a lowdb collection, indexed by tracking code and reporter. */
export class LowComplaints implements ComplaintRepo {
  private readonly byCode = new Map<string, string>();
  private readonly byReporter = new Map<string, string[]>();

  constructor(private readonly col: JsonCollection<Complaint>) {
    for (const c of col.values()) this.index(c);
  }

  get(id: string): Complaint | undefined {
    return this.col.get(id);
  }

  byTrackingCode(code: string): Complaint | undefined {
    const id = this.byCode.get(code);
    return id === undefined ? undefined : this.col.get(id);
  }

  byReporterAddress(channel: string, userId: string): Complaint[] {
    return (this.byReporter.get(`${channel}:${userId}`) ?? []).flatMap((id) => this.col.get(id) ?? []);
  }

  search(query: ComplaintQuery): Complaint[] {
    return [...this.col.values()]
      .filter(
        (c) =>
          (!query.status || c.status === query.status) &&
          (!query.category || c.category === query.category) &&
          (!query.township || c.township === query.township) &&
          (!query.householdId || c.householdId === query.householdId) &&
          (!query.visible || query.visible(c)) &&
          (query.overdue === undefined || query.overdue(c)),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  all(): Iterable<Complaint> {
    return this.col.values();
  }

  async put(complaint: Complaint): Promise<void> {
    const old = this.col.get(complaint.id);
    await this.col.put(complaint);
    if (old?.reporter) indexRemove(this.byReporter, `${old.reporter.channel}:${old.reporter.userId}`, (id) => id === old.id);
    this.index(complaint);
  }

  private index(c: Complaint): void {
    this.byCode.set(c.trackingCode, c.id);
    if (c.reporter) indexAdd(this.byReporter, `${c.reporter.channel}:${c.reporter.userId}`, c.id);
  }
}
