import type { Store } from './legacy-store.js';

const DAY_MS = 24 * 3600_000;
/** How often the running server prunes. */
export const PRUNE_INTERVAL_MS = 3600_000;

/** How long chat state is kept (from config). */
export type RetentionConfig = { SESSION_RETENTION_DAYS: number; SESSION_IDLE_MINUTES: number };

/** How many records one pruning pass removed, by kind. */
export type Pruned = { sessions: number; attempts: number; householdCodes: number };

/**
 * Drops chat state nobody needs any more: sessions idle for SESSION_RETENTION_DAYS (never one still inside the form
 * idle window, whatever the settings), attempt logs with no recent failure, and expired household codes.
 */
export async function pruneChatState(store: Store, now: Date, config: RetentionConfig): Promise<Pruned> {
  const keepMs = Math.max(config.SESSION_RETENTION_DAYS * DAY_MS, config.SESSION_IDLE_MINUTES * 60_000);
  return {
    sessions: await store.sessions.removeIdleSince(new Date(now.getTime() - keepMs)),
    attempts: await store.attempts.removeStale(now),
    householdCodes: await store.householdCodes.removeExpired(now),
  };
}
