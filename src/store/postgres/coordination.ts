import type pg from 'pg';
import type { Coordination } from '../coordination.js';
import { ConversationLocks } from './conversation-lock.js';
import { PgLeases } from './leases.js';
import { PgRateBuckets } from './rate-buckets.js';

const PRUNE_EVERY = 5_000;
const BUCKET_IDLE_MS = 24 * 3600_000;

/**
 * Coordination of several instances through the database: advisory locks (on a pool of their own), token buckets
 * and leases in tables. Buckets idle for a day are pruned now and then as takes go by.
 */
export class PgCoordination implements Coordination {
  private readonly locks: ConversationLocks;
  private readonly buckets: PgRateBuckets;
  private readonly leases: PgLeases;
  private takes = 0;

  constructor(pool: pg.Pool, lockPool: pg.Pool) {
    this.locks = new ConversationLocks(lockPool);
    this.buckets = new PgRateBuckets(pool);
    this.leases = new PgLeases(pool);
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(key, fn);
  }

  async take(key: string, limit: number, periodMs: number, now: Date): Promise<number> {
    this.takes += 1;
    if (this.takes % PRUNE_EVERY === 0) await this.buckets.removeIdleSince(new Date(now.getTime() - BUCKET_IDLE_MS));
    return this.buckets.take(key, limit, periodMs, now);
  }

  lease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    return this.leases.acquire(name, holder, ttlMs, now);
  }

  release(name: string, holder: string): Promise<void> {
    return this.leases.release(name, holder);
  }
}
