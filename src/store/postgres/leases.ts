import type { Db } from './connect.js';

// Taken when free, expired, or already ours (a renewal), in one statement: of two instances asking at once, one wins.
const ACQUIRE = `
  insert into leases as l (name, holder, until) values ($1, $2, $3::timestamptz + $4 * interval '1 millisecond')
  on conflict (name) do update set holder = excluded.holder, until = excluded.until
    where l.until <= $3 or l.holder = excluded.holder
  returning holder`;

/**
 * Named leases: a scheduled job (visit reminders, pruning) runs on the one instance holding its lease, so it runs
 * once per cluster. A holder that dies stops renewing and the lease passes on when it expires.
 */
export class PgLeases {
  constructor(private readonly db: Db) {}

  /** Takes or renews lease `name` for `holder` until `now + ttlMs`; whether `holder` holds it now. */
  async acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const { rows } = await this.db.query(ACQUIRE, [name, holder, now, ttlMs]);
    return rows.length === 1;
  }

  /** Gives the lease up (only if `holder` holds it). */
  async release(name: string, holder: string): Promise<void> {
    await this.db.query('delete from leases where name = $1 and holder = $2', [name, holder]);
  }
}
