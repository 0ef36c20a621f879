import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headerSpec, type SheetKind } from '../../src/registry/header-variants.js';
import { importHouseholds, importMembers } from '../../src/registry/importer.js';
import { openTable } from '../../src/registry/read-table.js';
import { formatRowError, HOUSEHOLD_COLUMNS } from '../../src/registry/rows.js';
import { type Table, TableError } from '../../src/registry/table.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import type { Store } from '../../src/store/store.js';
import { fakeId, tempDir, testHasher, withWrongCheck } from './helpers.js';
import { addTitle, householdValues, messyHouseholdSheet, VARIANT_HEADER } from './sheets.js';

let dir: string;
let cleanup: () => Promise<void>;
let store: Store;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  store = await openLowStore(join(dir, 'data'));
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

async function save(workbook: ExcelJS.Workbook, name = 'sheet.xlsx'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, Buffer.from(await workbook.xlsx.writeBuffer()));
  return path;
}

const open = (path: string, kind: SheetKind = 'households', sheet?: string): Promise<Table> =>
  openTable(path, { header: headerSpec(kind), sheet });

describe('title, blank and note rows above the header; totals and notes below the data', () => {
  it('finds the header on row 4, imports rows 5-7 and passes over the 合计 row and the notes', async () => {
    const workbook = new ExcelJS.Workbook();
    messyHouseholdSheet(workbook.addWorksheet('花名册'), [householdValues(1), householdValues(2), householdValues(3)]);
    const result = await importHouseholds(store, testHasher, await open(await save(workbook)));
    expect(result).toMatchObject({ written: true, created: 3, errors: [], headerRow: 4, sheet: '花名册', ignoredRows: [8, 9, 10] });
    expect(await store.households.get('T0002')).toMatchObject({ headName: '王建国', size: 4, cadreName: '胡文静', phone: '13900000101' });
  });

  it('numbers a bad row as Excel does', async () => {
    const workbook = new ExcelJS.Workbook();
    const bad = householdValues(2, { 身份证号: withWrongCheck(fakeId('19700101', 2)) });
    messyHouseholdSheet(workbook.addWorksheet('花名册'), [householdValues(1), bad, householdValues(3)]);
    const result = await importHouseholds(store, testHasher, await open(await save(workbook)));
    expect(result.errors.map(formatRowError)).toEqual(['第 6 行，「身份证号」：校验位不对，请核对号码是否抄错']);
  });

  it('does the same for a CSV saved from such a sheet', async () => {
    const line = (values: unknown[]) => values.map((v) => String(v ?? '')).join(',');
    const csv = [
      line(['演示县建档立卡贫困户花名册', ...Array(15).fill('')]),
      '',
      line(['说明：身份证号一列为文本格式']),
      line(VARIANT_HEADER),
      line(householdValues(1)),
      line(householdValues(2, { 户主姓名: '' })),
      line(['小计', '', '', '', '', '', '', '', 8]),
    ].join('\r\n');
    await writeFile(join(dir, 'h.csv'), csv);
    const result = await importHouseholds(store, testHasher, await open(join(dir, 'h.csv')));
    expect(result).toMatchObject({ headerRow: 4, ignoredRows: [7] });
    expect(result.errors.map(formatRowError)).toEqual(['第 6 行，「户主姓名」：不能为空']);
  });

  it('says plainly when no row looks like a header', async () => {
    await writeFile(join(dir, 'h.csv'), '演示县花名册\r\n甲,乙,丙\r\n1,2,3\r\n');
    const result = await importHouseholds(store, testHasher, await open(join(dir, 'h.csv')));
    expect(result.written).toBe(false);
    expect(result.errors.map(formatRowError)).toEqual([expect.stringMatching(/^第 1 行：没有找到表头：前 30 行里没有一行写着这些列名/)]);
  });
});

