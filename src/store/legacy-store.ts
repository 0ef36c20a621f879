import type { SessionStore } from '../core/session.js';
import type { SealedAddress } from '../model/address.js';
import type { AidRecord } from '../model/aid.js';
import type { Application } from '../model/application.js';
import type { AuditEntry } from '../model/audit.js';
import type { Binding } from '../model/binding.js';
import type { Cadre } from '../model/cadre.js';
import type { Complaint } from '../model/complaint.js';
import type { Feedback } from '../model/feedback.js';
import type { Household, HouseholdCode, Member } from '../model/household.js';
import type { OutboxMessage } from '../model/outbox.js';
import type { Reply } from '../model/reply.js';
import type { AdminSession, StaffUser } from '../model/staff.js';
import type { Visit } from '../model/visit.js';

/** A page of results. */
export type Page<T> = { items: T[]; total: number };

/** Household search filters for the dashboard. */
export type HouseholdQuery = { q?: string; township?: string; village?: string; page?: number; pageSize?: number };

/** Chat sessions. */
export interface SessionRepo extends SessionStore {
  count(): number;
  /** Drops sessions last updated before `cutoff`; returns how many. */
  removeIdleSince(cutoff: Date): Promise<number>;
  /**
   * Closes forms idle since before `cutoff`: their answers are erased from disk and the session is marked so the
   * user is told when they come back. Returns how many were closed.
   */
  expireForms(cutoff: Date): Promise<number>;
}

/** The household registry. */
export interface HouseholdRepo {
  get(id: string): Household | undefined;
  byVerifyHash(hash: string): Household[];
  byIdHash(hash: string): Household | undefined;
  /** Known townships, and the villages of one, from the registry (sorted). */
  townships(): string[];
  villages(township: string): string[];
  search(query: HouseholdQuery): Page<Household>;
  all(): Iterable<Household>;
  count(): number;
  upsert(...households: Household[]): Promise<void>;
}

/** Registered household members. */
export interface MemberRepo {
  byHousehold(householdId: string): Member[];
  byVerifyHash(hash: string): Member[];
  upsert(...members: Member[]): Promise<void>;
}

/** Aid payments and measures. */
export interface AidRepo {
  /** Newest first. */
  byHousehold(householdId: string): AidRecord[];
  all(): Iterable<AidRecord>;
  /** Adds records, skipping ones already stored (same household, name, date, amount); returns how many were new. */
  add(...records: AidRecord[]): Promise<number>;
}

/** Chat users bound to a household or a cadre. */
export interface BindingRepo {
  get(channel: string, userId: string): Binding | undefined;
  byTarget(kind: Binding['kind'], targetId: string): Binding[];
  bind(binding: Binding): Promise<void>;
  unbind(channel: string, userId: string): Promise<void>;
}

/** Failed verification attempts, for lock-outs that survive restarts. */
export interface AttemptRepo {
  failuresSince(key: string, since: Date): number;
  /** When the failures under `key` since `since` happened, oldest first. */
  failureTimes(key: string, since: Date): Date[];
  recordFailure(keys: string[], at: Date): Promise<void>;
  /** Drops the logs whose last failure is older than the store keeps failures for; returns how many. */
  removeStale(now: Date): Promise<number>;
}

/** One-time household verification codes (stored as hashes). */
export interface HouseholdCodeRepo {
  /** Stores a household's new code; it replaces any earlier code of that household. */
  issue(code: HouseholdCode): Promise<void>;
  /** Consumes a code in one step: the code if it was valid and unexpired, else undefined; a second redeem gets undefined. */
  redeem(codeHash: string, now: Date): Promise<HouseholdCode | undefined>;
  /** Drops expired codes; returns how many. */
  removeExpired(now: Date): Promise<number>;
}

/** Where a proactive message goes: a chat account in clear, or a sealed reply address only the store can open. */
export type OutboxAddress = { channel: string; userId: string } | SealedAddress;

/** Proactive messages: stored first, then delivered by their channel's adapter. */
export interface OutboxRepo {
  enqueue(channel: string, userId: string, reply: Reply, now?: Date): Promise<OutboxMessage>;
  /** Pending messages of a channel that may be sent now, oldest first (sealed addresses opened). */
  due(channel: string, now: Date, limit: number): OutboxMessage[];
  /** Hands a pull-based channel (web) its pending messages and marks them sent. */
  takeFor(channel: string, userId: string, now: Date): Promise<OutboxMessage[]>;
  markSent(id: string, now: Date): Promise<void>;
  markRetry(id: string, error: string, notBefore: Date): Promise<void>;
  markUnreachable(id: string, error: string): Promise<void>;
  counts(): Record<OutboxMessage['status'], number>;
}

/** When each chat user last wrote to us, for channels that may only answer within a window (WeChat Official Accounts: 48 hours). */
export interface InboundRepo {
  /** The last noted inbound message; it may be up to ten minutes older than the true last one, never newer. */
  lastInbound(channel: string, userId: string): Date | undefined;
  noteInbound(channel: string, userId: string, at: Date): Promise<void>;
}

/** Messages left for the county office. */
export interface FeedbackRepo {
  add(feedback: Feedback): Promise<void>;
  list(): Feedback[];
}

