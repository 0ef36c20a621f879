import type { LedgerItem, LedgerRepo } from '../ledger-repos.js';
import type { Page, PageRequest } from '../queries.js';
import type { JsonCollection } from './collection.js';
import { indexAdd, indexRemove, newestFirst, pageOf } from './indexes.js';

/** How a ledger's filter `F` picks items and sums them up as `S`. */
export type LedgerQueries<T, F, S> = { matcher: (filter: F) => (item: T) => boolean; summary: (items: T[], filter: F) => S };

/** A ledger (complaints, hardship applications) over a lowdb collection, indexed by tracking code, reporter and household. */
export class LowLedger<T extends LedgerItem, F extends object, S> implements LedgerRepo<T, F, S> {
  private readonly byCode = new Map<string, string>();
  private readonly byReporter = new Map<string, string[]>();
  private readonly byTag = new Map<string, string[]>();
  private readonly byHouse = new Map<string, string[]>();

  constructor(
    private readonly col: JsonCollection<T>,
    private readonly queries: LedgerQueries<T, F, S>,
  ) {
    for (const item of col.values()) this.index(item);
  }

  async get(id: string): Promise<T | undefined> {
    return this.col.get(id);
  }

  async byTrackingCode(code: string): Promise<T | undefined> {
    const id = this.byCode.get(code);
    return id === undefined ? undefined : this.col.get(id);
  }

  async byReporterAddress(channel: string, userId: string): Promise<T[]> {
    return this.items(this.byReporter.get(`${channel}:${userId}`));
  }

  async byReplyTag(tag: string): Promise<T[]> {
    return this.items(this.byTag.get(tag));
  }

  async byHousehold(householdId: string): Promise<T[]> {
    return this.items(this.byHouse.get(householdId));
  }

  async search(query: F & PageRequest): Promise<Page<T>> {
    return pageOf(this.match(query), query);
  }

  async list(filter: F): Promise<T[]> {
    return this.match(filter);
  }

  async summary(filter: F): Promise<S> {
    return this.queries.summary(this.match(filter), filter);
  }

  async put(item: T): Promise<void> {
    const old = this.col.get(item.id);
    const written = this.col.put(item);
    this.changed(old, item);
    try {
      await written;
    } catch (error) {
      if (this.col.get(item.id) === old) this.changed(item, old);
      throw error;
    }
  }

  /** Keeps the indexes in step with a stored change (also for changes written by a store transaction). */
  changed(before: T | undefined, after: T | undefined): void {
    if (before) this.unindex(before);
    if (after) this.index(after);
  }

  private match(filter: F): T[] {
    const keep = this.queries.matcher(filter);
    return [...this.col.values()].filter(keep).sort(newestFirst);
  }

  private items(ids: string[] | undefined): T[] {
    return (ids ?? []).flatMap((id) => this.col.get(id) ?? []);
  }

  private index(item: T): void {
    this.byCode.set(item.trackingCode, item.id);
    if (item.reporter) indexAdd(this.byReporter, `${item.reporter.channel}:${item.reporter.userId}`, item.id);
    if (item.replyTo) indexAdd(this.byTag, item.replyTo.tag, item.id);
    if (item.householdId) indexAdd(this.byHouse, item.householdId, item.id);
  }

  private unindex(item: T): void {
    if (this.byCode.get(item.trackingCode) === item.id) this.byCode.delete(item.trackingCode);
    if (item.reporter) indexRemove(this.byReporter, `${item.reporter.channel}:${item.reporter.userId}`, (id) => id === item.id);
    if (item.replyTo) indexRemove(this.byTag, item.replyTo.tag, (id) => id === item.id);
    if (item.householdId) indexRemove(this.byHouse, item.householdId, (id) => id === item.id);
  }
}
