import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { makePrivateDir } from '../private-files.js';
import type { DiskGate } from './disk-gate.js';
import { DurableJsonFile } from './durable-file.js';
import type { GroupLog } from './group-log.js';
import { Journal, type JournalEntry } from './journal.js';

// `tx`: the last transactions.log transaction whose share this shard holds (data dirs from before store.log).
type ShardData<T> = { version: 1; items: Record<string, T>; tx?: number };
type Shard<T extends { id: string }> = {
  low: Low<ShardData<T>>;
  file: DurableJsonFile<ShardData<T>>;
  journal?: Journal<T>;
  /** Changed since its snapshot was last written (log mode). */
  dirty: boolean;
};

/**
 * How a collection is written: through the store's group-commit log (`log`), through a journal of its own per
 * shard (`journal`: for `forms`, whose answers must be erasable on their own, see `purge`), or, with neither, by
 * rewriting its snapshot on each change. `shards` splits it over several files.
 */
export type CollectionOptions = { shards?: number; journal?: boolean; log?: GroupLog; gate?: DiskGate };

/** What one in-memory change replaced, to undo it if it cannot be written. */
export type Applied<T> = { before: Map<string, T | undefined>; written: Set<T> };

/** A keyed collection persisted by lowdb as one JSON file (or a few shard files) under the data dir. */
export class JsonCollection<T extends { id: string }> {
  /** Journal files of a data dir written before store.log; folded into the snapshots and removed on open. */
  readonly legacyJournals: string[] = [];

  private constructor(
    readonly name: string,
    private readonly shards: Shard<T>[],
    private readonly log: GroupLog | undefined,
  ) {}

