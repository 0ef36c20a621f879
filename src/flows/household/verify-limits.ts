import type { Incoming } from '../../core/types.js';
import type { AttemptRepo } from '../../store/legacy-store.js';

/** A sliding-window limit with backoff: `free` failures at once, then each further try waits twice as long, at most `max` a window. */
export type Backoff = { windowMs: number; free: number; firstWaitMs: number; max: number };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Name + ID tail tries of one client (a web address, or a platform-verified user): 3 at once, then 1, 2, 4… minutes apart. */
export const CLIENT_LIMIT: Backoff = { windowMs: DAY, free: 3, firstWaitMs: MINUTE, max: 20 };
/** Tries at one claimed name from anyone, registered or not: 5 at once, then 10, 20, 40… minutes apart, 10 a day. */
export const NAME_LIMIT: Backoff = { windowMs: DAY, free: 5, firstWaitMs: 10 * MINUTE, max: 10 };
/** Household-code tries of one client: its own allowance, so a name held back by strangers never blocks a code. */
export const CODE_LIMIT: Backoff = { windowMs: DAY, free: 3, firstWaitMs: MINUTE, max: 10 };

/** Milliseconds until another try is allowed after `failures` (oldest first, all inside the window); 0 = now. */
export function backoffWait(failures: Date[], now: Date, limit: Backoff): number {
  const count = failures.length;
  if (count === 0) return 0;
  const at = (i: number) => (failures[i] as Date).getTime();
  // At the cap, the next try waits until enough failures have slid out of the window.
  const capped = count >= limit.max ? at(count - limit.max) + limit.windowMs : 0;
  const backoff = count >= limit.free ? at(count - 1) + limit.firstWaitMs * 2 ** (count - limit.free) : 0;
  return Math.max(0, capped - now.getTime(), backoff - now.getTime());
}

/**
 * Who a try counts against: the client key the channel vouches for (the web adapter's client address), else the
 * platform-verified user id. A web user id is whatever the client sends, so it is never the key on its own.
 */
export function requesterKey(incoming: Incoming): string {
  return incoming.clientKey === undefined ? `user:${incoming.channel}:${incoming.userId}` : `client:${incoming.clientKey}`;
}

/** "Try again in …" for a wait in milliseconds: minutes, hours, or tomorrow. */
export function tryAgainIn(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return `请 ${minutes} 分钟后再试`;
  const hours = Math.ceil(minutes / 60);
  return hours < 24 ? `请 ${hours} 小时后再试` : '请明天再试';
}

type Counter = { key: string; limit: Backoff };

/** The attempt counters of household verification, over the persistent attempt log. */
export class VerifyLimits {
  constructor(private readonly attempts: AttemptRepo) {}

  /** The counters a name + ID tail try touches: the requester's, and the claimed name's (a keyed hash) when known. */
  nameTry(incoming: Incoming, nameHash?: string): Counter[] {
    const requester = { key: `verify:${requesterKey(incoming)}`, limit: CLIENT_LIMIT };
    return nameHash === undefined ? [requester] : [requester, { key: `verify:name:${nameHash}`, limit: NAME_LIMIT }];
  }

  /** The counter a household-code try touches. */
  codeTry(incoming: Incoming): Counter[] {
    return [{ key: `verify-code:${requesterKey(incoming)}`, limit: CODE_LIMIT }];
  }

  /** Milliseconds before these counters allow another try; 0 = now. */
  wait(counters: Counter[], now: Date): number {
    return Math.max(
      0,
      ...counters.map(({ key, limit }) =>
        backoffWait(this.attempts.failureTimes(key, new Date(now.getTime() - limit.windowMs)), now, limit),
      ),
    );
  }

  /** Counts one failed try on every counter. */
  fail(counters: Counter[], now: Date): Promise<void> {
    return this.attempts.recordFailure(
      counters.map((c) => c.key),
      now,
    );
  }
}