describe('two-row headers with merged cells', () => {
  it('reads 家庭成员 over 姓名/身份证号/与户主关系, with 户编号 merged down', async () => {
    await importHouseholds(store, testHasher, await open(await save(withHouseholds(new ExcelJS.Workbook()), 'h.xlsx')));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('家庭成员');
    addTitle(sheet, '家庭成员花名册', 4);
    sheet.addRow(['户编号', '家庭成员', '', '']);
    sheet.addRow(['', '姓名', '身份证号', '与户主关系']);
    sheet.mergeCells('A2:A3');
    sheet.mergeCells('B2:D2');
    sheet.addRow(['T0001', '张小山', fakeId('20050505', 31), '子']);
    sheet.addRow(['T0001', '张小花', fakeId('20080808', 42), '女']);
    const result = await importMembers(store, testHasher, await open(await save(workbook), 'members'));
    expect(result).toMatchObject({ written: true, created: 2, errors: [], headerRow: 2 });
    expect((await store.members.byHousehold('T0001')).map((m) => [m.name, m.relation])).toEqual([
      ['张小山', '子'],
      ['张小花', '女'],
    ]);
  });

  it('reads 户主信息 over 姓名/身份证号码/联系电话 and 帮扶责任人 over 姓名/联系电话', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('户');
    const top = [
      '户编号',
      '户主信息',
      '',
      '',
      '县',
      '乡镇',
      '村',
      '组',
      '家庭人口',
      '贫困户属性',
      '卡类',
      '致贫原因',
      '脱贫状态',
      '脱贫年度',
      '帮扶责任人',
      '',
    ];
    const bottom = ['', '姓名', '身份证号码', '联系电话', ...Array(10).fill(''), '姓名', '联系电话'];
    sheet.addRow(top);
    sheet.addRow(bottom);
    sheet.mergeCells('B1:D1');
    sheet.mergeCells('O1:P1');
    for (const column of [1, ...Array.from({ length: 10 }, (_, i) => i + 5)]) sheet.mergeCells(1, column, 2, column);
    sheet.addRow(householdValues(1));
    const result = await importHouseholds(store, testHasher, await open(await save(workbook)));
    expect(result).toMatchObject({ written: true, created: 1, errors: [], headerRow: 1 });
    expect(await store.households.get('T0001')).toMatchObject({
      headName: '李秀英',
      phone: '13900000101',
      cadreName: '胡文静',
      cadrePhone: '0796-8123001',
    });
  });
});

function withHouseholds(workbook: ExcelJS.Workbook, name = '户信息', first = 1): ExcelJS.Workbook {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow([...HOUSEHOLD_COLUMNS]);
  for (let n = first; n < first + 3; n += 1) sheet.addRow(householdValues(n));
  return workbook;
}

describe('hidden columns', () => {
  it('ignores a hidden column that repeats a visible one, and still reads a hidden column that is the only one', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('户');
    sheet.addRow([...HOUSEHOLD_COLUMNS, '身份证号(旧)']);
    sheet.addRow([...householdValues(1), '作废的旧号码']);
    sheet.getColumn(HOUSEHOLD_COLUMNS.length + 1).hidden = true;
    sheet.getColumn(HOUSEHOLD_COLUMNS.indexOf('联系电话') + 1).hidden = true;
    const result = await importHouseholds(store, testHasher, await open(await save(workbook)));
    expect(result).toMatchObject({ written: true, created: 1, errors: [] });
    expect((await store.households.get('T0001'))?.phone).toBe('13900000101');
  });

  it('still refuses two visible columns with the same meaning, naming both', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('户');
    sheet.addRow([...HOUSEHOLD_COLUMNS, '户主']);
    sheet.addRow([...householdValues(1), '张大山']);
    const result = await importHouseholds(store, testHasher, await open(await save(workbook)));
    expect(result.errors.map(formatRowError)).toEqual(['第 1 行，「户主姓名」：表头里有 2 列都是这一项（户主姓名、户主），请只保留一列']);
  });
});

describe('several worksheets', () => {
  function book(): ExcelJS.Workbook {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('填表说明').addRow(['本工作簿包含户信息和家庭成员两张表。']);
    withHouseholds(workbook, '2025年', 1);
    withHouseholds(workbook, '2026年', 11);
    const members = workbook.addWorksheet('家庭成员');
    members.addRow(['户编号', '姓名', '身份证号', '与户主关系']);
    members.addRow(['T0011', '张小山', fakeId('20050505', 31), '子']);
    return workbook;
  }

  it('reads the first sheet whose header matches the kind, or the sheet named', async () => {
    const path = await save(book());
    expect(await importHouseholds(store, testHasher, await open(path))).toMatchObject({ sheet: '2025年', created: 3 });
    expect(await importHouseholds(store, testHasher, await open(path, 'households', '2026年'))).toMatchObject({
      sheet: '2026年',
      created: 3,
    });
    expect(await store.households.get('T0011')).toBeDefined();
    expect(await importMembers(store, testHasher, await open(path, 'members'))).toMatchObject({ sheet: '家庭成员', created: 1 });
  });

  it('lists the sheets when the one named is not there', async () => {
    const path = await save(book());
    await expect(open(path, 'households', '2027年')).rejects.toThrow(
      new TableError('找不到名为“2027年”的工作表。这个文件里的工作表有：填表说明、2025年、2026年、家庭成员。'),
    );
  });

  it('passes over a hidden sheet, and reports the header of the closest sheet when none matches', async () => {
    const workbook = new ExcelJS.Workbook();
    const old = withHouseholds(workbook, '旧表', 1).getWorksheet('旧表');
    if (old) old.state = 'hidden';
    withHouseholds(workbook, '新表', 21);
    expect(await importHouseholds(store, testHasher, await open(await save(workbook)))).toMatchObject({ sheet: '新表', created: 3 });

    const partial = new ExcelJS.Workbook();
    partial.addWorksheet('说明').addRow(['说明']);
    partial.addWorksheet('户').addRow(HOUSEHOLD_COLUMNS.filter((c) => c !== '村'));
    const result = await importHouseholds(store, testHasher, await open(await save(partial, 'partial.xlsx')));
    expect(result).toMatchObject({ written: false, sheet: '户' });
    expect(result.errors.map((e) => e.column)).toEqual(['村']);
  });
});

