import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectEncoding, openTable } from '../../src/registry/read-table.js';
import { type Table, TableError, type TableRow } from '../../src/registry/table.js';
import { bufferSource, workbookSheets } from '../../src/registry/xlsx-directory.js';
import { tempDir } from './helpers.js';

const TEXT = '户编号,户主姓名,村\r\nYS-0001,张大山,红星村\r\nYS-0002,"李秀英",柳湾村\r\n';

async function rowsOf(table: Table): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return rows;
}

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => cleanup());

describe('CSV encodings', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')])],
    ['GBK (Chinese Excel "CSV (逗号分隔)")', iconv.encode(TEXT, 'gbk')],
    ['GB18030', iconv.encode(TEXT, 'gb18030')],
  ])('reads %s', async (_label, bytes) => {
    const path = join(dir, 'in.csv');
    await writeFile(path, bytes);
    const table = await openTable(path);
    expect(table.headers).toEqual(['户编号', '户主姓名', '村']);
    expect(await rowsOf(table)).toEqual([
      { rowNumber: 2, cells: { 户编号: 'YS-0001', 户主姓名: '张大山', 村: '红星村' } },
      { rowNumber: 3, cells: { 户编号: 'YS-0002', 户主姓名: '李秀英', 村: '柳湾村' } },
    ]);
  });

  it('detects the encoding from the first bytes', async () => {
    expect(detectEncoding(Buffer.from(TEXT, 'utf8'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode(TEXT, 'gbk'))).toBe('gb18030');
    // A sample cut in the middle of a UTF-8 character is still UTF-8.
    expect(detectEncoding(Buffer.from('户编号', 'utf8').subarray(0, 4))).toBe('utf-8');
  });

  it('reads a GBK file bigger than one read chunk (characters cut between chunks)', async () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `YS-${i},张大山,红星村`).join('\r\n');
    await writeFile(join(dir, 'big.csv'), iconv.encode(`户编号,户主姓名,村\r\n${body}\r\n`, 'gbk'));
    const rows = await rowsOf(await openTable(join(dir, 'big.csv')));
    expect(rows).toHaveLength(20_000);
    expect(rows.every((r) => r.cells.户主姓名 === '张大山' && r.cells.村 === '红星村')).toBe(true);
    expect(rows.at(-1)?.rowNumber).toBe(20_001);
  });

  it('refuses UTF-16 and mixed encodings with advice', async () => {
    await writeFile(join(dir, 'u16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]));
    await expect(openTable(join(dir, 'u16.csv'))).rejects.toThrow(/UTF-16/);
    const mixed = Buffer.concat([
      Buffer.from(`${TEXT}${'YS-9,王,村\r\n'.repeat(30_000)}`, 'utf8'),
      iconv.encode('YS-1,张大山,红星村\r\n', 'gbk'),
    ]);
    await writeFile(join(dir, 'mixed.csv'), mixed);
    const table = await openTable(join(dir, 'mixed.csv'));
    await expect(rowsOf(table)).rejects.toThrow(/CSV UTF-8/);
  });

  it('keeps true row numbers across blank rows and ignores blank or unnamed columns', async () => {
    await writeFile(join(dir, 'gaps.csv'), '\ufeff 户编号 ,,村\r\n\r\nYS-1,x,红星村\r\n,,\r\nYS-2,y,\r\n');
    const table = await openTable(join(dir, 'gaps.csv'));
    expect(table.headers).toEqual(['户编号', '', '村']);
    expect(await rowsOf(table)).toEqual([
      { rowNumber: 3, cells: { 户编号: 'YS-1', 村: '红星村' } },
      { rowNumber: 5, cells: { 户编号: 'YS-2', 村: '' } },
    ]);
  });

  it('refuses other file types and empty files', async () => {
    await writeFile(join(dir, 'old.xls'), 'x');
    await expect(openTable(join(dir, 'old.xls'))).rejects.toThrow(TableError);
    await expect(openTable(join(dir, 'missing.csv'))).rejects.toThrow(/找不到文件/);
    await writeFile(join(dir, 'empty.csv'), '\r\n\r\n');
    await expect(openTable(join(dir, 'empty.csv'))).rejects.toThrow(/空的/);
  });
});

describe('XLSX', () => {
  it('streams the first sheet with Excel dates, numbers, rich text and formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('帮扶记录');
    sheet.addRow(['户编号', '金额', '发放日期', '项目名称']);
    sheet.addRow(['YS-0001', 1200.5, new Date(Date.UTC(2026, 2, 5)), { richText: [{ text: '产业' }, { text: '奖补' }] }]);
    sheet.addRow([]);
    sheet.addRow(['YS-0002', { formula: '100+20', result: 120 }, 46086, '医疗救助']);
    sheet.getCell('C2').numFmt = 'yyyy/m/d';
    workbook.addWorksheet('说明').addRow(['这一页不导入']);
    const path = join(dir, 'aid.xlsx');
    await writeFile(path, Buffer.from(await workbook.xlsx.writeBuffer()));

    const table = await openTable(path);
    expect(table.headers).toEqual(['户编号', '金额', '发放日期', '项目名称']);
    const rows = await rowsOf(table);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      rowNumber: 2,
      cells: { 户编号: 'YS-0001', 金额: 1200.5, 发放日期: new Date(Date.UTC(2026, 2, 5)), 项目名称: '产业奖补' },
    });
    expect(rows[0]?.cells.发放日期).toBeInstanceOf(Date);
    expect(rows[1]).toEqual({ rowNumber: 4, cells: { 户编号: 'YS-0002', 金额: 120, 发放日期: 46086, 项目名称: '医疗救助' } });
    expect(table.progress?.().done).toBeGreaterThan(0);
  });

  it('explains a file that is not really a workbook', async () => {
    await writeFile(join(dir, 'fake.xlsx'), 'not a zip file');
    await expect(openTable(join(dir, 'fake.xlsx')).then(rowsOf)).rejects.toThrow(TableError);
  });
});

describe('XLSX sheet list', () => {
  it('reads tab names and hidden state from the zip directory, as the streaming reader can miss them', async () => {
    const workbook = new ExcelJS.Workbook();
    for (const name of ['第一页', '第二页', 'R&D <三>']) workbook.addWorksheet(name).addRow(['户编号', name]);
    const hidden = workbook.getWorksheet('第二页');
    if (hidden) hidden.state = 'hidden';
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await workbookSheets(bufferSource(bytes))).toEqual([
      { name: '第一页', id: 1, rId: 'rId4', state: 'visible' },
      { name: '第二页', id: 2, rId: 'rId5', state: 'hidden' },
      { name: 'R&D <三>', id: 3, rId: 'rId6', state: 'visible' },
    ]);
    expect(await workbookSheets(bufferSource(Buffer.from('not a zip')))).toBeUndefined();

    const path = join(dir, 'three.xlsx');
    await writeFile(path, bytes);
    const table = await openTable(path, { sheet: 'R&D <三>' });
    expect(table.sheet).toBe('R&D <三>');
    expect(table.labels).toEqual(['户编号', 'R&D<三>']);
  });
});
