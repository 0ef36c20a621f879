import type pg from 'pg';
import type { OutboxMessage } from '../../model/outbox.js';
import type { Reply } from '../../model/reply.js';
import type { OutboxAddress } from '../chat-repos.js';
import { draftOutboxMessage } from '../outbox-draft.js';
import type { StoreTx, TxRecords } from '../store.js';
import type { Codec } from './codec.js';
import { type Db, inTransaction } from './connect.js';
import { insertMessage } from './outbox.js';
import { applications, cadres, complaints, households, visits } from './records.js';

const CODECS: { [K in keyof TxRecords]: Codec<TxRecords[K]> } = { complaints, applications, visits, households, cadres };
// Deadlock and serialization failure: the whole transaction may run again.
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

/** One transaction on one connection: reads lock the rows they read (FOR UPDATE); writes are staged and stored at the end. */
class PgStoreTx implements StoreTx {
  private readonly staged = new Map<keyof TxRecords, Map<string, TxRecords[keyof TxRecords]>>();
  private readonly meta = new Map<string, string>();
  private readonly messages: { message: OutboxMessage; to: OutboxAddress }[] = [];

  constructor(private readonly db: Db) {}

  async get<K extends keyof TxRecords>(collection: K, id: string): Promise<TxRecords[K] | undefined> {
    const own = this.staged.get(collection)?.get(id);
    if (own) return own as TxRecords[K];
    const codec = CODECS[collection];
    const { rows } = await this.db.query(`select ${codec.list} from ${codec.table} where id = $1 for update`, [id]);
    return rows[0] ? (codec.fromRow(rows[0]) as TxRecords[K]) : undefined;
  }

  put<K extends keyof TxRecords>(collection: K, record: TxRecords[K]): void {
    const records = this.staged.get(collection) ?? new Map();
    records.set(record.id, record);
    this.staged.set(collection, records);
  }

  async getMeta(id: string): Promise<string | undefined> {
    if (this.meta.has(id)) return this.meta.get(id);
    const { rows } = await this.db.query<{ value: string }>('select value from meta where id = $1 for update', [id]);
    return rows[0]?.value;
  }

  setMeta(id: string, value: string): void {
    this.meta.set(id, value);
  }

  enqueue(to: OutboxAddress, reply: Reply, now: Date): OutboxMessage {
    const message = draftOutboxMessage(to, reply, now);
    this.messages.push({ message, to });
    return message;
  }

  /** Stores what was staged, on the transaction's connection. */
  async flush(): Promise<void> {
    for (const [collection, records] of this.staged) {
      const codec = CODECS[collection] as Codec<TxRecords[keyof TxRecords]>;
      for (const record of records.values()) await this.db.query(codec.upsertSql, codec.params(record));
    }
    for (const [id, value] of this.meta) {
      await this.db.query('insert into meta (id, value) values ($1, $2) on conflict (id) do update set value = excluded.value', [
        id,
        value,
      ]);
    }
    for (const { message, to } of this.messages) await insertMessage(this.db, message, to);
  }
}

/**
 * Runs `fn` as one PostgreSQL transaction (READ COMMITTED, reads locked with FOR UPDATE), committed once it resolves.
 * A deadlock between two such transactions rolls one back; it runs again, a few times at most.
 */
export async function runTransaction<T>(pool: pg.Pool, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inTransaction(pool, async (client) => {
        const tx = new PgStoreTx(client);
        const value = await fn(tx);
        await tx.flush();
        return value;
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
