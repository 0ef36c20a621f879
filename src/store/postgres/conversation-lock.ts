import type pg from 'pg';
import { inTransaction } from './connect.js';

/**
 * One conversation at a time, across every instance on the database: `run` holds a transaction-scoped advisory lock
 * on a hash of the conversation key (`channel:userId`, within the current schema) while `work` runs, so a user's
 * messages are handled one after the other, in the order they took the lock, whichever instance received them (the
 * role Rasa's lock store plays). Messages of one conversation that reach this instance queue here first, in arrival
 * order, so a burst from one user holds one connection, not one per message.
 *
 * The lock lives on its own pool: `work` runs its queries on the store's pool, so lock holders can never take every
 * connection that the work needs. A crashed instance's locks end with its connections; a hung one's when the server
 * ends its idle transaction (idle_in_transaction_session_timeout, see connect.ts).
 */
export class ConversationLocks {
  private readonly local = new Map<string, Promise<unknown>>();

  constructor(private readonly pool: pg.Pool) {}

  /** Runs `work` while holding the lock of conversation `key`. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.local.get(key) ?? Promise.resolve();
    const mine = before.catch(() => {}).then(() => this.locked(key, work));
    const tail = mine.catch(() => {});
    this.local.set(key, tail);
    void tail.then(() => {
      if (this.local.get(key) === tail) this.local.delete(key);
    });
    return mine;
  }

  /** Conversations with a message waiting or running in this instance (for tests and metrics). */
  get busy(): number {
    return this.local.size;
  }

  private locked<T>(key: string, work: () => Promise<T>): Promise<T> {
    return inTransaction(this.pool, async (client) => {
      await client.query(`select pg_advisory_xact_lock(hashtextextended(current_schema() || ':conversation:' || $1, 0))`, [key]);
      return work();
    });
  }
}
