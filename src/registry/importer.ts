import { createHash } from 'node:crypto';
import type { AidRecord } from '../model/aid.js';
import type { Household, Member } from '../model/household.js';
import { idTail, maskIdNumber } from '../privacy/id-number.js';
import type { Hasher } from '../privacy/keyed-hash.js';
import { memberRecordId } from '../store/member-id.js';
import type { Store } from '../store/store.js';
import { batches } from './batches.js';
import { checkHeaders, type SheetKind } from './header-variants.js';
import { type AidRow, aidRow, type HouseholdRow, householdRow, type MemberRow, memberRow, type RowError, rowErrors } from './rows.js';
import { householdIdOf, SheetHouseholds } from './sheet-households.js';
import { applyStatus, type StatusConflict } from './status-conflict.js';
import type { Table } from './table.js';

/** Which sheet is being imported. */
export type ImportKind = SheetKind;

/** What an import did. With errors and no `skipInvalid`, nothing is written (`written: false`) and the counts are 0. */
export type ImportResult = {
  kind: ImportKind;
  /** Data rows read (blank rows not counted). */
  rows: number;
  created: number;
  updated: number;
  /** Rows identical to what is stored. */
  unchanged: number;
  /** Duplicates: in the file or already stored (aid). */
  skipped: number;
  /** Members removed: stored for a household the members sheet lists, but not in the sheet. */
  removed: number;
  /** 监测对象 decisions made in the app that the households sheet contradicts (kept unless `overwriteStatus`). */
  statusConflicts: StatusConflict[];
  errors: RowError[];
  written: boolean;
  /** The worksheet read (XLSX). */
  sheet?: string;
  /** The row the header starts on (after any title or note rows). */
  headerRow: number;
  /** Rows passed over as 合计/小计 or notes below the data. */
  ignoredRows: number[];
};

/** Progress while reading rows, then while writing batches. */
export type ImportProgress = { phase: 'read'; rows: number } | { phase: 'write'; written: number; total: number };

/** How to import. */
export type ImportOptions = {
  /** Import the good rows even when some are bad (the bad ones come back in `errors`). */
  skipInvalid?: boolean;
  /** Records per store write (default 25,000, at most 50,000: they travel as call arguments); each write rewrites a whole collection file, so this is large. */
  batchSize?: number;
  now?: () => Date;
  onProgress?: (progress: ImportProgress) => void;
  /** Household ids that count as existing besides the stored ones (for members). */
  knownHouseholdIds?: ReadonlySet<string>;
  /** Let the households sheet's 脱贫状态 replace a 监测对象 decided in the app (see status-conflict.ts). */
  overwriteStatus?: boolean;
};

const PROGRESS_EVERY = 1000;

type Draft<T> = {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  removed: number;
  statusConflicts: StatusConflict[];
  errors: RowError[];
  rows: number;
  pending: T[];
};

/** Rows validated and hashed together: hashing is scrypt on the thread pool, so a batch of rows keeps every core busy. */
const HASH_BATCH = 256;

