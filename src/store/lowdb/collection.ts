import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { makePrivateDir } from '../private-files.js';
import { DurableJsonFile } from './durable-file.js';
import { Journal, type JournalEntry } from './journal.js';

// `tx`: the last store transaction (transactions.log) whose share this shard holds; replay skips older ones.
type ShardData<T> = { version: 1; items: Record<string, T>; tx?: number };
type Shard<T extends { id: string }> = { low: Low<ShardData<T>>; file: DurableJsonFile<ShardData<T>>; journal?: Journal<T> };

/**
 * Options for a collection: how many files it is split over (hot, growing collections use several), and whether
 * changes are appended to a journal (`name.log`, folded into `name.json` now and then) instead of rewriting the
 * file: for collections that chat turns write one record at a time.
 */
export type CollectionOptions = { shards?: number; journal?: boolean };

/** A keyed collection persisted by lowdb as one JSON file (or a few shard files) under the data dir. */
export class JsonCollection<T extends { id: string }> {
  private constructor(
    readonly name: string,
    private readonly shards: Shard<T>[],
  ) {}

  /** Loads (or creates) the collection's files. */
  static async open<T extends { id: string }>(dir: string, name: string, options: CollectionOptions = {}): Promise<JsonCollection<T>> {
    await makePrivateDir(dir);
    const count = options.shards ?? 1;
    // Temp files of snapshot writes a crash (kill -9, power cut) interrupted; we own the dir, so nobody is writing them.
    const stale = new RegExp(`^${name}(\\.\\d+)?\\.json\\.\\d+\\.tmp$`);
    for (const file of await readdir(dir)) if (stale.test(file)) await rm(join(dir, file), { force: true });
    const shards: Shard<T>[] = [];
    for (let i = 0; i < count; i += 1) {
      const base = join(dir, count === 1 ? name : `${name}.${i}`);
      const file = new DurableJsonFile<ShardData<T>>(`${base}.json`);
      const low = new Low<ShardData<T>>(file, { version: 1, items: {} });
      await low.read();
      const shard: Shard<T> = { low, file };
      if (options.journal) {
        const snapshotBytes = (await stat(`${base}.json`).catch(() => undefined))?.size ?? 0;
        const snapshot = async () => {
          await low.write();
          return file.lastWriteBytes;
        };
        shard.journal = new Journal<T>(`${base}.log`, snapshot, snapshotBytes);
        await shard.journal.replay((entry) => {
          if ('put' in entry) low.data.items[entry.put.id] = entry.put;
          else if ('del' in entry) delete low.data.items[entry.del];
          else {
            for (const record of entry.puts) low.data.items[record.id] = record;
            for (const id of entry.dels) delete low.data.items[id];
            low.data.tx = Math.max(low.data.tx ?? 0, entry.tx);
          }
        });
      }
      shards.push(shard);
    }
    return new JsonCollection(name, shards);
  }

  /** The record with this id. */
  get(id: string): T | undefined {
    return Object.hasOwn(this.shardOf(id).low.data.items, id) ? this.shardOf(id).low.data.items[id] : undefined;
  }

  /** Every record (shard by shard, insertion order within a shard). */
  *values(): IterableIterator<T> {
    for (const shard of this.shards) yield* Object.values(shard.low.data.items);
  }

  /** How many records there are. */
  get size(): number {
    return this.shards.reduce((n, s) => n + Object.keys(s.low.data.items).length, 0);
  }

  /** Stores records durably; on a failed write the in-memory state is rolled back and the error rethrown. */
  async put(...records: T[]): Promise<void> {
    const touched = new Map<Shard<T>, Map<string, T | undefined>>();
    for (const record of records) {
      const shard = this.shardOf(record.id);
      const previous = touched.get(shard) ?? new Map<string, T | undefined>();
      if (!previous.has(record.id)) previous.set(record.id, this.get(record.id));
      touched.set(shard, previous);
      shard.low.data.items[record.id] = record;
    }
    await this.persist(touched, records, (id) => {
      const record = this.get(id);
      return record === undefined ? { del: id } : { put: record };
    });
  }

