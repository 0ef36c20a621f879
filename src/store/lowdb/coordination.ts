import type { Coordination } from '../coordination.js';

/** How many rate-limit buckets are remembered at most; the least recently used are forgotten first (they start full). */
const MAX_BUCKETS = 100_000;

type Bucket = { tokens: number; at: number };

/** Coordination for one process (the lowdb store owns its data dir alone): locks, buckets and leases in memory. */
export class LocalCoordination implements Coordination {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly leases = new Map<string, { holder: string; until: number }>();

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(fn);
    const tail = run.catch(() => {});
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  async take(key: string, limit: number, periodMs: number, now: Date): Promise<number> {
    const at = now.getTime();
    const perMs = limit / periodMs;
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(limit, bucket.tokens + Math.max(0, at - bucket.at) * perMs) : limit;
    // Re-inserting keeps the map in least-recently-used order, so eviction drops idle keys first.
    this.buckets.delete(key);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at });
      // Rounded to the millisecond first, so float noise never adds a second.
      return Math.max(1, Math.ceil(Math.round(((1 - tokens) * periodMs) / limit) / 1000));
    }
    this.buckets.set(key, { tokens: tokens - 1, at });
    if (this.buckets.size > MAX_BUCKETS) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return 0;
  }

  async lease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const current = this.leases.get(name);
    if (current && current.holder !== holder && current.until > now.getTime()) return false;
    this.leases.set(name, { holder, until: now.getTime() + ttlMs });
    return true;
  }

  async release(name: string, holder: string): Promise<void> {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }
}
