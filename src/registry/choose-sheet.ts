import {
  type FoundHeader,
  findHeader,
  HEADER_SEARCH_ROWS,
  type HeaderSpec,
  isBlank,
  isFooterRow,
  type NumberedRecord,
} from './header-row.js';
import { type Cell, type Table, TableError, type TableRow } from './table.js';
import type { SheetRecords } from './xlsx-sheets.js';

/** How to find the table in a file: the columns expected (title rows, variants, two-row headers) and which worksheet. */
export type OpenOptions = { header?: HeaderSpec; sheet?: string };

type Candidate = { sheet: SheetRecords; found: FoundHeader; top: NumberedRecord[] };

/**
 * Picks the worksheet to import and finds its header: the sheet named in `options.sheet`, else the first visible
 * sheet whose header has every required column, else (for the header errors) the one that came closest.
 */
export async function chooseTable(
  sheets: AsyncGenerator<SheetRecords>,
  options: OpenOptions,
  extra: Pick<Table, 'progress' | 'close'>,
): Promise<Table> {
  const wantedName = options.sheet?.trim() || undefined;
  const seen: string[] = [];
  let closest: Candidate | undefined;
  try {
    for await (const sheet of sheets) {
      if (sheet.name !== undefined) seen.push(sheet.name);
      const named = wantedName !== undefined && sheet.name !== undefined;
      if (named ? sheet.name?.trim() !== wantedName : sheet.hidden) {
        await drain(sheet.records);
        continue;
      }
      const top = await readTop(sheet.records);
      const found = findHeader(top, options.header, sheet.hiddenColumns);
      if (!found) continue;
      if (named || !options.header || found.complete) return tableOf({ sheet, found, top }, extra, () => sheets.return(undefined));
      if (!closest || found.score > closest.found.score) closest = { sheet, found, top };
      await drain(sheet.records);
    }
  } catch (error) {
    extra.close();
    throw error;
  }
  if (wantedName !== undefined && seen.length > 0) {
    extra.close();
    throw new TableError(`找不到名为“${wantedName}”的工作表。这个文件里的工作表有：${seen.join('、')}。`);
  }
  if (closest) return tableOf(closest, extra, async () => {});
  extra.close();
  throw new TableError('文件是空的，没有表头行。');
}

async function readTop(records: AsyncGenerator<NumberedRecord>): Promise<NumberedRecord[]> {
  const top: NumberedRecord[] = [];
  while (top.length < HEADER_SEARCH_ROWS) {
    const next = await records.next();
    if (next.done) break;
    if (!next.value.values.every(isBlank)) top.push(next.value);
  }
  return top;
}

async function drain(records: AsyncGenerator<NumberedRecord>): Promise<void> {
  // Read to the end rather than stop: the XLSX reader moves to the next sheet only after the whole of this one.
  let next = await records.next();
  while (!next.done) next = await records.next();
}

function tableOf({ sheet, found, top }: Candidate, extra: Pick<Table, 'progress' | 'close'>, done: () => Promise<unknown>): Table {
  const { headers } = found;
  const ignored: number[] = [];
  const first = top[found.index] as NumberedRecord;
  function dataRow(record: NumberedRecord): TableRow | undefined {
    if (record.values.every(isBlank)) return undefined;
    if (isFooterRow(record.values)) {
      ignored.push(record.rowNumber);
      return undefined;
    }
    const cells: Record<string, Cell> = {};
    for (const [i, header] of headers.entries()) {
      const value = record.values[i];
      if (header !== '' && value !== undefined && !Object.hasOwn(cells, header)) cells[header] = value;
    }
    return { rowNumber: record.rowNumber, cells };
  }
  async function* rows(): AsyncGenerator<TableRow> {
    try {
      for (const record of top.slice(found.index + found.height)) {
        const row = dataRow(record);
        if (row) yield row;
      }
      for await (const record of sheet.records) {
        const row = dataRow(record);
        if (row) yield row;
      }
    } finally {
      await done();
    }
  }
  const table: Table = { headers, labels: found.labels, headerRow: first.rowNumber, rows: rows(), ignored, ...extra };
  if (sheet.name !== undefined) table.sheet = sheet.name;
  return table;
}
