import type { SealedAddress } from '../model/address.js';
import type { Binding } from '../model/binding.js';
import type { Feedback } from '../model/feedback.js';
import type { HouseholdCode } from '../model/household.js';
import type { OutboxMessage } from '../model/outbox.js';
import type { Reply } from '../model/reply.js';
import type { Session } from '../model/session.js';
import type { Page, PageRequest } from './queries.js';

/** Chat sessions. */
export interface SessionRepo {
  getSession(id: string): Promise<Session | undefined>;
  saveSession(session: Session): Promise<void>;
  count(): Promise<number>;
  /** Drops sessions last updated before `cutoff`; returns how many. */
  removeIdleSince(cutoff: Date): Promise<number>;
  /**
   * Closes forms idle since before `cutoff`: their answers are erased from disk and the session is marked so the
   * user is told when they come back. Returns how many were closed.
   */
  expireForms(cutoff: Date): Promise<number>;
}

/** Chat users bound to a household or a cadre. */
export interface BindingRepo {
  get(channel: string, userId: string): Promise<Binding | undefined>;
  byTarget(kind: Binding['kind'], targetId: string): Promise<Binding[]>;
  bind(binding: Binding): Promise<void>;
  unbind(channel: string, userId: string): Promise<void>;
}

/** Failed attempts under a key (a sliding window): verification and login lock-outs that survive restarts and span instances. */
export interface AttemptRepo {
  failuresSince(key: string, since: Date): Promise<number>;
  /** When the failures under `key` since `since` happened, oldest first. */
  failureTimes(key: string, since: Date): Promise<Date[]>;
  /** Adds one failure at `at` under every key, in one step. */
  recordFailure(keys: string[], at: Date): Promise<void>;
  /** Drops the logs whose last failure is older than the store keeps failures for (7 days); returns how many. */
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

/**
 * Proactive messages: stored first, then delivered by their channel's adapter. A sender claims messages before sending
 * them, so that with several instances each message goes out once; a claim left by a crashed sender runs out after
 * its lease and the message is handed out again. Messages to sealed addresses come back with the user id opened.
 */
export interface OutboxRepo {
  enqueue(channel: string, userId: string, reply: Reply, now?: Date): Promise<OutboxMessage>;
  /**
   * Claims up to `limit` pending messages of a channel (of one user when `userId` is given) that may be sent at `now`
   * and are not claimed by anyone else, oldest first, until `now + leaseMs`. `ignoreNotBefore` claims them whatever
   * their retry time (the user just wrote).
   */
  claim(
    channel: string,
    now: Date,
    options: { limit: number; leaseMs: number; userId?: string; ignoreNotBefore?: boolean },
  ): Promise<OutboxMessage[]>;
  /** Gives claimed messages back unsent, to be claimed again at once. */
  release(ids: readonly string[]): Promise<void>;
  /** Hands a pull-based channel (web) its pending messages, oldest first, and marks them sent, in one step. */
  takeFor(channel: string, userId: string, now: Date): Promise<OutboxMessage[]>;
  markSent(id: string, now: Date): Promise<void>;
  /** Counts a failed try and keeps the message pending, not before `notBefore`; ends its claim. */
  markRetry(id: string, error: string, notBefore: Date): Promise<void>;
  markUnreachable(id: string, error: string): Promise<void>;
  counts(): Promise<Record<OutboxMessage['status'], number>>;
  /** Pending messages of a channel (with this last error, when given), whatever their retry time or claim. */
  countPending(channel: string, lastError?: string): Promise<number>;
}

/** When each chat user last wrote to us, for channels that may only answer within a window (WeChat Official Accounts: 48 hours). */
export interface InboundRepo {
  /** The last noted inbound message; it may be up to ten minutes older than the true last one, never newer. */
  lastInbound(channel: string, userId: string): Promise<Date | undefined>;
  noteInbound(channel: string, userId: string, at: Date): Promise<void>;
}

/** Messages left for the county office. */
export interface FeedbackRepo {
  add(feedback: Feedback): Promise<void>;
  /** Newest first. */
  search(query: PageRequest): Promise<Page<Feedback>>;
}

/** Small named records for scheduled jobs (e.g. the last day reminders were sent). */
export interface MetaRepo {
  get(id: string): Promise<string | undefined>;
  set(id: string, value: string): Promise<void>;
}