  /** Removes records by id, durably. */
  remove(...ids: string[]): Promise<void> {
    return this.removeIds(ids, false);
  }

  /** Removes records and folds the journal into the snapshot, so that no earlier line holding them survives on disk. */
  purge(...ids: string[]): Promise<void> {
    return this.removeIds(ids, true);
  }

  /** The last store transaction any shard holds (0 when none). */
  get lastTx(): number {
    return this.shards.reduce((n, s) => Math.max(n, s.low.data.tx ?? 0), 0);
  }

  /**
   * Applies this collection's share of a committed store transaction (transactions.log): in memory at once, on
   * disk as one journal line per shard (or a snapshot, for collections without a journal). With `onlyMissing`
   * (replay at load), shards that already hold it are left alone. `changed` sees each record before and after.
   */
  applyTx(
    seq: number,
    puts: T[],
    dels: string[],
    options: { onlyMissing?: boolean; changed?: (before: T | undefined, after: T | undefined) => void } = {},
  ): Promise<void> {
    const shares = new Map<Shard<T>, { puts: T[]; dels: string[] }>();
    const shareOf = (id: string) => {
      const shard = this.shardOf(id);
      if (options.onlyMissing && (shard.low.data.tx ?? 0) >= seq) return undefined;
      const share = shares.get(shard) ?? { puts: [], dels: [] };
      shares.set(shard, share);
      return share;
    };
    for (const record of puts) shareOf(record.id)?.puts.push(record);
    for (const id of dels) shareOf(id)?.dels.push(id);
    const writes: Promise<void>[] = [];
    for (const [shard, share] of shares) {
      for (const record of share.puts) {
        const before = this.get(record.id);
        shard.low.data.items[record.id] = record;
        options.changed?.(before, record);
      }
      for (const id of share.dels) {
        const before = this.get(id);
        delete shard.low.data.items[id];
        options.changed?.(before, undefined);
      }
      shard.low.data.tx = Math.max(shard.low.data.tx ?? 0, seq);
      writes.push(shard.journal ? shard.journal.commit([{ tx: seq, ...share }]) : shard.low.write());
    }
    return Promise.all(writes).then(() => undefined);
  }

  /** Bytes written by the files of this collection since open (snapshots and journal lines). */
  get writtenBytes(): number {
    return this.shards.reduce((n, s) => n + s.file.totalWriteBytes + (s.journal?.appendedBytes ?? 0), 0);
  }

  /** Waits for journal writes in flight and closes the journal files. */
  async close(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.journal?.close()));
  }

  private async removeIds(ids: string[], purge: boolean): Promise<void> {
    const touched = new Map<Shard<T>, Map<string, T | undefined>>();
    for (const id of ids) {
      const shard = this.shardOf(id);
      const previous = touched.get(shard) ?? new Map<string, T | undefined>();
      previous.set(id, this.get(id));
      touched.set(shard, previous);
      delete shard.low.data.items[id];
    }
    await this.persist(touched, [], (id) => ({ del: id }), purge);
  }

  private async persist(
    touched: Map<Shard<T>, Map<string, T | undefined>>,
    written: T[],
    entry: (id: string) => JournalEntry<T>,
    compact = false,
  ): Promise<void> {
    const results = await Promise.allSettled(
      [...touched].map(([s, previous]) => (s.journal ? s.journal.commit([...previous.keys()].map(entry), { compact }) : s.low.write())),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (!failure) return;
    for (const [shard, previous] of touched) {
      for (const [id, before] of previous) {
        const now = shard.low.data.items[id];
        // Only undo what is still ours: a later successful change to the same record wins.
        if (now !== undefined && !written.includes(now)) continue;
        if (before === undefined) delete shard.low.data.items[id];
        else shard.low.data.items[id] = before;
      }
    }
    throw failure.reason;
  }

  private shardOf(id: string): Shard<T> {
    if (this.shards.length === 1) return this.shards[0] as Shard<T>;
    let hash = 2166136261;
    for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
    return this.shards[(hash >>> 0) % this.shards.length] as Shard<T>;
  }
}
