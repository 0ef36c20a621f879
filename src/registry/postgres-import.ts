import type pg from 'pg';
import type { z } from 'zod';
import type { AidRecord } from '../model/aid.js';
import type { Household, Member } from '../model/household.js';
import { idTail, maskIdNumber } from '../privacy/id-number.js';
import type { Hasher } from '../privacy/keyed-hash.js';
import { memberRecordId } from '../store/member-id.js';
import { aid as aidCodec, households as householdCodec, members as memberCodec } from '../store/postgres/records.js';
import { checkHeaders } from './header-variants.js';
import { aidId, aidNaturalKey, type ImportOptions, type ImportResult } from './importer.js';
import { type Counts, failed, streamImport, writing } from './postgres-stream.js';
import { aidRow, type HouseholdRow, householdRow, type MemberRow, memberRow, rowErrors } from './rows.js';
import { householdIdOf, SheetHouseholds } from './sheet-households.js';
import { applyStatus } from './status-conflict.js';
import type { Table, TableRow } from './table.js';

/** A checked row with its ID hash, and its verify hash unless the stored one is to be kept. */
type Hashed<R> = { rowNumber: number; r: R; idHash: string; verifyHash?: string };

/** The rows of `chunk` that pass `schema` (the others' errors go to `counts`, and each to `onBad`). */
function checked<R>(
  chunk: TableRow[],
  counts: Counts,
  schema: z.ZodType<R>,
  onBad?: (row: TableRow) => void,
): { rowNumber: number; r: R }[] {
  return chunk.flatMap((row) => {
    const result = schema.safeParse(row.cells);
    if (result.success) return [{ rowNumber: row.rowNumber, r: result.data }];
    counts.errors.push(...rowErrors(row.rowNumber, result.error));
    onBad?.(row);
    return [];
  });
}

/**
 * Verify hashes of `people`, left out where the stored record has the same ID hash and name (its hash is kept). The
 * stored records are read outside the import's transaction: a row written earlier in this import is a duplicate,
 * refused anyway, so what the transaction wrote does not matter here.
 */
async function verifyHashes(
  pool: pg.Pool,
  hasher: Hasher,
  storedSql: string,
  people: { recordId: string; name: string; idNumber: string; idHash: string }[],
): Promise<(string | undefined)[]> {
  const { rows } = await pool.query<{ id: string; id_hash: string; name: string }>(storedSql, [people.map((p) => p.recordId)]);
  const stored = new Map(rows.map((r) => [r.id, r]));
  return Promise.all(
    people.map((p) => {
      const old = stored.get(p.recordId);
      return old?.id_hash === p.idHash && old.name === p.name ? undefined : hasher.verifyHash(p.name, idTail(p.idNumber));
    }),
  );
}

