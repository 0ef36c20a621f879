import type { Db } from './connect.js';

// The refill, the take and the answer in one statement: two instances taking from one key at once queue on its row,
// so the limit holds for the whole cluster. The SET expressions all see the row as it was.
const TAKE = `
  insert into rate_buckets as b (key, tokens, at, allowed) values ($1, $2 - 1, $4, true)
  on conflict (key) do update set
    tokens = least($2, b.tokens + greatest(0, extract(epoch from ($4 - b.at)) * 1000) * $3)
      - case when least($2, b.tokens + greatest(0, extract(epoch from ($4 - b.at)) * 1000) * $3) >= 1 then 1 else 0 end,
    allowed = least($2, b.tokens + greatest(0, extract(epoch from ($4 - b.at)) * 1000) * $3) >= 1,
    at = greatest(b.at, $4)
  returning tokens, allowed`;

/**
 * Token buckets shared by every instance (the same rule as the web chat's in-memory RateLimiter): `limit` at once,
 * then one every `periodMs / limit`.
 */
export class PgRateBuckets {
  constructor(private readonly db: Db) {}

  /** Takes one from `key`'s allowance: 0 when allowed, else the whole seconds to wait before the next one. */
  async take(key: string, limit: number, periodMs: number, now: Date): Promise<number> {
    const perMs = limit / periodMs;
    const { rows } = await this.db.query<{ tokens: number; allowed: boolean }>(TAKE, [key, limit, perMs, now]);
    const row = rows[0];
    if (!row || row.allowed) return 0;
    // Rounded to the millisecond first, so float noise never adds a second (as the in-memory buckets).
    return Math.max(1, Math.ceil(Math.round(((1 - row.tokens) * periodMs) / limit) / 1000));
  }

  /** Forgets buckets untouched since `cutoff` (full again by then); returns how many. */
  async removeIdleSince(cutoff: Date): Promise<number> {
    const { rowCount } = await this.db.query('delete from rate_buckets where at < $1', [cutoff]);
    return rowCount ?? 0;
  }
}
