import type pg from 'pg';
import { inTransaction } from '../store/postgres/connect.js';
import { batches } from './batches.js';
import { type ImportKind, type ImportOptions, type ImportResult, sourceOf } from './importer.js';
import type { RowError } from './rows.js';
import type { StatusConflict } from './status-conflict.js';
import type { Table, TableRow } from './table.js';

/** Rows checked, hashed and written together: large enough to keep both cores hashing, small enough to stream. */
const CHUNK = 2000;
/** Chunks prepared (checked and hashed) ahead of the one being written, so hashing goes on while the database writes. */
const AHEAD = 2;
const PROGRESS_EVERY = 1000;

/** What an import has counted so far. */
export type Counts = {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  removed: number;
  statusConflicts: StatusConflict[];
  errors: RowError[];
};

/**
 * One kind of import in two steps per chunk: `prepare` (checks and hashes, which need nothing written before it)
 * runs ahead of `apply` (everything that must see the earlier chunks: duplicates, owners, the write), which runs
 * chunk after chunk in file order inside the import's transaction.
 */
export type ChunkImport<P> = {
  prepare: (rows: TableRow[], counts: Counts) => Promise<P>;
  apply: (client: pg.PoolClient, prepared: P, counts: Counts, seen: SeenKeys) => Promise<void>;
  /** After the last chunk, in the same transaction, when the import's changes are to be kept. */
  finish?: (client: pg.PoolClient, counts: Counts, seen: SeenKeys) => Promise<void>;
};

/**
 * Keys seen earlier in the file (a 户编号, an ID hash, a member) with their first row, in a temporary table of the
 * import's transaction: a million rows cost the database a table, not this process a map.
 */
export class SeenKeys {
  private created = false;

  constructor(private readonly client: pg.PoolClient) {}

  /** The first row (and owner) of each of `keys` seen so far. */
  async lookup(keys: string[]): Promise<Map<string, { row: number; owner: string | null }>> {
    await this.create();
    const { rows } = await this.client.query<{ key: string; row_number: number; owner: string | null }>(
      'select key, row_number, owner from import_seen where key = any($1::text[])',
      [keys],
    );
    return new Map(rows.map((r) => [r.key, { row: r.row_number, owner: r.owner }]));
  }

  /** Remembers keys first seen now (a key already known keeps its first row). */
  async add(entries: { key: string; row: number; owner?: string }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.create();
    await this.client.query(
      'insert into import_seen select * from unnest($1::text[], $2::int[], $3::text[]) on conflict (key) do nothing',
      [entries.map((e) => e.key), entries.map((e) => e.row), entries.map((e) => e.owner ?? null)],
    );
  }

  /** The temporary table `import_seen (key, row_number, owner)`, created if no key was added yet, for queries of its own. */
  async table(): Promise<string> {
    await this.create();
    return 'import_seen';
  }

  private async create(): Promise<void> {
    if (this.created) return;
    await this.client.query('create temp table import_seen (key text primary key, row_number int not null, owner text) on commit drop');
    this.created = true;
  }
}

/** Ends the transaction without writing anything, carrying the result out. */
class NothingWritten extends Error {
  constructor(readonly result: ImportResult) {
    super('import rolled back');
  }
}

/** Whether a chunk's changes are written: not once an error has doomed a strict import (it goes on only to list errors). */
export const writing = (counts: Counts, options: ImportOptions) => options.skipInvalid === true || counts.errors.length === 0;

/**
 * Streams a sheet into PostgreSQL with the checks and messages of the lowdb importer (importer.ts): a chunk at a time
 * is validated, hashed and written, in one transaction for the whole file, so memory stays flat whatever the file's
 * size and a file with errors (without `skipInvalid`) leaves nothing behind. The next chunks are prepared meanwhile.
 */
export async function streamImport<P>(
  kind: ImportKind,
  pool: pg.Pool,
  table: Table,
  options: ImportOptions,
  steps: ChunkImport<P>,
): Promise<ImportResult> {
  const counts: Counts = { rows: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, removed: 0, statusConflicts: [], errors: [] };
  const ahead: Promise<P>[] = [];
  try {
    return await inTransaction(pool, async (client) => {
      const seen = new SeenKeys(client);
      const applyNext = async () => steps.apply(client, await (ahead.shift() as Promise<P>), counts, seen);
      for await (const chunk of batches(table.rows, CHUNK)) {
        const before = counts.rows;
        counts.rows += chunk.length;
        if (Math.floor(counts.rows / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY))
          options.onProgress?.({ phase: 'read', rows: counts.rows });
        const prepared = steps.prepare(chunk, counts);
        // Awaited in turn below; until then a failure must not count as unhandled.
        prepared.catch(() => {});
        ahead.push(prepared);
        if (ahead.length > AHEAD) await applyNext();
      }
      while (ahead.length > 0) await applyNext();
      if (steps.finish && writing(counts, options)) await steps.finish(client, counts, seen);
      counts.errors.sort((a, b) => a.row - b.row);
      if (counts.errors.length > 0 && !options.skipInvalid) {
        throw new NothingWritten({ ...failed(kind, counts.errors, table), rows: counts.rows });
      }
      return { kind, ...counts, written: true, ...sourceOf(table) };
    });
  } catch (error) {
    if (error instanceof NothingWritten) return error.result;
    throw error;
  } finally {
    // Prepares still running when a write failed: let them finish before the caller closes the pool.
    await Promise.allSettled(ahead);
  }
}

/** The result of an import refused before any row was read (its header is wrong). */
export function failed(kind: ImportKind, errors: RowError[], table: Table): ImportResult {
  return {
    kind,
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    removed: 0,
    statusConflicts: [],
    errors,
    written: false,
    ...sourceOf(table),
  };
}
