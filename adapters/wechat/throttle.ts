/** How fast the account may send: a random pause before every message and a cap per rolling minute. */
export type ThrottleLimits = { minDelayMs: number; maxDelayMs: number; perMinute: number };

const MINUTE_MS = 60_000;

/** Paces every send of a personal account so it never bursts (WeChat restricts accounts that send like a machine). */
export class SendThrottle {
  private readonly recent: number[] = [];

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly random: () => number = Math.random,
  ) {}

  /** How long to wait before the next message: a fresh random pause, stretched to respect the per-minute cap. */
  delayBefore(now: number): number {
    this.expire(now);
    const pause = this.limits.minDelayMs + Math.round(this.random() * (this.limits.maxDelayMs - this.limits.minDelayMs));
    const oldest = this.recent[0];
    const capWait = this.recent.length < this.limits.perMinute || oldest === undefined ? 0 : oldest + MINUTE_MS - now;
    return Math.max(pause, capWait);
  }

  /** Notes a message the puppet accepted. */
  record(now: number): void {
    this.expire(now);
    this.recent.push(now);
  }

  private expire(now: number): void {
    while (this.recent.length > 0 && (this.recent[0] ?? 0) <= now - MINUTE_MS) this.recent.shift();
  }
}
