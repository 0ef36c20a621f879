/** Thrown when CSV text cannot be split into rows (an opening quote that never closes). */
export class CsvFormatError extends Error {
  constructor(readonly row: number) {
    super(`第 ${row} 行：引号没有配对（以 " 开头的内容一直没有结束），请检查这一行，或用 Excel 重新另存为 CSV。`);
  }
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/**
 * Splits CSV text (RFC 4180) into records as it streams in: quoted fields may hold commas, line breaks and
 * doubled quotes; CRLF, LF and lone CR all end a record. Blank lines come out as `['']` so row numbers stay true.
 */
export async function* parseCsv(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string[]> {
  let state = FIELD_START;
  let field = '';
  let record: string[] = [];
  let row = 1;
  let skipLf = false;
  for await (const chunk of chunks) {
    const done: string[][] = [];
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (skipLf) {
        skipLf = false;
        if (c === LF) {
          i += 1;
          continue;
        }
      }
      if (state === QUOTED) {
        const q = chunk.indexOf('"', i);
        if (q === -1) {
          field += chunk.slice(i);
          i = n;
        } else {
          field += chunk.slice(i, q);
          state = QUOTE_IN_QUOTED;
          i = q + 1;
        }
        continue;
      }
      if (state === QUOTE_IN_QUOTED && c === QUOTE) {
        field += '"';
        state = QUOTED;
        i += 1;
        continue;
      }
      if (c === COMMA) {
        record.push(field);
        field = '';
        state = FIELD_START;
        i += 1;
      } else if (c === LF || c === CR) {
        record.push(field);
        done.push(record);
        record = [];
        field = '';
        state = FIELD_START;
        row += 1;
        skipLf = c === CR;
        i += 1;
      } else if (c === QUOTE && state === FIELD_START) {
        state = QUOTED;
        i += 1;
      } else {
        // Plain text (or text after a closing quote, kept as Excel does): take the whole run at once.
        let end = i + 1;
        while (end < n) {
          const d = chunk.charCodeAt(end);
          if (d === COMMA || d === LF || d === CR) break;
          end += 1;
        }
        field += chunk.slice(i, end);
        state = UNQUOTED;
        i = end;
      }
    }
    yield* done;
  }
  if (state === QUOTED) throw new CsvFormatError(row);
  if (state !== FIELD_START || field !== '' || record.length > 0) {
    record.push(field);
    yield record;
  }
}
