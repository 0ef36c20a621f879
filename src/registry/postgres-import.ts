import type pg from 'pg';
import type { AidRecord } from '../model/aid.js';
import type { Household, Member } from '../model/household.js';
import { idTail, maskIdNumber } from '../privacy/id-number.js';
import type { Hasher } from '../privacy/keyed-hash.js';
import { memberRecordId } from '../store/member-id.js';
import { inTransaction } from '../store/postgres/connect.js';
import { aid as aidCodec, households as householdCodec, members as memberCodec } from '../store/postgres/records.js';
import { batches } from './batches.js';
import { checkHeaders } from './header-variants.js';
import { aidId, aidNaturalKey, type ImportKind, type ImportOptions, type ImportResult, sourceOf } from './importer.js';
import type { Table, TableRow } from './read-table.js';
import { aidRow, householdRow, memberRow, type RowError, rowErrors } from './rows.js';

/** Rows checked, hashed and written together: large enough to keep both cores hashing, small enough to stream. */
const CHUNK = 2000;
const PROGRESS_EVERY = 1000;

type Counts = { rows: number; created: number; updated: number; unchanged: number; skipped: number; errors: RowError[] };
type Step = (client: pg.PoolClient, rows: TableRow[], counts: Counts, seen: SeenKeys) => Promise<void>;

/**
 * Keys seen earlier in the file (a 户编号, an ID hash, a member) with their first row, in a temporary table of the
 * import's transaction: a million rows cost the database a table, not this process a map.
 */
class SeenKeys {
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

/**
 * Streams a sheet into PostgreSQL with the checks and messages of the lowdb importer (importer.ts): a chunk at a time
 * is validated, hashed and written, in one transaction for the whole file, so memory stays flat whatever the file's
 * size and a file with errors (without `skipInvalid`) leaves nothing behind.
 */
async function streamImport(kind: ImportKind, pool: pg.Pool, table: Table, options: ImportOptions, step: Step): Promise<ImportResult> {
  const counts: Counts = { rows: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, errors: [] };
  try {
    return await inTransaction(pool, async (client) => {
      const seen = new SeenKeys(client);
      for await (const chunk of batches(table.rows, CHUNK)) {
        const before = counts.rows;
        counts.rows += chunk.length;
        if (Math.floor(counts.rows / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY))
          options.onProgress?.({ phase: 'read', rows: counts.rows });
        await step(client, chunk, counts, seen);
      }
      counts.errors.sort((a, b) => a.row - b.row);
      if (counts.errors.length > 0 && !options.skipInvalid) {
        throw new NothingWritten({
          kind,
          rows: counts.rows,
          created: 0,
          updated: 0,
          unchanged: 0,
          skipped: 0,
          errors: counts.errors,
          written: false,
          ...sourceOf(table),
        });
      }
      return { kind, ...counts, written: true, ...sourceOf(table) };
    });
  } catch (error) {
    if (error instanceof NothingWritten) return error.result;
    throw error;
  }
}

/** Whether this chunk's changes are written: not once an error has doomed a strict import (it goes on only to list errors). */
const writing = (counts: Counts, options: ImportOptions) => options.skipInvalid === true || counts.errors.length === 0;

async function existingHouseholds(client: pg.PoolClient, ids: string[], known?: ReadonlySet<string>): Promise<Set<string>> {
  const { rows } = await client.query<{ id: string }>('select id from households where id = any($1::text[])', [[...new Set(ids)]]);
  return new Set([...rows.map((r) => r.id), ...ids.filter((id) => known?.has(id))]);
}

function setDefined<T extends object, K extends keyof T>(record: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) record[key] = value;
}

/** Whether two records hold the same values (arrays compared by content), `ignored` aside. */
function same<T extends object>(old: T | undefined, next: T, ignored?: keyof T): boolean {
  if (!old) return false;
  const keys = (o: T) => (Object.keys(o) as (keyof T)[]).filter((k) => k !== ignored);
  const value = (v: unknown) => (Array.isArray(v) ? v.join('\u0000') : v);
  return keys(old).length === keys(next).length && keys(old).every((k) => value(old[k]) === value(next[k]));
}

