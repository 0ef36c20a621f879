import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { NumberedRecord } from './header-row.js';
import { type Cell, TableError } from './table.js';
import type { WorkbookSheet } from './xlsx-directory.js';

/** One worksheet being streamed: its tab name, whether the tab is hidden, its hidden columns (0-based) and its rows. */
export type SheetRecords = {
  name?: string;
  hidden: boolean;
  /** Filled from the sheet's column list, which comes before its rows: complete once the first row is read. */
  hiddenColumns: Set<number>;
  records: AsyncGenerator<NumberedRecord>;
};

/** What exceljs's streaming sheet reader has but does not declare. */
type RawSheet = { name?: string; state?: string; iterator: AsyncIterable<Uint8Array | string> };

const COL = /<(?:\w+:)?col\b[^>]*>/g;
const SHEET_DATA = /<(?:\w+:)?sheetData\b/;

/**
 * Streams the worksheets of an XLSX in stored order; each sheet's `records` must be read to the end before the next
 * sheet is asked for. Memory stays flat: rows are never all held, whatever the file size. `listed`: the workbook's
 * sheet list read beforehand (see xlsx-directory.ts).
 */
export async function* xlsxSheets(stream: Readable, listed?: WorkbookSheet[]): AsyncGenerator<SheetRecords> {
  // Loaded on demand: exceljs is heavy, and most imports are CSV.
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles are needed: they are what tells exceljs that a number is a date.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  // Set before any sheet is met; exceljs replaces it with the same list if it reads xl/workbook.xml itself.
  if (listed) (reader as unknown as { model?: { sheets: WorkbookSheet[] } }).model = { sheets: listed };
  try {
    for await (const sheet of reader) {
      const raw = sheet as unknown as RawSheet;
      const hiddenColumns = new Set<number>();
      // The streaming reader skips the `hidden` flag of <col>: read it from the XML on its way to the parser.
      raw.iterator = watchHiddenColumns(raw.iterator, hiddenColumns);
      yield { name: raw.name, hidden: raw.state === 'hidden' || raw.state === 'veryHidden', hiddenColumns, records: rowsOf(sheet) };
    }
  } catch (error) {
    throw unreadable(error);
  } finally {
    stream.destroy();
  }
}

async function* rowsOf(sheet: ExcelJS.stream.xlsx.WorksheetReader): AsyncGenerator<NumberedRecord> {
  try {
    for await (const row of sheet) {
      const values = (row.values as ExcelJS.CellValue[]).map(cellValue);
      yield { rowNumber: row.number, values: values.slice(1) };
    }
  } catch (error) {
    throw unreadable(error);
  }
}

async function* watchHiddenColumns(chunks: AsyncIterable<Uint8Array | string>, hidden: Set<number>): AsyncGenerator<Uint8Array | string> {
  let scanning = true;
  let carry = '';
  for await (const chunk of chunks) {
    if (scanning) {
      const text = carry + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1'));
      const data = SHEET_DATA.exec(text);
      const head = data ? text.slice(0, data.index) : text;
      for (const [tag] of head.matchAll(COL)) {
        if (!/\shidden="(1|true)"/.test(tag)) continue;
        const min = Number(/\smin="(\d+)"/.exec(tag)?.[1] ?? 0);
        const max = Number(/\smax="(\d+)"/.exec(tag)?.[1] ?? min);
        for (let c = min; c >= 1 && c <= max && c <= 16_384; c += 1) hidden.add(c - 1);
      }
      scanning = data === null;
      // A tag cut between two chunks is seen whole next time (seeing one twice is harmless).
      carry = scanning ? text.slice(-256) : '';
    }
    yield chunk;
  }
}

function cellValue(value: ExcelJS.CellValue): Cell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellValue(value.result);
  if ('hyperlink' in value) return value.text;
  return undefined;
}

function unreadable(error: unknown): TableError {
  if (error instanceof TableError) return error;
  return new TableError(`无法读取这个 Excel 文件（${(error as Error).message}）。请确认它是 .xlsx 格式，没有加密，并且没有损坏。`);
}
