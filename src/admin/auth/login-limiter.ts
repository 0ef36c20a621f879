import type { AttemptRepo } from '../../store/store.js';

const WINDOW_MS = 15 * 60_000;
/** Failed logins allowed per username within the window. */
export const MAX_USER_FAILURES = 5;
// A township office often shares one public IP, so the per-IP limit is looser than the per-user one.
/** Failed logins allowed per client IP within the window. */
export const MAX_IP_FAILURES = 20;

/** Login throttling on the shared (persistent) attempt log: per username and per IP. */
export class LoginLimiter {
  constructor(
    private readonly attempts: AttemptRepo,
    private readonly now: () => Date,
  ) {}

  /** Minutes to wait when either key has used up its failures, else 0. */
  blockedMinutes(username: string, ip: string): number {
    const since = new Date(this.now().getTime() - WINDOW_MS);
    const blocked =
      this.attempts.failuresSince(userKey(username), since) >= MAX_USER_FAILURES ||
      this.attempts.failuresSince(ipKey(ip), since) >= MAX_IP_FAILURES;
    return blocked ? WINDOW_MS / 60_000 : 0;
  }

  /** Counts one failed login against the username and the IP. */
  recordFailure(username: string, ip: string): Promise<void> {
    return this.attempts.recordFailure([userKey(username), ipKey(ip)], this.now());
  }
}

function userKey(username: string): string {
  return `admin-login:user:${username.trim().toLowerCase().slice(0, 100)}`;
}

function ipKey(ip: string): string {
  return `admin-login:ip:${ip}`;
}