function hashed<R>(rows: { rowNumber: number; r: R }[], idHashes: string[], verify: (string | undefined)[]): Hashed<R>[] {
  return rows.map(({ rowNumber, r }, i) => {
    const row: Hashed<R> = { rowNumber, r, idHash: idHashes[i] as string };
    setDefined(row, 'verifyHash', verify[i]);
    return row;
  });
}

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
  return streamImport<Hashed<HouseholdRow>[]>('households', pool, table, options, {
    async prepare(chunk, counts) {
      const rows = checked(chunk, counts, householdRow);
      const idHashes = await Promise.all(rows.map(({ r }) => hasher.idHash(r.身份证号)));
      const verify = await verifyHashes(
        pool,
        hasher,
        'select id, id_hash, head_name as name from households where id = any($1::text[])',
        rows.map(({ r }, i) => ({ recordId: r.户编号, name: r.户主姓名, idNumber: r.身份证号, idHash: idHashes[i] as string })),
      );
      return hashed(rows, idHashes, verify);
    },
    async apply(client, rows, counts, seen) {
      const earlier = await seen.lookup(rows.map(({ r }) => `id:${r.户编号}`));
      const rowOf = new Map<string, number>();
      const valid = rows.filter(({ rowNumber, r }) => {
        const first = earlier.get(`id:${r.户编号}`)?.row ?? rowOf.get(r.户编号);
        if (first !== undefined) {
          counts.errors.push({ row: rowNumber, column: '户编号', reason: `与第 ${first} 行重复` });
          return false;
        }
        rowOf.set(r.户编号, rowNumber);
        return true;
      });
      await seen.add(valid.map(({ rowNumber, r }) => ({ key: `id:${r.户编号}`, row: rowNumber })));
      const idHashes = valid.map((v) => v.idHash);
      const [stored, owners] = await Promise.all([
        client.query(`select ${householdCodec.list} from households where id = any($1::text[])`, [valid.map(({ r }) => r.户编号)]),
        client.query<{ id: string; id_hash: string }>('select id, id_hash from households where id_hash = any($1::text[])', [idHashes]),
      ]);
      const old = new Map(stored.rows.map((row) => [row.id as string, householdCodec.fromRow(row)]));
      const storedOwner = new Map(owners.rows.map((o) => [o.id_hash, o.id]));
      const fileOwner = await seen.lookup(idHashes.map((h) => `head:${h}`));
      const ownerOf = new Map<string, string>();
      const accepted = valid.flatMap((row) => {
        const { rowNumber, r, idHash } = row;
        const owner = ownerOf.get(idHash) ?? fileOwner.get(`head:${idHash}`)?.owner ?? storedOwner.get(idHash);
        if (owner !== undefined && owner !== null && owner !== r.户编号) {
          counts.errors.push({ row: rowNumber, column: '身份证号', reason: `已是户编号 ${owner} 的户主，同一人不能是两户的户主` });
          return [];
        }
        ownerOf.set(idHash, r.户编号);
        return [{ ...row, old: old.get(r.户编号) }];
      });
      await seen.add(accepted.map(({ rowNumber, r, idHash }) => ({ key: `head:${idHash}`, row: rowNumber, owner: r.户编号 })));
      const verify = await Promise.all(
        accepted.map(({ r, idHash, verifyHash, old }) =>
          old?.idHash === idHash && old.headName === r.户主姓名
            ? old.verifyHash
            : (verifyHash ?? hasher.verifyHash(r.户主姓名, idTail(r.身份证号))),
        ),
      );
      const changed: Household[] = [];
      for (const [i, { rowNumber, r, idHash, old }] of accepted.entries()) {
        const h: Household = {
          id: r.户编号,
          headName: r.户主姓名,
          idMasked: maskIdNumber(r.身份证号),
          idHash,
          verifyHash: verify[i] as string,
          county: r.县,
          township: r.乡镇,
          village: r.村,
          size: r.家庭人口,
          attribute: r.贫困户属性,
          causes: r.致贫原因,
          status: r.脱贫状态,
          updatedAt: now,
        };
        const conflict = applyStatus(h, old, r.脱贫状态, rowNumber, options.overwriteStatus === true);
        if (conflict) counts.statusConflicts.push(conflict);
        // A column left out of the sheet keeps what is stored, so a partial sheet cannot wipe data.
        setDefined(h, 'phone', present.has('联系电话') ? r.联系电话 : old?.phone);
        setDefined(h, 'group', present.has('组') ? r.组 : old?.group);
        setDefined(h, 'card', present.has('卡类') ? r.卡类 : old?.card);
        setDefined(h, 'exitYear', present.has('脱贫年度') ? r.脱贫年度 : old?.exitYear);
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
    },
  });
}

