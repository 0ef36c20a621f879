import type { Db } from './connect.js';

const HORIZON_MS = 7 * 24 * 3600_000;

/**
 * Failed tries (household verification, dashboard sign-in) as rows, one per key and failure: every instance counts
 * the same sliding windows, so a guesser gains nothing by spreading tries over instances.
 */
export class PgAttempts {
  constructor(private readonly db: Db) {}

  /** How many failures `key` had since `since`. */
  async failuresSince(key: string, since: Date): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('select count(*)::int as n from attempt_failures where key = $1 and at >= $2', [
      key,
      since,
    ]);
    return rows[0]?.n ?? 0;
  }

  /** When the failures under `key` since `since` happened, oldest first. */
  async failureTimes(key: string, since: Date): Promise<Date[]> {
    const { rows } = await this.db.query<{ at: Date }>('select at from attempt_failures where key = $1 and at >= $2 order by at', [
      key,
      since,
    ]);
    return rows.map((r) => r.at);
  }

  /** Counts one failure at `at` under each key. */
  async recordFailure(keys: string[], at: Date): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query('insert into attempt_failures (key, at) select k, $2 from unnest($1::text[]) as k', [keys, at]);
  }

  /** Drops the logs (keys) whose last failure is older than any window counts (a week); returns how many. */
  async removeStale(now: Date): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      `with stale as (select key from attempt_failures group by key having max(at) < $1),
         gone as (delete from attempt_failures f using stale where f.key = stale.key returning f.key)
       select count(distinct key)::int as n from gone`,
      [new Date(now.getTime() - HORIZON_MS)],
    );
    return rows[0]?.n ?? 0;
  }
}
