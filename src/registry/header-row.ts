import type { Cell } from './table.js';

/** One spreadsheet row as read, with the row number Excel shows. */
export type NumberedRecord = { rowNumber: number; values: (Cell | undefined)[] };

/** What a sheet's header should hold: its columns and the other names each goes by. */
export type HeaderSpec = {
  columns: readonly string[];
  required: readonly string[];
  /** The column a header cell's text stands for, or undefined when it is none of them. */
  canonical: (text: string) => string | undefined;
};

/** The header found at the top of a sheet. */
export type FoundHeader = {
  /** Position in the scanned rows of the header's first row. */
  index: number;
  /** 1, or 2 for a two-row header (a merged group name over the column names). */
  height: 1 | 2;
  /** Column name by position: the spec's name where recognised, else the cell's own text; '' for none or ignored. */
  headers: string[];
  /** The header text as written, by position (`家庭成员/姓名` for a two-row header). */
  labels: string[];
  /** How many of the spec's columns were recognised. */
  score: number;
  /** Whether every required column was recognised. */
  complete: boolean;
};

/** How many non-blank rows from the top are searched for the header (title and note rows come first). */
export const HEADER_SEARCH_ROWS = 30;

/** Text of a header cell, trimmed. */
function text(value: Cell | undefined): string {
  if (value === undefined) return '';
  return (value instanceof Date ? value.toISOString() : String(value)).normalize('NFKC').replace(/[\s\ufeff]+/g, '');
}

/** Whether a cell holds nothing. */
export function isBlank(value: Cell | undefined): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** A group name without the word that only says "details of" (户主信息 + 姓名 → 户主姓名). */
function groupStem(group: string): string {
  return group.replace(/(基本信息|基本情况|信息|情况)$/, '');
}

function resolve(spec: HeaderSpec | undefined, candidates: string[]): string | undefined {
  if (!spec) return undefined;
  for (const candidate of candidates) {
    const column = candidate === '' ? undefined : spec.canonical(candidate);
    if (column) return column;
  }
  return undefined;
}

function headerOf(spec: HeaderSpec | undefined, hidden: ReadonlySet<number>, top: NumberedRecord, bottom?: NumberedRecord) {
  const width = Math.max(top.values.length, bottom?.values.length ?? 0);
  const headers: string[] = [];
  const labels: string[] = [];
  let group = '';
  for (let i = 0; i < width; i += 1) {
    const upper = text(top.values[i]);
    const lower = bottom ? text(bottom.values[i]) : '';
    // A merged group cell holds its text in its first column only: carry it right while columns sit under it.
    group = upper !== '' ? upper : lower !== '' ? group : '';
    if (!bottom) {
      headers.push(resolve(spec, [upper]) ?? upper);
      labels.push(upper);
      continue;
    }
    const candidates = lower === '' ? [group] : [`${group}${lower}`, `${groupStem(group)}${lower}`, lower];
    headers.push(resolve(spec, candidates) ?? (lower || group));
    labels.push(lower === '' ? group : group === '' ? lower : `${group}/${lower}`);
  }
  preferVisible(spec, headers, hidden);
  const found = new Set(headers.filter((h) => spec?.columns.includes(h)));
  return {
    headers,
    labels,
    score: found.size,
    complete: spec?.required.every((c) => found.has(c)) === true,
  };
}

/** A hidden column that repeats a visible one (an old copy kept out of sight) is ignored. */
function preferVisible(spec: HeaderSpec | undefined, headers: string[], hidden: ReadonlySet<number>): void {
  if (!spec || hidden.size === 0) return;
  for (const [i, header] of headers.entries()) {
    if (!hidden.has(i) || !spec.columns.includes(header)) continue;
    if (headers.some((other, j) => j !== i && other === header && !hidden.has(j))) headers[i] = '';
  }
}

/**
 * Finds the header among the first rows of a sheet: the row, or pair of adjacent rows, naming the most of the
 * spec's columns; on a tie one row wins over two and the upper over the lower. Without a spec, or when no row
 * names any column, the first row is the header (so the caller can say which columns are missing).
 */
export function findHeader(rows: NumberedRecord[], spec: HeaderSpec | undefined, hidden: ReadonlySet<number>): FoundHeader | undefined {
  const [first] = rows;
  if (!first) return undefined;
  if (!spec) return { index: 0, height: 1, ...headerOf(spec, hidden, first) };
  const singles = rows.map((row, index): FoundHeader => ({ index, height: 1, ...headerOf(spec, hidden, row) }));
  let best = singles.reduce((a, b) => (b.score > a.score ? b : a));
  for (const [index, row] of rows.entries()) {
    const next = rows[index + 1];
    if (!next || next.rowNumber !== row.rowNumber + 1) continue;
    // Two rows must name more columns than either alone: a title row over the header is not a group row.
    const alone = Math.max(singles[index]?.score ?? 0, singles[index + 1]?.score ?? 0);
    const pair: FoundHeader = { index, height: 2, ...headerOf(spec, hidden, row, next) };
    if (pair.score > alone && pair.score > best.score) best = pair;
  }
  return best;
}

const TOTAL = /^(合计|小计|总计|共计)([:：(（\d]|$)/;
const NOTE = /^(注|说明|备注|填表|审核|审批|制表|填报|负责人|联系人|统计人|核对|领导签字)/;

/** A 合计/小计 row, or a note below the data (注：…, 填表人：…): not a data row. */
export function isFooterRow(values: readonly (Cell | undefined)[]): boolean {
  let filled = 0;
  let first: string | undefined;
  for (const value of values) {
    if (isBlank(value)) continue;
    filled += 1;
    first ??= typeof value === 'string' ? value.replace(/\s+/g, '') : '';
  }
  if (first === undefined || first === '') return false;
  return TOTAL.test(first) || (filled <= 3 && NOTE.test(first));
}
