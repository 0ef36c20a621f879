/**
 * What several Bangfu instances on one store must agree on. The lowdb store (one process per data dir) keeps these in
 * memory; a database-backed store keeps them in the database so every instance sees the same.
 */
export interface Coordination {
  /**
   * Runs `fn` while holding the lock named `key` (e.g. a conversation): calls with the same key run one at a time,
   * in the order they asked, across every instance; other keys are not held up. The lock is released when `fn`
   * settles, also when it throws (its error is rethrown).
   */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Takes one token from the bucket `key` (`limit` tokens, refilled evenly over `periodMs`, full when new): 0 when
   * taken, else the whole seconds (≥ 1) until a token is back. A refused take uses nothing.
   */
  take(key: string, limit: number, periodMs: number, now: Date): Promise<number>;
  /**
   * Claims or renews the lease `name` for `holder` until `now + ttlMs`: true when `holder` holds it now (it was free,
   * expired, or already theirs), false while someone else's lease runs. For jobs that must run once per cluster.
   */
  lease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Gives up a lease `holder` holds (nothing if it holds none). */
  release(name: string, holder: string): Promise<void>;
}
