import type { LedgerItem, LedgerRepo } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';
import { indexAdd, indexRemove } from './households.js';

/** A ledger (complaints, hardship applications) over a lowdb collection, indexed by tracking code, reporter and household. */
export class LowLedger<T extends LedgerItem> implements LedgerRepo<T> {
  private readonly byCode = new Map<string, string>();
  private readonly byReporter = new Map<string, string[]>();
  private readonly byTag = new Map<string, string[]>();
  private readonly byHouse = new Map<string, string[]>();

  constructor(private readonly col: JsonCollection<T>) {
    for (const item of col.values()) this.index(item);
  }

  get(id: string): T | undefined {
    return this.col.get(id);
  }

  byTrackingCode(code: string): T | undefined {
    const id = this.byCode.get(code);
    return id === undefined ? undefined : this.col.get(id);
  }

  byReporterAddress(channel: string, userId: string): T[] {
    return (this.byReporter.get(`${channel}:${userId}`) ?? []).flatMap((id) => this.col.get(id) ?? []);
  }

  byReplyTag(tag: string): T[] {
    return (this.byTag.get(tag) ?? []).flatMap((id) => this.col.get(id) ?? []);
  }

  byHousehold(householdId: string): T[] {
    return (this.byHouse.get(householdId) ?? []).flatMap((id) => this.col.get(id) ?? []);
  }

  filter(keep: (item: T) => boolean): T[] {
    return [...this.col.values()].filter(keep).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  all(): Iterable<T> {
    return this.col.values();
  }

  async put(item: T): Promise<void> {
    const old = this.col.get(item.id);
    await this.col.put(item);
    this.changed(old, item);
  }

  /** Keeps the indexes in step with a stored change (also for changes written by a store transaction). */
  changed(before: T | undefined, after: T | undefined): void {
    if (before) this.unindex(before);
    if (after) this.index(after);
  }

  private index(item: T): void {
    this.byCode.set(item.trackingCode, item.id);
    if (item.reporter) indexAdd(this.byReporter, `${item.reporter.channel}:${item.reporter.userId}`, item.id);
    if (item.replyTo) indexAdd(this.byTag, item.replyTo.tag, item.id);
    if (item.householdId) indexAdd(this.byHouse, item.householdId, item.id);
  }

  private unindex(item: T): void {
    if (item.reporter) indexRemove(this.byReporter, `${item.reporter.channel}:${item.reporter.userId}`, (id) => id === item.id);
    if (item.replyTo) indexRemove(this.byTag, item.replyTo.tag, (id) => id === item.id);
    if (item.householdId) indexRemove(this.byHouse, item.householdId, (id) => id === item.id);
  }
}
