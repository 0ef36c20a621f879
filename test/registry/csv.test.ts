import { describe, expect, it } from 'vitest';
import { CsvFormatError, parseCsv } from '../../src/registry/csv.js';

async function parseAll(chunks: string[]): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of parseCsv(chunks)) rows.push(row);
  return rows;
}

/** Every way of cutting the text in two, so a chunk boundary can fall anywhere (inside quotes, between CR and LF…). */
function splits(text: string): string[][] {
  return Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
}

describe('parseCsv', () => {
  it.each([
    [
      'simple rows',
      'a,b,c\n1,2,3\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      'CRLF line ends',
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'lone CR line ends',
      'a,b\r1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'no final line end',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['empty fields', ',a,,\n', [['', 'a', '', '']]],
    ['a comma inside quotes', '"张,大山",2\n', [['张,大山', '2']]],
    ['a line break inside quotes', '"第一行\r\n第二行",x\n', [['第一行\r\n第二行', 'x']]],
    ['doubled quotes', '"他说""你好""",y\n', [['他说"你好"', 'y']]],
    ['an empty quoted field', '"",a\n', [['', 'a']]],
    ['a quote in the middle of a plain field (kept, as Excel does)', 'ab"c,d\n', [['ab"c', 'd']]],
    ['text after a closing quote', '"ab"c,d\n', [['abc', 'd']]],
    ['blank lines (kept so row numbers stay true)', 'a\n\nb\n', [['a'], [''], ['b']]],
    ['a quoted field at the end of the file', 'a,"b"', [['a', 'b']]],
    ['nothing at all', '', []],
  ])('handles %s', async (_label, text, expected) => {
    expect(await parseAll([text])).toEqual(expected);
  });

  it('gives the same rows however the text is cut into chunks', async () => {
    const text = 'h1,h2\r\n"a,""b""\r\nc",d\r\n\re,"f"\n';
    const whole = await parseAll([text]);
    expect(whole).toEqual([['h1', 'h2'], ['a,"b"\r\nc', 'd'], [''], ['e', 'f']]);
    for (const chunks of splits(text)) expect(await parseAll(chunks)).toEqual(whole);
    expect(await parseAll([...text])).toEqual(whole);
  });

  it('reports an unclosed quote with the row it starts in', async () => {
    const error = await parseAll(['a,b\n1,2\n"unclosed,3\n4,5\n']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvFormatError);
    expect((error as CsvFormatError).row).toBe(3);
    expect((error as Error).message).toContain('第 3 行');
  });
});
