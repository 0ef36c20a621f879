import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import type ExcelJS from 'exceljs';
import { parseCsv } from './csv.js';

/** A cell as read: text from CSV; text, number or Date (date-formatted cells) from XLSX. */
export type Cell = string | number | Date;

/** One data row: its spreadsheet row number (header = 1) and its cells by header name. */
export type TableRow = { rowNumber: number; cells: Record<string, Cell> };

/** A spreadsheet opened for reading: the header row, then the data rows as a stream. */
export type Table = {
  headers: string[];
  rows: AsyncIterable<TableRow>;
  /** Bytes read so far and the file size, for a progress bar (absent for in-memory tables). */
  progress?: () => { done: number; total: number };
  /** Stops reading early and frees the file. */
  close: () => void;
};

/** Thrown when a file cannot be read as a table; the message says, in Chinese, what to do. */
export class TableError extends Error {}

/** The text encodings a CSV file from Chinese Excel or WPS comes in. */
export type CsvEncoding = 'utf-8' | 'gb18030';

/** Guesses a CSV's encoding from its first bytes: a UTF-8 BOM or valid UTF-8 means UTF-8, anything else GB18030 (a superset of GBK). */
export function detectEncoding(sample: Uint8Array): CsvEncoding {
  if (sample[0] === 0xff && sample[1] === 0xfe) throw new TableError(utf16Message());
  if (sample[0] === 0xfe && sample[1] === 0xff) throw new TableError(utf16Message());
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  try {
    // `stream: true` so a character cut at the end of the sample does not count as invalid.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Decodes a byte stream to text, choosing the encoding from the first chunk (a BOM is dropped). */
export async function* decodeText(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let offset = 0;
  for await (const chunk of bytes) {
    decoder ??= new TextDecoder(detectEncoding(chunk), { fatal: true });
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new TableError(
        `文件在第 ${offset} 字节附近出现了不是 ${decoder.encoding === 'utf-8' ? 'UTF-8' : 'GBK'} 的字符，像是混用了两种编码。请用 Excel 打开后“另存为 → CSV UTF-8”，再导入。`,
      );
    }
    offset += chunk.byteLength;
  }
  if (decoder) yield decoder.decode();
}

/** Opens a .csv or .xlsx file (by extension) and reads its header row. */
export async function openTable(path: string): Promise<Table> {
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') {
    throw new TableError(`只能导入 .csv 或 .xlsx 文件（收到的是“${ext || '无扩展名'}”）。旧的 .xls 请在 Excel 里另存为 .xlsx。`);
  }
  let total: number;
  try {
    total = (await stat(path)).size;
  } catch {
    throw new TableError(`找不到文件：${path}`);
  }
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  const records = ext === '.csv' ? csvRecords(stream) : xlsxRecords(stream);
  return fromRecords(records, { progress: () => ({ done: stream.bytesRead, total }), close: () => stream.destroy() });
}

/** Reads a CSV or XLSX from any byte stream (e.g. an upload), with the kind given by the caller. */
export async function readTableFrom(stream: Readable, kind: 'csv' | 'xlsx'): Promise<Table> {
  const records = kind === 'csv' ? csvRecords(stream) : xlsxRecords(stream);
  return fromRecords(records, { close: () => stream.destroy() });
}

/** A table over rows already in memory (the demo seeder, tests); row numbers count the header as row 1. */
export function tableFromObjects(headers: string[], objects: Record<string, Cell | undefined>[]): Table {
  async function* rows(): AsyncGenerator<TableRow> {
    for (const [i, object] of objects.entries()) {
      const cells: Record<string, Cell> = {};
      for (const [key, value] of Object.entries(object)) if (value !== undefined) cells[key] = value;
      yield { rowNumber: i + 2, cells };
    }
  }
  return { headers, rows: rows(), close: () => {} };
}

type NumberedRecord = { rowNumber: number; values: (Cell | undefined)[] };

async function* csvRecords(stream: Readable): AsyncGenerator<NumberedRecord> {
  let rowNumber = 0;
  for await (const values of parseCsv(decodeText(stream))) {
    rowNumber += 1;
    yield { rowNumber, values };
  }
}

async function* xlsxRecords(stream: Readable | ReadStream): AsyncGenerator<NumberedRecord> {
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
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as ExcelJS.CellValue[]).map(cellValue);
        yield { rowNumber: row.number, values: values.slice(1) };
      }
      // Only the first worksheet is the registry; later sheets are notes or pivot tables.
      return;
    }
  } catch (error) {
    if (error instanceof TableError) throw error;
    throw new TableError(`无法读取这个 Excel 文件（${(error as Error).message}）。请确认它是 .xlsx 格式，没有加密，并且没有损坏。`);
  } finally {
    stream.destroy();
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

async function fromRecords(records: AsyncGenerator<NumberedRecord>, extra: Pick<Table, 'progress' | 'close'>): Promise<Table> {
  let headerRecord: NumberedRecord | undefined;
  for (;;) {
    const next = await records.next();
    if (next.done) break;
    if (next.value.values.some((v) => !isBlank(v))) {
      headerRecord = next.value;
      break;
    }
  }
  if (!headerRecord) {
    extra.close();
    throw new TableError('文件是空的，没有表头行。');
  }
  const headers = headerRecord.values.map((v) => normaliseHeader(v));
  async function* rows(): AsyncGenerator<TableRow> {
    for await (const record of records) {
      if (record.values.every(isBlank)) continue;
      const cells: Record<string, Cell> = {};
      for (const [i, header] of headers.entries()) {
        const value = record.values[i];
        if (header !== '' && value !== undefined && !Object.hasOwn(cells, header)) cells[header] = value;
      }
      yield { rowNumber: record.rowNumber, cells };
    }
  }
  return { headers, rows: rows(), ...extra };
}

function normaliseHeader(value: Cell | undefined): string {
  if (value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return text.normalize('NFKC').replace(/[\s\ufeff]+/g, '');
}

function isBlank(value: Cell | undefined): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

function utf16Message(): string {
  return '这个文件是 UTF-16（“Unicode 文本”）格式，不能直接导入。请在 Excel 里“另存为 → CSV UTF-8（逗号分隔）”或 .xlsx 后再导入。';
}