/** Imports (upserts) households by 户编号 into PostgreSQL (see importHouseholds for the rules). */
export function importHouseholdsPg(pool: pg.Pool, hasher: Hasher, table: Table, options: ImportOptions = {}): Promise<ImportResult> {
  const headerErrors = checkHeaders(table, 'households');
  if (headerErrors.length > 0) return Promise.resolve(failed('households', headerErrors, table));
  const present = new Set(table.headers);
  const now = (options.now ?? (() => new Date()))().toISOString();
  return streamImport('households', pool, table, options, async (client, chunk, counts, seen) => {
    const parsed = chunk.flatMap((row) => {
      const result = householdRow.safeParse(row.cells);
      if (result.success) return [{ rowNumber: row.rowNumber, r: result.data }];
      counts.errors.push(...rowErrors(row.rowNumber, result.error));
      return [];
    });
    const earlier = await seen.lookup(parsed.map(({ r }) => `id:${r.户编号}`));
    const rowOf = new Map<string, number>();
    const valid = parsed.filter(({ rowNumber, r }) => {
      const first = earlier.get(`id:${r.户编号}`)?.row ?? rowOf.get(r.户编号);
      if (first !== undefined) {
        counts.errors.push({ row: rowNumber, column: '户编号', reason: `与第 ${first} 行重复` });
        return false;
      }
      rowOf.set(r.户编号, rowNumber);
      return true;
    });
    await seen.add(valid.map(({ rowNumber, r }) => ({ key: `id:${r.户编号}`, row: rowNumber })));
    const idHashes = await Promise.all(valid.map(({ r }) => hasher.idHash(r.身份证号)));
    const [stored, owners] = await Promise.all([
      client.query(`select ${householdCodec.list} from households where id = any($1::text[])`, [valid.map(({ r }) => r.户编号)]),
      client.query<{ id: string; id_hash: string }>('select id, id_hash from households where id_hash = any($1::text[])', [idHashes]),
    ]);
    const old = new Map(stored.rows.map((row) => [row.id as string, householdCodec.fromRow(row)]));
    const storedOwner = new Map(owners.rows.map((o) => [o.id_hash, o.id]));
    const fileOwner = await seen.lookup(idHashes.map((h) => `head:${h}`));
    const ownerOf = new Map<string, string>();
    const accepted = valid.flatMap(({ rowNumber, r }, i) => {
      const idHash = idHashes[i] as string;
      const owner = ownerOf.get(idHash) ?? fileOwner.get(`head:${idHash}`)?.owner ?? storedOwner.get(idHash);
      if (owner !== undefined && owner !== null && owner !== r.户编号) {
        counts.errors.push({ row: rowNumber, column: '身份证号', reason: `已是户编号 ${owner} 的户主，同一人不能是两户的户主` });
        return [];
      }
      ownerOf.set(idHash, r.户编号);
      return [{ rowNumber, r, idHash, old: old.get(r.户编号) }];
    });
    await seen.add(accepted.map(({ rowNumber, r, idHash }) => ({ key: `head:${idHash}`, row: rowNumber, owner: r.户编号 })));
    const verifyHashes = await Promise.all(
      accepted.map(({ r, idHash, old }) =>
        old?.idHash === idHash && old.headName === r.户主姓名 ? old.verifyHash : hasher.verifyHash(r.户主姓名, idTail(r.身份证号)),
      ),
    );
    const changed: Household[] = [];
    for (const [i, { r, idHash, old }] of accepted.entries()) {
      const h: Household = {
        id: r.户编号,
        headName: r.户主姓名,
        idMasked: maskIdNumber(r.身份证号),
        idHash,
        verifyHash: verifyHashes[i] as string,
        county: r.县,
        township: r.乡镇,
        village: r.村,
        size: r.家庭人口,
        attribute: r.贫困户属性,
        causes: r.致贫原因,
        status: r.脱贫状态,
        updatedAt: now,
      };
      // A column left out of the sheet keeps what is stored, so a partial sheet cannot wipe data.
      setDefined(h, 'phone', present.has('联系电话') ? r.联系电话 : old?.phone);
      setDefined(h, 'group', present.has('组') ? r.组 : old?.group);
      setDefined(h, 'card', present.has('卡类') ? r.卡类 : old?.card);
      setDefined(h, 'exitYear', present.has('脱贫年度') ? r.脱贫年度 : old?.exitYear);
      setDefined(h, 'monitorType', old?.monitorType);
      setDefined(h, 'monitorSince', old?.monitorSince);
      setDefined(h, 'cadreName', present.has('帮扶责任人') ? r.帮扶责任人 : old?.cadreName);
      setDefined(h, 'cadrePhone', present.has('帮扶责任人电话') ? r.帮扶责任人电话 : old?.cadrePhone);
      if (same(old, h, 'updatedAt')) counts.unchanged += 1;
      else {
        if (old) counts.updated += 1;
        else counts.created += 1;
        changed.push(h);
      }
    }
    if (changed.length > 0 && writing(counts, options)) {
      await client.query(householdCodec.batchUpsertSql, [JSON.stringify(changed.map((h) => householdCodec.jsonRow(h)))]);
    }
  });
}

