/** What the replay guard says of a signed callback's timestamp and nonce. */
export type ReplayVerdict = 'fresh' | 'stale' | 'replayed';

/** How far a callback's timestamp may be from our clock, either way. */
export const CALLBACK_WINDOW_MS = 5 * 60_000;

/** Refuses callbacks stamped too far from our clock and any timestamp + nonce already admitted within that window; memory stays bounded. */
export class ReplayGuard {
  // timestamp:nonce → the timestamp in ms; insertion order is arrival order.
  private readonly admitted = new Map<string, number>();
  // Timestamps at or before this are refused: a pair this recent had to be forgotten to stay within capacity.
  private floor = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly windowMs = CALLBACK_WINDOW_MS,
    private readonly capacity = 50_000,
  ) {}

  /** Admits a timestamp (seconds, as WeChat sends it) and nonce once; call it only for callbacks whose signature is right. */
  admit(timestamp: string, nonce: string, now: number): ReplayVerdict {
    if (!/^\d{1,12}$/.test(timestamp)) return 'stale';
    const at = Number(timestamp) * 1000;
    if (Math.abs(now - at) > this.windowMs || at <= this.floor) return 'stale';
    this.forgetExpired(now);
    const key = `${timestamp}:${nonce}`;
    if (this.admitted.has(key)) return 'replayed';
    this.admitted.set(key, at);
    if (this.admitted.size > this.capacity) this.forgetExpired(now, true);
    for (const [oldKey, oldAt] of this.admitted) {
      if (this.admitted.size <= this.capacity) break;
      this.admitted.delete(oldKey);
      this.floor = Math.max(this.floor, oldAt);
    }
    return 'fresh';
  }

  /** How many pairs are remembered (for tests). */
  get size(): number {
    return this.admitted.size;
  }

  /** Drops pairs whose timestamp is out of the window (they can no longer be admitted): from the oldest on, or all of them. */
  private forgetExpired(now: number, all = false): void {
    for (const [key, at] of this.admitted) {
      if (now - at > this.windowMs) this.admitted.delete(key);
      else if (!all) break;
    }
  }
}