  /** Loads (or creates) the collection's files. */
  static async open<T extends { id: string }>(dir: string, name: string, options: CollectionOptions = {}): Promise<JsonCollection<T>> {
    await makePrivateDir(dir);
    const count = options.shards ?? 1;
    // Temp files of snapshot writes a crash (kill -9, power cut) interrupted; we own the dir, so nobody is writing them.
    const stale = new RegExp(`^${name}(\\.\\d+)?\\.json\\.\\d+\\.tmp$`);
    for (const file of await readdir(dir)) if (stale.test(file)) await rm(join(dir, file), { force: true });
    const shards: Shard<T>[] = [];
    const legacy: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const base = join(dir, count === 1 ? name : `${name}.${i}`);
      const file = new DurableJsonFile<ShardData<T>>(`${base}.json`);
      const low = new Low<ShardData<T>>(file, { version: 1, items: {} });
      await low.read();
      const shard: Shard<T> = { low, file, dirty: false };
      const snapshotBytes = (await stat(`${base}.json`).catch(() => undefined))?.size ?? 0;
      const journal = new Journal<T>(
        `${base}.log`,
        async () => {
          await low.write();
          return file.lastWriteBytes;
        },
        snapshotBytes,
        options.gate,
      );
      const replayed = await journal.replay((entry) => replayEntry(low.data, entry));
      if (options.journal) shard.journal = journal;
      else if (replayed > 0 || (await stat(`${base}.log`).catch(() => undefined))) {
        legacy.push(`${base}.log`);
        shard.dirty = true;
      }
      shards.push(shard);
    }
    const collection = new JsonCollection(name, shards, options.log);
    collection.legacyJournals.push(...legacy);
    return collection;
  }

  /** The record with this id. */
  get(id: string): T | undefined {
    const items = this.shardOf(id).low.data.items;
    return Object.hasOwn(items, id) ? items[id] : undefined;
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
  put(...records: T[]): Promise<void> {
    return this.write(records, [], false);
  }

  /** Removes records by id, durably. */
  remove(...ids: string[]): Promise<void> {
    return this.write([], ids, false);
  }

  /** Removes records and folds the journal into the snapshot, so that no earlier line holding them survives on disk. */
  purge(...ids: string[]): Promise<void> {
    return this.write([], ids, true);
  }

  /** Changes memory only (the caller writes the change, e.g. as part of a transaction); returns what to undo. */
  apply(puts: readonly T[], dels: readonly string[]): Applied<T> {
    const applied: Applied<T> = { before: new Map(), written: new Set(puts) };
    for (const record of puts) {
      if (!applied.before.has(record.id)) applied.before.set(record.id, this.get(record.id));
      const shard = this.shardOf(record.id);
      shard.low.data.items[record.id] = record;
      shard.dirty = true;
    }
    for (const id of dels) {
      if (!applied.before.has(id)) applied.before.set(id, this.get(id));
      const shard = this.shardOf(id);
      delete shard.low.data.items[id];
      shard.dirty = true;
    }
    return applied;
  }

  /** Undoes an applied change that could not be written; a later change to the same record is left alone. */
  undo(applied: Applied<T>): void {
    for (const [id, before] of applied.before) {
      const now = this.get(id);
      if (now !== undefined && !applied.written.has(now)) continue;
      const items = this.shardOf(id).low.data.items;
      if (before === undefined) delete items[id];
      else items[id] = before;
    }
  }

  /** Applies a logged change while loading (memory only). */
  replay(puts: readonly T[], dels: readonly string[]): void {
    this.apply(puts, dels);
  }

  /** Applies this collection's share of a transactions.log transaction (data dirs from before store.log) while loading. */
  replayLegacyTx(seq: number, puts: readonly T[], dels: readonly string[]): void {
    const fresh = (id: string) => (this.shardOf(id).low.data.tx ?? 0) < seq;
    this.apply(
      puts.filter((r) => fresh(r.id)),
      dels.filter(fresh),
    );
  }

  /** Writes the snapshot of every shard changed since the last checkpoint; resolves with the bytes all snapshots take. */
  async checkpoint(): Promise<number> {
    const changed = this.shards.filter((s) => s.dirty);
    for (const shard of changed) {
      shard.dirty = false;
      delete shard.low.data.tx;
    }
    const results = await Promise.allSettled(changed.map((s) => s.low.write()));
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) {
      for (const shard of changed) shard.dirty = true;
      throw (results[failed] as PromiseRejectedResult).reason;
    }
    return this.snapshotBytes;
  }

  /** Bytes the snapshot files take, as last read or written. */
  get snapshotBytes(): number {
    return this.shards.reduce((n, s) => n + s.file.size, 0);
  }

  /** Bytes written by this collection's own files since open (snapshots, and its own journal lines). */
  get writtenBytes(): number {
    return this.shards.reduce((n, s) => n + s.file.totalWriteBytes + (s.journal?.appendedBytes ?? 0), 0);
  }

  /** Waits for own-journal writes in flight and closes the journal files. */
  async close(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.journal?.close()));
  }

  private async write(puts: T[], dels: string[], purge: boolean): Promise<void> {
    const applied = this.apply(puts, dels);
    try {
      if (this.log) await this.log.commit([{ c: this.name, puts, dels }]);
      else await this.persistShards(applied, purge);
    } catch (error) {
      this.undo(applied);
      throw error;
    }
  }

  private async persistShards(applied: Applied<T>, compact: boolean): Promise<void> {
    const byShard = new Map<Shard<T>, JournalEntry<T>[]>();
    for (const id of applied.before.keys()) {
      const shard = this.shardOf(id);
      const record = this.get(id);
      byShard.set(shard, [...(byShard.get(shard) ?? []), record === undefined ? { del: id } : { put: record }]);
    }
    const results = await Promise.allSettled(
      [...byShard].map(([s, entries]) => {
        s.dirty = false;
        return s.journal ? s.journal.commit(entries, { compact }) : s.low.write();
      }),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private shardOf(id: string): Shard<T> {
    if (this.shards.length === 1) return this.shards[0] as Shard<T>;
    let hash = 2166136261;
    for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
    return this.shards[(hash >>> 0) % this.shards.length] as Shard<T>;
  }
}

function replayEntry<T extends { id: string }>(data: ShardData<T>, entry: JournalEntry<T>): void {
  if ('put' in entry) data.items[entry.put.id] = entry.put;
  else if ('del' in entry) delete data.items[entry.del];
  else {
    for (const record of entry.puts) data.items[record.id] = record;
    for (const id of entry.dels) delete data.items[id];
    data.tx = Math.max(data.tx ?? 0, entry.tx);
  }
}
