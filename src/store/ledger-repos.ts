import type { SealedAddress } from '../model/address.js';
import type { Visit } from '../model/visit.js';
import type { Page, PageRequest, VisitCoverage, VisitFilter, VisitQuery } from './queries.js';

/** What every ledger item has: the store indexes these. */
export type LedgerItem = {
  id: string;
  trackingCode: string;
  /** A chat account in clear (hardship applicants, who give their name anyway; complaints stored before sealing). */
  reporter?: { channel: string; userId: string };
  /** A reporter's sealed reply address (complaints): the account cannot be read from it without the key. */
  replyTo?: SealedAddress;
  householdId?: string;
  createdAt: string;
};

/** A ledger of tracked items: complaints (问题台账) or hardship applications (防返贫申报), filtered by `F`, summed up as `S`. */
export interface LedgerRepo<T extends LedgerItem, F, S> {
  get(id: string): Promise<T | undefined>;
  byTrackingCode(code: string): Promise<T | undefined>;
  /** Items whose reporter is this chat account in clear. */
  byReporterAddress(channel: string, userId: string): Promise<T[]>;
  /** Items whose sealed reply address has this lookup tag. */
  byReplyTag(tag: string): Promise<T[]>;
  byHousehold(householdId: string): Promise<T[]>;
  /** A page of matching items, newest first. */
  search(query: F & PageRequest): Promise<Page<T>>;
  /** Every matching item, newest first (exports). */
  list(filter: F): Promise<T[]>;
  summary(filter: F): Promise<S>;
  put(item: T): Promise<void>;
}

/** Cadres' home visits. */
export interface VisitRepo {
  get(id: string): Promise<Visit | undefined>;
  /** The household's most recent visit by visit date (then creation). */
  lastFor(householdId: string): Promise<Visit | undefined>;
  /** The date of each household's most recent visit, for those of `householdIds` that have one. */
  lastDates(householdIds: readonly string[]): Promise<Record<string, string>>;
  search(query: VisitQuery): Promise<Page<Visit>>;
  /** Every matching visit, in search order (exports). */
  list(filter: VisitFilter): Promise<Visit[]>;
  /** Visits per visit date (YYYY-MM-DD) from `from` on. */
  countByDate(from: string): Promise<Record<string, number>>;
  /** Which households were visited on or after `since`, per place and per active cadre. */
  coverage(since: string): Promise<VisitCoverage>;
  put(visit: Visit): Promise<void>;
}