/** Imports (upserts) household members into PostgreSQL; each 户编号 must already be registered (see importMembers for the rules). */
export function importMembersPg(pool: pg.Pool, hasher: Hasher, table: Table, options: ImportOptions = {}): Promise<ImportResult> {
  const headerErrors = checkHeaders(table, 'members');
  if (headerErrors.length > 0) return Promise.resolve(failed('members', headerErrors, table));
  // Which households are listed is read back from the keys seen (member ids start with their 户编号); only bad rows are kept here.
  const sheet = new SheetHouseholds();
  return streamImport<Hashed<MemberRow>[]>('members', pool, table, options, {
    async prepare(chunk, counts) {
      const rows = checked(chunk, counts, memberRow, (row) => sheet.bad(householdIdOf(row.cells)));
      const idHashes = await Promise.all(rows.map(({ r }) => hasher.idHash(r.身份证号)));
      const verify = await verifyHashes(
        pool,
        hasher,
        'select id, id_hash, name from members where id = any($1::text[])',
        rows.map(({ r }, i) => ({
          recordId: memberRecordId(r.户编号, idHashes[i] as string),
          name: r.姓名,
          idNumber: r.身份证号,
          idHash: idHashes[i] as string,
        })),
      );
      return hashed(rows, idHashes, verify);
    },
    async apply(client, rows, counts, seen) {
      const known = await existingHouseholds(
        client,
        rows.map(({ r }) => r.户编号),
        options.knownHouseholdIds,
      );
      const valid = rows.filter(({ rowNumber, r }) => {
        if (known.has(r.户编号)) return true;
        counts.errors.push({ row: rowNumber, column: '户编号', reason: `户编号 ${r.户编号} 还没有登记，请先导入户信息` });
        return false;
      });
      const ids = valid.map(({ r, idHash }) => memberRecordId(r.户编号, idHash));
      const earlier = await seen.lookup(ids);
      const rowOf = new Map<string, number>();
      const accepted = valid.flatMap((row, i) => {
        const id = ids[i] as string;
        const first = earlier.get(id)?.row ?? rowOf.get(id);
        if (first !== undefined) {
          counts.errors.push({ row: row.rowNumber, column: '身份证号', reason: `与第 ${first} 行是同一个人` });
          sheet.bad(row.r.户编号);
          return [];
        }
        rowOf.set(id, row.rowNumber);
        return [{ ...row, id }];
      });
      await seen.add(accepted.map(({ id }) => ({ key: id, row: rowOf.get(id) ?? 0 })));
      const { rows: stored } = await client.query(`select ${memberCodec.list} from members where id = any($1::text[])`, [
        accepted.map((a) => a.id),
      ]);
      const old = new Map(stored.map((row) => [row.id as string, memberCodec.fromRow(row)]));
      const verify = await Promise.all(
        accepted.map(({ r, id, idHash, verifyHash }) => {
          const before = old.get(id);
          return before?.idHash === idHash && before.name === r.姓名
            ? before.verifyHash
            : (verifyHash ?? hasher.verifyHash(r.姓名, idTail(r.身份证号)));
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
          verifyHash: verify[i] as string,
          relation: r.与户主关系,
        };
        const before = old.get(id);
        if (same(before, m)) counts.unchanged += 1;
        else {
          if (before) counts.updated += 1;
          else counts.created += 1;
          changed.push(m);
        }
      }
      if (changed.length > 0 && writing(counts, options)) {
        await client.query(memberCodec.batchUpsertSql, [JSON.stringify(changed.map((m) => memberCodec.jsonRow(m)))]);
      }
    },
    async finish(client, counts, seen) {
      if (!sheet.complete) return;
      // A member id is `户编号:` and 12 hex characters (memberRecordId).
      const { rowCount } = await client.query(
        `with listed as (select distinct left(key, -13) as household_id from ${await seen.table()})
         delete from members m using listed l
         where m.household_id = l.household_id and l.household_id <> all($1::text[])
           and not exists (select 1 from import_seen s where s.key = m.id)`,
        [sheet.spoiled()],
      );
      counts.removed = rowCount ?? 0;
    },
  });
}

/** Adds aid records in PostgreSQL; a payment already stored or repeated in the file is skipped (the natural key is unique). */
export function importAidPg(pool: pg.Pool, _hasher: Hasher, table: Table, options: ImportOptions = {}): Promise<ImportResult> {
  const headerErrors = checkHeaders(table, 'aid');
  if (headerErrors.length > 0) return Promise.resolve(failed('aid', headerErrors, table));
  return streamImport('aid', pool, table, options, {
    prepare: async (chunk, counts) => checked(chunk, counts, aidRow),
    async apply(client, rows, counts) {
      const known = await existingHouseholds(
        client,
        rows.map(({ r }) => r.户编号),
      );
      const records: AidRecord[] = rows.flatMap(({ rowNumber, r }) => {
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
    },
  });
}