describe('Excel quirks in cells', () => {
  const idWithX = (() => {
    for (let n = 1; ; n += 1) if (fakeId('19800101', n).endsWith('X')) return fakeId('19800101', n);
  })();

  it('accepts IDs with spaces, full-width digits or a lower-case x, and phones stored as numbers', async () => {
    const spaced = fakeId('19700101', 1).replace(/^(\d{6})(\d{8})/, '$1 $2 ');
    const fullWidth = fakeId('19700101', 2).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('户');
    sheet.addRow([...HOUSEHOLD_COLUMNS]);
    sheet.addRow(householdValues(1, { 身份证号: spaced, 联系电话: 13900000101 }));
    sheet.addRow(householdValues(2, { 身份证号: fullWidth }));
    sheet.addRow(householdValues(3, { 身份证号: idWithX.toLowerCase(), 帮扶责任人电话: 13800001111 }));
    const result = await importHouseholds(store, testHasher, await open(await save(workbook)));
    expect(result).toMatchObject({ written: true, created: 3, errors: [] });
    expect((await store.households.get('T0001'))?.phone).toBe('13900000101');
    expect((await store.households.get('T0003'))?.cadrePhone).toBe('13800001111');
    expect((await store.households.byIdHash(await testHasher.idHash(idWithX)))?.id).toBe('T0003');
  });

  it.each([
    // A fictional ID as Excel keeps it in a number cell (15 significant digits) and as a CSV then shows it.
    ['a number cell', Number(fakeId())],
    ['scientific text from a CSV', Number(fakeId()).toExponential(14).toUpperCase()],
  ])('refuses an ID stored as %s, saying to format the column as text and re-export', async (_label, id) => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('户');
    sheet.addRow([...HOUSEHOLD_COLUMNS]);
    sheet.addRow(householdValues(1));
    sheet.addRow(householdValues(2, { 身份证号: id }));
    const result = await importHouseholds(store, testHasher, await open(await save(workbook)), { skipInvalid: true });
    expect(result.errors.map(formatRowError)).toEqual([
      '第 3 行，「身份证号」：被 Excel 存成了数字，后几位已经丢失。请把这一列设为“文本”格式，填上完整号码，再重新导出、导入',
    ]);
    expect(result.created).toBe(1);
  });

  it('hints at Excel when an ID lost its last digits to 000', async () => {
    const rounded = `${fakeId('19700101', 5).slice(0, 15)}000`;
    const result = await importHouseholds(store, testHasher, await open(await save(withRow(householdValues(1, { 身份证号: rounded })))));
    expect(result.errors[0]?.reason).toMatch(/末三位是 000，多半是被 Excel 存成过数字.*设为“文本”格式/);
  });

  it.each([
    ['an Excel serial', 42856, 2017],
    ['a date cell', new Date(Date.UTC(2018, 11, 3)), 2018],
    ['2017.05 as text', '2017.05', 2017],
    ['2017.05 as a number', 2017.05, 2017],
    ['2017年5月', '2017年5月', 2017],
    ['2017/5/3', '2017/5/3', 2017],
  ])('reads 脱贫年度 from %s', async (_label, value, year) => {
    const result = await importHouseholds(store, testHasher, await open(await save(withRow(householdValues(1, { 脱贫年度: value })))));
    expect(result.errors).toEqual([]);
    expect((await store.households.get('T0001'))?.exitYear).toBe(year);
  });

  it('reads 家庭人口 stored as a number', async () => {
    await importHouseholds(store, testHasher, await open(await save(withRow(householdValues(1, { 家庭人口: 5 })))));
    expect((await store.households.get('T0001'))?.size).toBe(5);
  });
});

function withRow(values: ExcelJS.CellValue[]): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('户');
  sheet.addRow([...HOUSEHOLD_COLUMNS]);
  sheet.addRow(values);
  return workbook;
}

describe('row cells keep their own values', () => {
  it('does not mix up the 合计 detection with a household called 合计村', async () => {
    const result = await importHouseholds(store, testHasher, await open(await save(withRow(householdValues(1, { 村: '合计村' })))));
    expect(result).toMatchObject({ created: 1, ignoredRows: [] });
    expect((await store.households.get('T0001'))?.village).toBe('合计村');
  });
});