/** Imports (upserts) household members into PostgreSQL; each 户编号 must already be registered. */
export function importMembersPg(pool: pg.Pool, hasher: Hasher, table: Table, options: ImportOptions = {}): Promise<ImportResult> {
  const headerErrors = checkHeaders(table, 'members');
  if (headerErrors.length > 0) return Promise.resolve(failed('members', headerErrors, table));
  return streamImport('members', pool, table, options, async (client, chunk, counts, seen) => {
    const parsed = chunk.flatMap((row) => {
      const result = memberRow.safeParse(row.cells);
      if (result.success) return [{ rowNumber: row.rowNumber, r: result.data }];
      counts.errors.push(...rowErrors(row.rowNumber, result.error));
      return [];
    });
    const known = await existingHouseholds(
      client,
      parsed.map(({ r }) => r.户编号),
      options.knownHouseholdIds,
    );
    const valid = parsed.filter(({ rowNumber, r }) => {
      if (known.has(r.户编号)) return true;
      counts.errors.push({ row: rowNumber, column: '户编号', reason: `户编号 ${r.户编号} 还没有登记，请先导入户信息` });
      return false;
    });
    const idHashes = await Promise.all(valid.map(({ r }) => hasher.idHash(r.身份证号)));
    const ids = valid.map(({ r }, i) => memberRecordId(r.户编号, idHashes[i] as string));
    const earlier = await seen.lookup(ids);
    const rowOf = new Map<string, number>();
    const accepted = valid.flatMap(({ rowNumber, r }, i) => {
      const id = ids[i] as string;
      const first = earlier.get(id)?.row ?? rowOf.get(id);
      if (first !== undefined) {
        counts.errors.push({ row: rowNumber, column: '身份证号', reason: `与第 ${first} 行是同一个人` });
        return [];
      }
      rowOf.set(id, rowNumber);
      return [{ r, id, idHash: idHashes[i] as string }];
    });
    await seen.add(accepted.map(({ id }) => ({ key: id, row: rowOf.get(id) ?? 0 })));
    const { rows } = await client.query(`select ${memberCodec.list} from members where id = any($1::text[])`, [accepted.map((a) => a.id)]);
    const old = new Map(rows.map((row) => [row.id as string, memberCodec.fromRow(row)]));
    const verifyHashes = await Promise.all(
      accepted.map(({ r, id, idHash }) => {
        const stored = old.get(id);
        return stored?.idHash === idHash && stored.name === r.姓名 ? stored.verifyHash : hasher.verifyHash(r.姓名, idTail(r.身份证号));
      }),
    );
    const changed: Member[] = [];
    for (const [i, { r, id, idHash }] of accepted.entries()) {
      const m: Member = {
        id,
        householdId: r.户编号,
        name: r.姓名,
        idMasked: maskIdNumber(r.身份证号),
        idHash,
        verifyHash: verifyHashes[i] as string,
        relation: r.与户主关系,
      };
      const stored = old.get(id);
      if (same(stored, m)) counts.unchanged += 1;
      else {
        if (stored) counts.updated += 1;
        else counts.created += 1;
        changed.push(m);
      }
    }
    if (changed.length > 0 && writing(counts, options)) {
      await client.query(memberCodec.batchUpsertSql, [JSON.stringify(changed.map((m) => memberCodec.jsonRow(m)))]);
    }
  });
}

/** Adds aid records in PostgreSQL; a payment already stored or repeated in the file is skipped (the natural key is unique). */
export function importAidPg(pool: pg.Pool, _hasher: Hasher, table: Table, options: ImportOptions = {}): Promise<ImportResult> {
  const headerErrors = checkHeaders(table, 'aid');
  if (headerErrors.length > 0) return Promise.resolve(failed('aid', headerErrors, table));
  return streamImport('aid', pool, table, options, async (client, chunk, counts) => {
    const parsed = chunk.flatMap((row) => {
      const result = aidRow.safeParse(row.cells);
      if (result.success) return [{ rowNumber: row.rowNumber, r: result.data }];
      counts.errors.push(...rowErrors(row.rowNumber, result.error));
      return [];
    });
    const known = await existingHouseholds(
      client,
      parsed.map(({ r }) => r.户编号),
    );
    const records: AidRecord[] = parsed.flatMap(({ rowNumber, r }) => {
      if (!known.has(r.户编号)) {
        counts.errors.push({ row: rowNumber, column: '户编号', reason: `户编号 ${r.户编号} 还没有登记，请先导入户信息` });
        return [];
      }
      const record: AidRecord = {
        id: aidId(aidNaturalKey(r.户编号, r.项目名称, r.发放日期, r.金额)),
        householdId: r.户编号,
        category: r.项目类别,
        name: r.项目名称,
        amountFen: r.金额,
        date: r.发放日期,
      };
      setDefined(record, 'note', r.说明);
      return [record];
    });
    if (records.length === 0 || !writing(counts, options)) return;
    const { rowCount } = await client.query(
      `insert into aid_records (${aidCodec.list}) select ${aidCodec.list} from json_populate_recordset(null::aid_records, $1::json) on conflict do nothing`,
      [JSON.stringify(records.map((r) => aidCodec.jsonRow(r)))],
    );
    counts.created += rowCount ?? 0;
    counts.skipped += records.length - (rowCount ?? 0);
  });
}

function failed(kind: ImportKind, errors: RowError[], table: Table): ImportResult {
  return { kind, rows: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, errors, written: false, ...sourceOf(table) };
}