/** Imports (upserts) households by 户编号: every row is validated first; rows equal to the stored household count as unchanged. */
export async function importHouseholds(store: Store, hasher: Hasher, table: Table, options: ImportOptions = {}): Promise<ImportResult> {
  const headerErrors = checkHeaders(table, 'households');
  if (headerErrors.length > 0) return failed('households', headerErrors, table);
  const present = new Set(table.headers);
  const now = (options.now ?? (() => new Date()))().toISOString();
  const draft = newDraft<Household>();
  const rowOf = new Map<string, number>();
  const ownerOf = new Map<string, string>();
  for await (const batch of batches(table.rows, HASH_BATCH)) {
    const valid: { rowNumber: number; r: HouseholdRow }[] = [];
    for (const row of batch) {
      tick(draft, options);
      const parsed = householdRow.safeParse(row.cells);
      if (!parsed.success) {
        draft.errors.push(...rowErrors(row.rowNumber, parsed.error));
        continue;
      }
      const first = rowOf.get(parsed.data.户编号);
      if (first !== undefined) {
        draft.errors.push({ row: row.rowNumber, column: '户编号', reason: `与第 ${first} 行重复` });
        continue;
      }
      rowOf.set(parsed.data.户编号, row.rowNumber);
      valid.push({ rowNumber: row.rowNumber, r: parsed.data });
    }
    const idHashes = await Promise.all(valid.map(({ r }) => hasher.idHash(r.身份证号)));
    const owners = new Map((await store.households.byIdHashes(idHashes)).map((h) => [h.idHash, h.id]));
    const stored = new Map((await store.households.getMany(valid.map(({ r }) => r.户编号))).map((h) => [h.id, h]));
    const accepted = valid.flatMap(({ rowNumber, r }, i) => {
      const idHash = idHashes[i] as string;
      const owner = ownerOf.get(idHash) ?? owners.get(idHash);
      if (owner !== undefined && owner !== r.户编号) {
        draft.errors.push({ row: rowNumber, column: '身份证号', reason: `已是户编号 ${owner} 的户主，同一人不能是两户的户主` });
        return [];
      }
      ownerOf.set(idHash, r.户编号);
      return [{ rowNumber, r, idHash, old: stored.get(r.户编号) }];
    });
    // Same person, same name: the stored hash is still right, and re-imports skip one scrypt per row.
    const verifyHashes = await Promise.all(
      accepted.map(({ r, idHash, old }) =>
        old?.idHash === idHash && old.headName === r.户主姓名 ? old.verifyHash : hasher.verifyHash(r.户主姓名, idTail(r.身份证号)),
      ),
    );
    for (const [i, { rowNumber, r, idHash, old }] of accepted.entries()) {
      const household: Household = {
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
      const conflict = applyStatus(household, old, r.脱贫状态, rowNumber, options.overwriteStatus === true);
      if (conflict) draft.statusConflicts.push(conflict);
      // A column left out of the sheet keeps what is stored, so a partial sheet cannot wipe data.
      setDefined(household, 'phone', present.has('联系电话') ? r.联系电话 : old?.phone);
      setDefined(household, 'group', present.has('组') ? r.组 : old?.group);
      setDefined(household, 'card', present.has('卡类') ? r.卡类 : old?.card);
      setDefined(household, 'exitYear', present.has('脱贫年度') ? r.脱贫年度 : old?.exitYear);
      setDefined(household, 'cadreName', present.has('帮扶责任人') ? r.帮扶责任人 : old?.cadreName);
      setDefined(household, 'cadrePhone', present.has('帮扶责任人电话') ? r.帮扶责任人电话 : old?.cadrePhone);
      count(draft, old, household, sameExcept(old, household, 'updatedAt'));
    }
  }
  return finish('households', table, draft, options, (batch) => store.households.upsert(...batch));
}

/**
 * Imports (upserts) household members; each 户编号 must already be registered. The sheet is the whole list of each
 * household it names: their stored members missing from it are removed (see SheetHouseholds for households with bad rows).
 */
export async function importMembers(store: Store, hasher: Hasher, table: Table, options: ImportOptions = {}): Promise<ImportResult> {
  const headerErrors = checkHeaders(table, 'members');
  if (headerErrors.length > 0) return failed('members', headerErrors, table);
  const draft = newDraft<Member>();
  const rowOf = new Map<string, number>();
  const sheet = new SheetHouseholds();
  for await (const batch of batches(table.rows, HASH_BATCH)) {
    const valid: { rowNumber: number; r: MemberRow }[] = [];
    const rows: { rowNumber: number; r: MemberRow }[] = [];
    for (const row of batch) {
      tick(draft, options);
      const parsed = memberRow.safeParse(row.cells);
      if (parsed.success) rows.push({ rowNumber: row.rowNumber, r: parsed.data });
      else {
        draft.errors.push(...rowErrors(row.rowNumber, parsed.error));
        sheet.bad(householdIdOf(row.cells));
      }
    }
    const registered = new Set((await store.households.getMany(rows.map(({ r }) => r.户编号))).map((h) => h.id));
    const members = new Map((await store.members.byHouseholds(rows.map(({ r }) => r.户编号))).map((m) => [m.id, m]));
    for (const { rowNumber, r } of rows) {
      if (!registered.has(r.户编号) && !options.knownHouseholdIds?.has(r.户编号)) {
        draft.errors.push({ row: rowNumber, column: '户编号', reason: `户编号 ${r.户编号} 还没有登记，请先导入户信息` });
        continue;
      }
      valid.push({ rowNumber, r });
    }
    const idHashes = await Promise.all(valid.map(({ r }) => hasher.idHash(r.身份证号)));
    const accepted = valid.flatMap(({ rowNumber, r }, i) => {
      const idHash = idHashes[i] as string;
      const id = memberRecordId(r.户编号, idHash);
      const first = rowOf.get(id);
      if (first !== undefined) {
        draft.errors.push({ row: rowNumber, column: '身份证号', reason: `与第 ${first} 行是同一个人` });
        sheet.bad(r.户编号);
        return [];
      }
      rowOf.set(id, rowNumber);
      sheet.listed(r.户编号);
      return [{ r, id, idHash, old: members.get(id) }];
    });
    const verifyHashes = await Promise.all(
      accepted.map(({ r, idHash, old }) =>
        old?.idHash === idHash && old.name === r.姓名 ? old.verifyHash : hasher.verifyHash(r.姓名, idTail(r.身份证号)),
      ),
    );
    for (const [i, { r, id, idHash, old }] of accepted.entries()) {
      const member: Member = {
        id,
        householdId: r.户编号,
        name: r.姓名,
        idMasked: maskIdNumber(r.身份证号),
        idHash,
        verifyHash: verifyHashes[i] as string,
        relation: r.与户主关系,
      };
      count(draft, old, member, sameExcept(old, member));
    }
  }
  const result = await finish('members', table, draft, options, (batch) => store.members.upsert(...batch));
  if (result.written) result.removed = await removeLeftOut(store, sheet.whole(), rowOf);
  return result;
}

/** Removes the stored members of `householdIds` that the sheet did not list; returns how many. */
async function removeLeftOut(store: Store, householdIds: string[], listed: ReadonlyMap<string, number>): Promise<number> {
  let removed = 0;
  for (let start = 0; start < householdIds.length; start += HASH_BATCH * 4) {
    const stored = await store.members.byHouseholds(householdIds.slice(start, start + HASH_BATCH * 4));
    const gone = stored.filter((m) => !listed.has(m.id)).map((m) => m.id);
    await store.members.remove(...gone);
    removed += gone.length;
  }
  return removed;
}

/** Adds aid records; a payment already stored or repeated in the file (same 户编号, 项目名称, 发放日期, 金额) is skipped. */
export async function importAid(store: Store, _hasher: Hasher, table: Table, options: ImportOptions = {}): Promise<ImportResult> {
  const headerErrors = checkHeaders(table, 'aid');
  if (headerErrors.length > 0) return failed('aid', headerErrors, table);
  const draft = newDraft<AidRecord>();
  const seen = new Set<string>();
  for await (const batch of batches(table.rows, HASH_BATCH)) {
    const rows: { rowNumber: number; r: AidRow }[] = [];
    for (const row of batch) {
      tick(draft, options);
      const parsed = aidRow.safeParse(row.cells);
      if (!parsed.success) draft.errors.push(...rowErrors(row.rowNumber, parsed.error));
      else rows.push({ rowNumber: row.rowNumber, r: parsed.data });
    }
    const ids = rows.map(({ r }) => r.户编号);
    const registered = new Set((await store.households.getMany(ids)).map((h) => h.id));
    const stored = new Set((await store.aid.byHouseholds(ids)).map((a) => aidNaturalKey(a.householdId, a.name, a.date, a.amountFen)));
    for (const { rowNumber, r } of rows) {
      if (!registered.has(r.户编号)) {
        draft.errors.push({ row: rowNumber, column: '户编号', reason: `户编号 ${r.户编号} 还没有登记，请先导入户信息` });
        continue;
      }
      const key = aidNaturalKey(r.户编号, r.项目名称, r.发放日期, r.金额);
      if (seen.has(key) || stored.has(key)) {
        draft.skipped += 1;
        continue;
      }
      seen.add(key);
      draft.created += 1;
      const record: AidRecord = {
        id: aidId(key),
        householdId: r.户编号,
        category: r.项目类别,
        name: r.项目名称,
        amountFen: r.金额,
        date: r.发放日期,
      };
      setDefined(record, 'note', r.说明);
      draft.pending.push(record);
    }
  }
  return finish('aid', table, draft, options, async (batch) => {
    const added = await store.aid.add(...batch);
    // Stored by someone else since we looked: the store skipped them, so they count as duplicates.
    draft.created -= batch.length - added;
    draft.skipped += batch.length - added;
  });
}

/** The natural key of a payment: (户编号, 项目名称, 发放日期, 金额). */
export function aidNaturalKey(householdId: string, name: string, date: string, amountFen: number): string {
  return `${householdId}|${name}|${date}|${amountFen}`;
}

/** A stable id for a payment, from its natural key, so re-imports and other machines agree. */
export function aidId(naturalKey: string): string {
  return `aid-${createHash('sha256').update(naturalKey, 'utf8').digest('hex').slice(0, 20)}`;
}

function newDraft<T>(): Draft<T> {
  return { created: 0, updated: 0, unchanged: 0, skipped: 0, removed: 0, statusConflicts: [], errors: [], rows: 0, pending: [] };
}

function failed(kind: ImportKind, errors: RowError[], table: Table): ImportResult {
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

/** Which sheet and header row a table was read from, and the rows it skipped as notes or totals. */
export function sourceOf(table: Table): Pick<ImportResult, 'sheet' | 'headerRow' | 'ignoredRows'> {
  const source = { headerRow: table.headerRow, ignoredRows: [...table.ignored] };
  return table.sheet === undefined ? source : { ...source, sheet: table.sheet };
}

function tick(draft: Draft<unknown>, options: ImportOptions): void {
  draft.rows += 1;
  if (draft.rows % PROGRESS_EVERY === 0) options.onProgress?.({ phase: 'read', rows: draft.rows });
}

function count<T>(draft: Draft<T>, old: T | undefined, next: T, same: boolean): void {
  if (same) draft.unchanged += 1;
  else {
    if (old) draft.updated += 1;
    else draft.created += 1;
    draft.pending.push(next);
  }
}

async function finish<T>(
  kind: ImportKind,
  table: Table,
  draft: Draft<T>,
  options: ImportOptions,
  write: (batch: T[]) => Promise<void>,
): Promise<ImportResult> {
  // Rows are checked a batch at a time (validation, then hashing): put the errors back in row order.
  draft.errors.sort((a, b) => a.row - b.row);
  if (draft.errors.length > 0 && !options.skipInvalid) {
    return { ...failed(kind, draft.errors, table), rows: draft.rows };
  }
  const size = Math.min(Math.max(1, options.batchSize ?? 25_000), 50_000);
  const { pending } = draft;
  for (let start = 0; start < pending.length; start += size) {
    await write(pending.slice(start, start + size));
    options.onProgress?.({ phase: 'write', written: Math.min(start + size, pending.length), total: pending.length });
  }
  const { pending: _written, ...counts } = draft;
  return { kind, ...counts, written: true, ...sourceOf(table) };
}

function setDefined<T extends object, K extends keyof T>(record: T, key: K, value: T[K] | undefined): void {
  // Absent rather than undefined, so stored JSON and change detection see the same keys.
  if (value !== undefined) record[key] = value;
}

function sameExcept<T extends object>(old: T | undefined, next: T, ignored?: keyof T): boolean {
  if (!old) return false;
  let compared = 0;
  for (const key of Object.keys(old) as (keyof T)[]) {
    if (key === ignored) continue;
    compared += 1;
    const a = old[key];
    const b = next[key];
    if (Array.isArray(a) && Array.isArray(b) ? a.join('\u0000') !== b.join('\u0000') : a !== b) return false;
  }
  const nextCount = Object.keys(next).length - (ignored !== undefined && Object.hasOwn(next, ignored) ? 1 : 0);
  return compared === nextCount;
}
