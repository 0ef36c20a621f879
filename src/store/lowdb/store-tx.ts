import type { OutboxMessage } from '../../model/outbox.js';
import type { Reply } from '../../model/reply.js';
import type { OutboxAddress } from '../chat-repos.js';
import type { StoreTx, TxRecords } from '../store.js';
import type { Applied, JsonCollection } from './collection.js';
import type { GroupLog, LogPart } from './group-log.js';
import type { MetaRecord } from './meta.js';

/** A collection a transaction may write, with the index upkeep of the repo over it. */
export type TxTarget<T extends { id: string } = { id: string }> = {
  col: JsonCollection<T>;
  changed?: (before: T | undefined, after: T | undefined) => void;
};

/** The collections a store transaction may read and write. */
export type TxTargets = { [K in keyof TxRecords]: TxTarget<TxRecords[K]> } & {
  meta: TxTarget<MetaRecord>;
  outbox: TxTarget<OutboxMessage> & { draft: (to: OutboxAddress, reply: Reply, now: Date) => OutboxMessage };
};

type Name = keyof TxTargets;

/** A read of a record that was changed by someone else before the transaction wrote: it runs again. */
class Conflict extends Error {}

/** Collects the reads and writes of one transaction attempt. */
class LowStoreTx implements StoreTx {
  readonly staged = new Map<Name, Map<string, { id: string }>>();
  readonly reads: { name: Name; id: string; seen: unknown }[] = [];

  constructor(private readonly targets: TxTargets) {}

  async get<K extends keyof TxRecords>(collection: K, id: string): Promise<TxRecords[K] | undefined> {
    return this.read(collection, id) as TxRecords[K] | undefined;
  }

  put<K extends keyof TxRecords>(collection: K, record: TxRecords[K]): void {
    this.stage(collection, record);
  }

  async getMeta(id: string): Promise<string | undefined> {
    return (this.read('meta', id) as MetaRecord | undefined)?.value;
  }

  setMeta(id: string, value: string): void {
    const record: MetaRecord = { id, value };
    this.stage('meta', record);
  }

  enqueue(to: OutboxAddress, reply: Reply, now: Date): OutboxMessage {
    const message = this.targets.outbox.draft(to, reply, now);
    this.stage('outbox', message);
    return message;
  }

  private read(name: Name, id: string): unknown {
    const own = this.staged.get(name)?.get(id);
    if (own) return own;
    const seen = this.target(name).col.get(id);
    this.reads.push({ name, id, seen });
    return seen;
  }

  private target(name: Name): TxTarget {
    return this.targets[name] as unknown as TxTarget;
  }

  private stage(name: Name, record: { id: string }): void {
    // A record staged twice is written once, as last staged.
    const records = this.staged.get(name) ?? new Map<string, { id: string }>();
    records.set(record.id, record);
    this.staged.set(name, records);
  }
}

const MAX_ATTEMPTS = 5;

/**
 * Transactions over the lowdb collections. Callbacks run one at a time; a callback's writes are applied in memory
 * and handed to the group-commit log as one line the moment it resolves, and the next callback may start while that
 * line waits for its fsync (it then sees those writes, and its own line comes after them in the log). Should a
 * record the callback read have been changed by a plain write in the meantime, the callback runs again.
 */
export class LowTransactions {
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly log: GroupLog,
    private readonly targets: TxTargets,
  ) {}

  private target(name: Name): TxTarget {
    return this.targets[name] as unknown as TxTarget;
  }

  /** Runs `fn` as one transaction; resolves with its result once its line is durable. */
  async run<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const attempt = this.turn.then(() => this.attempt(fn));
    this.turn = attempt.catch(() => {});
    const { value, durable } = await attempt;
    await durable;
    return value;
  }

  private async attempt<T>(fn: (tx: StoreTx) => Promise<T>): Promise<{ value: T; durable: Promise<void> }> {
    for (let i = 1; ; i += 1) {
      const tx = new LowStoreTx(this.targets);
      const value = await fn(tx);
      try {
        return { value, durable: this.commit(tx) };
      } catch (error) {
        if (!(error instanceof Conflict) || i >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** Checks the reads still hold, applies the writes in memory and logs them as one line (synchronously up to the append). */
  private commit(tx: LowStoreTx): Promise<void> {
    for (const r of tx.reads) {
      if (this.target(r.name).col.get(r.id) !== r.seen) throw new Conflict(`${r.name}/${r.id} changed`);
    }
    if (tx.staged.size === 0) return Promise.resolve();
    const parts: LogPart[] = [];
    const undo: (() => void)[] = [];
    for (const [name, records] of tx.staged) {
      const target = this.target(name);
      const puts = [...records.values()];
      const applied: Applied<{ id: string }> = target.col.apply(puts, []);
      for (const record of puts) target.changed?.(applied.before.get(record.id), record);
      undo.push(() => {
        target.col.undo(applied);
        for (const record of puts) {
          const before = applied.before.get(record.id);
          // Left as is when a later change replaced it: that change already moved the indexes on.
          if (target.col.get(record.id) === before) target.changed?.(record, before);
        }
      });
      parts.push({ c: target.col.name, puts, dels: [] });
    }
    return this.log.commit(parts).catch((error: unknown) => {
      for (const u of undo.reverse()) u();
      throw error;
    });
  }
}
