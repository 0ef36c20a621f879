import type { AttemptRepo } from '../../store/legacy-store.js';

/** How one key backs off: failures counted over `windowMs`, the first `free` cost nothing, then each doubles the wait. */
export type Backoff = { free: number; windowMs: number; firstWaitMs: number; maxWaitMs: number };

const DAY_MS = 24 * 3600_000;

/** One client guessing one username: a few typos are free, then 1, 2, 4 … minutes, at most an hour. */
export const PER_CLIENT_AND_USER: Backoff = { free: 5, windowMs: DAY_MS, firstWaitMs: 60_000, maxWaitMs: 3600_000 };
// A township office often shares one public IP, so the per-IP allowance is looser than the per-username one.
/** One client over all usernames (password spraying): looser, same doubling. */
export const PER_CLIENT: Backoff = { free: 20, windowMs: DAY_MS, firstWaitMs: 60_000, maxWaitMs: 3600_000 };

/**
 * Login throttling on the shared (persistent) attempt log, keyed by client IP + username and by client IP alone. There is
 * deliberately no per-username key: failures from one address must not lock the account for everyone else.
 */
export class LoginLimiter {
  constructor(
    private readonly attempts: AttemptRepo,
    private readonly now: () => Date,
  ) {}

  /** Milliseconds the client must wait before trying this username again (an upper bound), or 0. */
  waitMs(username: string, ip: string): number {
    return Math.max(this.wait(pairKey(username, ip), PER_CLIENT_AND_USER), this.wait(ipKey(ip), PER_CLIENT));
  }

  /** Counts one failed login against the client + username and the client. */
  recordFailure(username: string, ip: string): Promise<void> {
    return this.attempts.recordFailure([pairKey(username, ip), ipKey(ip)], this.now());
  }

  // After n ≥ free failures the key waits firstWait·2^(n−free) from its latest failure: blocked while one falls inside that span.
  private wait(key: string, rule: Backoff): number {
    const now = this.now().getTime();
    const failures = this.attempts.failuresSince(key, new Date(now - rule.windowMs));
    if (failures < rule.free) return 0;
    const wait = Math.min(rule.firstWaitMs * 2 ** (failures - rule.free), rule.maxWaitMs);
    return this.attempts.failuresSince(key, new Date(now - wait)) > 0 ? wait : 0;
  }
}

function pairKey(username: string, ip: string): string {
  return `admin-login:ip-user:${ip}:${username.trim().toLowerCase().slice(0, 100)}`;
}

function ipKey(ip: string): string {
  return `admin-login:ip:${ip}`;
}
