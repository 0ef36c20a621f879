import type { SessionStore } from '../core/session.js';
import type { Reply } from '../core/types.js';
import type { AidRecord, Binding, Feedback, Household, Member, OutboxMessage } from './types.js';

/** A page of results. */
export type Page<T> = { items: T[]; total: number };

/** Household search filters for the dashboard. */
export type HouseholdQuery = { q?: string; township?: string; village?: string; page?: number; pageSize?: number };

/** Chat sessions. */
export interface SessionRepo extends SessionStore {
  count(): number;
}

/** The household registry. */
export interface HouseholdRepo {
  get(id: string): Household | undefined;
  byVerifyHash(hash: string): Household[];
  byIdHash(hash: string): Household | undefined;
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
  recordFailure(keys: string[], at: Date): Promise<void>;
}

/** Proactive messages: stored first, then delivered by their channel's adapter. */
export interface OutboxRepo {
  enqueue(channel: string, userId: string, reply: Reply, now?: Date): Promise<OutboxMessage>;
  /** Pending messages of a channel that may be sent now, oldest first. */
  due(channel: string, now: Date, limit: number): OutboxMessage[];
  /** Hands a pull-based channel (web) its pending messages and marks them sent. */
  takeFor(channel: string, userId: string, now: Date): Promise<OutboxMessage[]>;
  markSent(id: string, now: Date): Promise<void>;
  markRetry(id: string, error: string, notBefore: Date): Promise<void>;
  markUnreachable(id: string, error: string): Promise<void>;
  counts(): Record<OutboxMessage['status'], number>;
}

/** Messages left for the county office. */
export interface FeedbackRepo {
  add(feedback: Feedback): Promise<void>;
  list(): Feedback[];
}

/** All domain storage; lowdb implements it today, a SQL database could tomorrow. */
export interface Store {
  sessions: SessionRepo;
  households: HouseholdRepo;
  members: MemberRepo;
  aid: AidRepo;
  bindings: BindingRepo;
  attempts: AttemptRepo;
  outbox: OutboxRepo;
  feedback: FeedbackRepo;
  /** Bytes written per collection since open (for benchmarks). */
  writtenBytes(): Record<string, number>;
  close(): Promise<void>;
}
