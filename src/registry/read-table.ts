import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { chooseTable, type OpenOptions } from './choose-sheet.js';
import { parseCsv } from './csv.js';
import type { HeaderSpec, NumberedRecord } from './header-row.js';
import { type Cell, type Table, TableError, type TableRow } from './table.js';
import { bufferSource, withFileSource, workbookSheets } from './xlsx-directory.js';
import { type SheetRecords, xlsxSheets } from './xlsx-sheets.js';

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
