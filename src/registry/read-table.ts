import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { chooseTable } from './choose-sheet.js';
import { parseCsv } from './csv.js';
import type { HeaderSpec, NumberedRecord } from './header-row.js';
import { bufferSource, withFileSource, workbookSheets } from './xlsx-directory.js';
import { type SheetRecords, xlsxSheets } from './xlsx-sheets.js';

/** A cell as read: text from CSV; text, number or Date (date-formatted cells) from XLSX. */
export type Cell = string | number | Date;

/** One data row: its spreadsheet row number (as Excel shows it) and its cells by column name. */
export type TableRow = { rowNumber: number; cells: Record<string, Cell> };

/** A spreadsheet opened for reading: the header, then the data rows as a stream. */
export type Table = {
  /** Column name by position: the spec's name where recognised (variants mapped), else the header text. */
  headers: string[];
  /** The header text as written, by position. */
  labels: string[];
  /** The row number of the header's (first) row. */
  headerRow: number;
  /** The worksheet read (XLSX only). */
  sheet?: string;
  rows: AsyncIterable<TableRow>;
  /** Rows passed over as 合计/小计 or notes, filled in as the rows are read. */
  ignored: number[];
  /** Bytes read so far and the file size, for a progress bar (absent for in-memory tables). */
  progress?: () => { done: number; total: number };
  /** Stops reading early and frees the file. */
  close: () => void;
};

/** How to find the table in a file: the columns expected (title rows, variants, two-row headers) and which worksheet. */
export type OpenOptions = { header?: HeaderSpec; sheet?: string };

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

/** Opens a .csv or .xlsx file (by extension) and finds its header (see `OpenOptions`). */
export async function openTable(path: string, options: OpenOptions = {}): Promise<Table> {
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
  const listed = ext === '.xlsx' ? await withFileSource(path, workbookSheets) : undefined;
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  const extra = { progress: () => ({ done: stream.bytesRead, total }), close: () => stream.destroy() };
  return chooseTable(ext === '.csv' ? csvSheet(stream) : xlsxSheets(stream, listed), options, extra);
}

/** Reads a CSV or XLSX held in memory (an upload), with the kind given by the caller. */
export async function readTableFrom(bytes: Buffer, kind: 'csv' | 'xlsx', options: OpenOptions = {}): Promise<Table> {
  const stream = Readable.from([bytes]);
  const sheets = kind === 'csv' ? csvSheet(stream) : xlsxSheets(stream, await workbookSheets(bufferSource(bytes)));
  return chooseTable(sheets, options, { close: () => stream.destroy() });
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
  return { headers, labels: headers, headerRow: 1, rows: rows(), ignored: [], close: () => {} };
}

async function* csvSheet(stream: Readable): AsyncGenerator<SheetRecords> {
  async function* records(): AsyncGenerator<NumberedRecord> {
    let rowNumber = 0;
    for await (const values of parseCsv(decodeText(stream))) {
      rowNumber += 1;
      yield { rowNumber, values };
    }
  }
  yield { hidden: false, hiddenColumns: new Set(), records: records() };
}

function utf16Message(): string {
  return '这个文件是 UTF-16（“Unicode 文本”）格式，不能直接导入。请在 Excel 里“另存为 → CSV UTF-8（逗号分隔）”或 .xlsx 后再导入。';
}