/** Dashboard staff accounts. */
export interface StaffRepo {
  get(id: string): StaffUser | undefined;
  byUsername(username: string): StaffUser | undefined;
  /** Sorted by username. */
  list(): StaffUser[];
  count(): number;
  put(user: StaffUser): Promise<void>;
}

/** Server-side dashboard sessions. */
export interface AdminSessionRepo {
  get(id: string): AdminSession | undefined;
  put(session: AdminSession): Promise<void>;
  remove(id: string): Promise<void>;
  /** Ends every session of a staff user except `keepId` (after a password change or when disabled). */
  removeForStaff(staffId: string, keepId?: string): Promise<void>;
  /** Drops sessions last seen before `cutoff`. */
  removeIdleSince(cutoff: Date): Promise<void>;
}

/** Audit filters for the dashboard. */
export type AuditQuery = { username?: string; action?: string; target?: string; page?: number; pageSize?: number };

/** The append-only log of staff actions. */
export interface AuditRepo {
  add(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  search(query: AuditQuery): Page<AuditEntry>;
}

/** Cadre filters for the dashboard. */
export type CadreQuery = { q?: string; village?: string; status?: Cadre['status']; page?: number; pageSize?: number };

/** Assigned cadres (帮扶责任人) and their one-time enrolment codes. */
export interface CadreRepo {
  get(id: string): Cadre | undefined;
  search(query: CadreQuery): Page<Cadre>;
  all(): Iterable<Cadre>;
  put(cadre: Cadre): Promise<void>;
  /** Consumes a valid (active cadre, unexpired) code in one step and returns its cadre; a second redeem of the same code gets undefined. */
  redeemCode(codeHash: string, now: Date): Promise<Cadre | undefined>;
  /** The cadre's households: those in an assigned village plus those assigned one by one. */
  assignedHouseholds(cadre: Cadre, households: Iterable<Household>): Household[];
  /** Active cadres responsible for a household. */
  forHousehold(household: Household): Cadre[];
}

/** What every ledger item has: the store indexes these. */
export type LedgerItem = {
  id: string;
  trackingCode: string;
  /** A chat account in clear (hardship applicants, who give their name anyway). */
  reporter?: { channel: string; userId: string };
  /** A reporter's sealed reply address (complaints): the account cannot be read from it without the key. */
  replyTo?: SealedAddress;
  householdId?: string;
  createdAt: string;
};

/** A ledger of tracked items: complaints (问题台账) or hardship applications (防返贫申报). */
export interface LedgerRepo<T extends LedgerItem> {
  get(id: string): T | undefined;
  byTrackingCode(code: string): T | undefined;
  byReporterAddress(channel: string, userId: string): T[];
  /** Items whose sealed reply address has this lookup tag. */
  byReplyTag(tag: string): T[];
  byHousehold(householdId: string): T[];
  /** Items that pass `keep`, newest first. */
  filter(keep: (item: T) => boolean): T[];
  all(): Iterable<T>;
  put(item: T): Promise<void>;
}

/** Visit filters for the dashboard (dates are YYYY-MM-DD, inclusive). */
export type VisitQuery = { cadreId?: string; village?: string; householdId?: string; from?: string; to?: string; hasProblems?: boolean };

/** Cadres' home visits. */
export interface VisitRepo {
  get(id: string): Visit | undefined;
  /** The household's most recent visit by visit date. */
  lastFor(householdId: string): Visit | undefined;
  /** Newest first. */
  search(query: VisitQuery): Visit[];
  all(): Iterable<Visit>;
  put(visit: Visit): Promise<void>;
}

/** Small named records for scheduled jobs (e.g. the last day reminders were sent). */
export interface MetaRepo {
  get(id: string): string | undefined;
  set(id: string, value: string): Promise<void>;
}

/**
 * Changes to several collections that must survive a crash together (a status change and its notification; a
 * visit, its ledger items and its application link). `Store.atomically` writes them as one record.
 */
export interface StoreTx {
  putComplaint(complaint: Complaint): void;
  putApplication(application: Application): void;
  putVisit(visit: Visit): void;
  upsertHousehold(household: Household): void;
  /** Queues a message; to a sealed address, the stored message holds only the sealed form. */
  enqueue(to: OutboxAddress, reply: Reply, now: Date): OutboxMessage;
  setMeta(id: string, value: string): void;
}

/** All domain storage; lowdb implements it today, a SQL database could tomorrow. */
export interface Store {
  sessions: SessionRepo;
  households: HouseholdRepo;
  members: MemberRepo;
  aid: AidRepo;
  bindings: BindingRepo;
  attempts: AttemptRepo;
  householdCodes: HouseholdCodeRepo;
  outbox: OutboxRepo;
  inbound: InboundRepo;
  feedback: FeedbackRepo;
  complaints: LedgerRepo<Complaint>;
  applications: LedgerRepo<Application>;
  visits: VisitRepo;
  meta: MetaRepo;
  staff: StaffRepo;
  adminSessions: AdminSessionRepo;
  audit: AuditRepo;
  cadres: CadreRepo;
  /** Runs `build` and writes what it staged as one record: after a crash, either every change is there or none. */
  atomically(build: (tx: StoreTx) => void): Promise<void>;
  /** Bytes written per collection since open (for benchmarks). */
  writtenBytes(): Record<string, number>;
  close(): Promise<void>;
}
