import type { AidRecord } from '../model/aid.js';
import type { Cadre } from '../model/cadre.js';
import type { Household, Member } from '../model/household.js';
import type { AidSummary, CadreQuery, HouseholdFilter, HouseholdQuery, HouseholdStats, Page, Place } from './queries.js';

/** The household registry (建档立卡户). */
export interface HouseholdRepo {
  get(id: string): Promise<Household | undefined>;
  /** The households with these ids that exist (any order). */
  getMany(ids: readonly string[]): Promise<Household[]>;
  byVerifyHash(hash: string): Promise<Household[]>;
  byIdHash(hash: string): Promise<Household | undefined>;
  /** The households whose ID-number hash is one of these (any order). */
  byIdHashes(hashes: readonly string[]): Promise<Household[]>;
  /** A page of matching households, by id. */
  search(query: HouseholdQuery): Promise<Page<Household>>;
  /** Every matching household, by id: for filters that pick a bounded set (a cadre's, a village's, some ids). */
  find(filter: HouseholdFilter): Promise<Household[]>;
  count(filter?: HouseholdFilter): Promise<number>;
  /** Every township and village with households (any order). */
  places(): Promise<Place[]>;
  stats(): Promise<HouseholdStats>;
  upsert(...households: Household[]): Promise<void>;
}

/** Registered household members. */
export interface MemberRepo {
  byHousehold(householdId: string): Promise<Member[]>;
  byHouseholds(householdIds: readonly string[]): Promise<Member[]>;
  byVerifyHash(hash: string): Promise<Member[]>;
  upsert(...members: Member[]): Promise<void>;
  /** Removes these member records (ids not stored are passed over). */
  remove(...ids: string[]): Promise<void>;
}

/** Aid payments and measures. */
export interface AidRepo {
  /** Newest first. */
  byHousehold(householdId: string): Promise<AidRecord[]>;
  byHouseholds(householdIds: readonly string[]): Promise<AidRecord[]>;
  /** Totals in all, by category, and for each of `months` (YYYY-MM, by the record's date). */
  summary(months: readonly string[]): Promise<AidSummary>;
  /** Adds records, skipping ones already stored (same household, name, date, amount); returns how many were new. */
  add(...records: AidRecord[]): Promise<number>;
}

/** Assigned cadres (帮扶责任人) and their one-time enrolment codes. */
export interface CadreRepo {
  get(id: string): Promise<Cadre | undefined>;
  search(query: CadreQuery): Promise<Page<Cadre>>;
  /** Every cadre (of one status when asked), any order: cadres are few next to households. */
  list(filter?: { status?: Cadre['status'] }): Promise<Cadre[]>;
  put(cadre: Cadre): Promise<void>;
  /** Consumes a valid (active cadre, unexpired) code in one step and returns its cadre; a second redeem of the same code gets undefined. */
  redeemCode(codeHash: string, now: Date): Promise<Cadre | undefined>;
  /** Active cadres responsible for a household: its village is assigned to them, or it is, one by one. */
  forHousehold(household: Pick<Household, 'id' | 'village'>): Promise<Cadre[]>;
}
