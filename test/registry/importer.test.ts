import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Household } from '../../src/model/household.js';
import { idTail } from '../../src/privacy/id-number.js';
import { aidId, aidNaturalKey, importAid, importHouseholds, importMembers } from '../../src/registry/importer.js';
import { openTable, tableFromObjects } from '../../src/registry/read-table.js';
import { AID_COLUMNS, formatRowError, HOUSEHOLD_COLUMNS, MEMBER_COLUMNS } from '../../src/registry/rows.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import type { Store } from '../../src/store/store.js';
import { dataDirText, readCollection } from '../fault/data-files.js';
import { fakeId, householdCells, householdCsv, tempDir, testHasher, withWrongCheck } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let store: Store;
const now = () => new Date('2026-11-29T08:00:00Z');
const later = () => new Date('2026-12-01T08:00:00Z');

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  store = await openLowStore(join(dir, 'data'));
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

const households = (rows: Record<string, string>[], columns: readonly string[] = HOUSEHOLD_COLUMNS) => tableFromObjects([...columns], rows);

describe('importHouseholds', () => {
  it('reports every bad row at once, in Chinese, and imports nothing', async () => {
    const rows = [
      householdCells(1),
      householdCells(2, { 身份证号: withWrongCheck(fakeId('19700101', 2)), 卡类: '绿卡' }),
      householdCells(3, { 户主姓名: '', 家庭人口: '0' }),
      householdCells(4, { 致贫原因: '因病、没钱', 脱贫状态: '脱贫' }),
      householdCells(5, { 户编号: 'T0001' }),
      householdCells(6, { 联系电话: '12345', 脱贫年度: '19' }),
      householdCells(7),
    ];
    const result = await importHouseholds(store, testHasher, households(rows), { now });
    expect(result.written).toBe(false);
    expect(result.rows).toBe(7);
    expect(result.errors.map(formatRowError)).toEqual([
      '第 3 行，「身份证号」：校验位不对，请核对号码是否抄错',
      '第 3 行，「卡类」：“绿卡”不对，应填 红卡、蓝卡、黄卡 之一',
      '第 4 行，「户主姓名」：不能为空',
      '第 4 行，「家庭人口」：应为 1 到 50 之间的整数',
      '第 5 行，「致贫原因」：“没钱”不在规定的致贫原因里（因病、因残、因学、因灾、缺土地、缺水、缺技术、缺劳力、缺资金、交通条件落后、自身发展动力不足）',
      '第 5 行，「脱贫状态」：“脱贫”不对，应填 未脱贫、已脱贫、监测对象 之一',
      '第 6 行，「户编号」：与第 2 行重复',
      '第 7 行，「联系电话」：“12345”不是有效的电话号码（手机 11 位，固话要带区号，如 0796-8123456）',
      '第 7 行，「脱贫年度」：“19”不是有效年份，应写成 2019 这样的四位数',
    ]);
    expect(await store.households.count()).toBe(0);
  });

  it('names the missing header columns without reading the rows', async () => {
    const columns = HOUSEHOLD_COLUMNS.filter((c) => c !== '身份证号' && c !== '村' && c !== '联系电话');
    const result = await importHouseholds(store, testHasher, households([householdCells(1)], columns));
    expect(result.written).toBe(false);
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [1, '身份证号'],
      [1, '村'],
    ]);
    expect(result.errors[0]?.reason).toContain('表头缺少这一列');
  });

  it('imports the good rows with skipInvalid and returns the bad ones', async () => {
    const rows = [householdCells(1), householdCells(2, { 家庭人口: '两' }), householdCells(3)];
    const result = await importHouseholds(store, testHasher, households(rows), { skipInvalid: true, now });
    expect(result).toMatchObject({ written: true, created: 2, updated: 0, unchanged: 0 });
    expect(result.errors.map(formatRowError)).toEqual(['第 3 行，「家庭人口」：应为 1 到 50 之间的整数']);
    expect(await store.households.get('T0001')).toBeDefined();
    expect(await store.households.get('T0002')).toBeUndefined();
  });

  it('is idempotent: re-import counts unchanged, a changed row counts updated, nothing is duplicated', async () => {
    const rows = [householdCells(1), householdCells(2), householdCells(3)];
    expect(await importHouseholds(store, testHasher, households(rows), { now })).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    expect(await importHouseholds(store, testHasher, households(rows), { now: later })).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
    });
    expect((await store.households.get('T0001'))?.updatedAt).toBe(now().toISOString());

    rows[1] = householdCells(2, { 脱贫状态: '监测对象', 致贫原因: '因灾' });
    rows.push(householdCells(4));
    expect(await importHouseholds(store, testHasher, households(rows), { now: later })).toMatchObject({
      created: 1,
      updated: 1,
      unchanged: 2,
    });
    expect(await store.households.count()).toBe(4);
    expect(await store.households.get('T0002')).toMatchObject({ status: '监测对象', causes: ['因灾'], updatedAt: later().toISOString() });
  });

  it('stores the ID only masked and hashed, with the name + last 6 verification hash', async () => {
    const id = fakeId('19700101', 1);
    await importHouseholds(store, testHasher, households([householdCells(1, { 身份证号: id.toLowerCase() })]), { now });
    const stored = await store.households.get('T0001');
    const idHash = await testHasher.idHash(id);
    const verifyHash = await testHasher.verifyHash('李秀英', idTail(id));
    expect(stored).toMatchObject({
      idMasked: `${id.slice(0, 4)}**************`,
      idHash,
      verifyHash,
      phone: '13900000101',
      cadrePhone: '0796-8123001',
      exitYear: 2019,
      size: 4,
    });
    expect((await store.households.byIdHash(idHash))?.id).toBe('T0001');
    expect(await store.households.byVerifyHash(verifyHash)).toHaveLength(1);
  });

  it('writes no full ID number into the data dir', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => householdCells(i + 1));
    await importHouseholds(store, testHasher, households(rows), { now, batchSize: 7 });
    const text = await dataDirText(join(dir, 'data'));
    expect((await readCollection<Household>(join(dir, 'data'), 'households')).get('T0050')?.idMasked).toBe('3699**************');
    expect(rows.filter((row) => text.includes(row.身份证号 as string))).toEqual([]);
    // Hashes are hex and may hold long digit runs by chance; anything else must not look like an ID number.
    expect(text.replace(/"s1:[0-9a-f]{64}"/g, '""').match(/\d{17}[\dXx]/g) ?? []).toEqual([]);
  });

  it('keeps stored values of optional columns the sheet leaves out', async () => {
    await importHouseholds(store, testHasher, households([householdCells(1)]), { now });
    const columns = HOUSEHOLD_COLUMNS.filter((c) => c !== '联系电话' && c !== '帮扶责任人');
    const result = await importHouseholds(store, testHasher, households([householdCells(1, { 家庭人口: '5' })], columns), { now });
    expect(result).toMatchObject({ updated: 1 });
    expect(await store.households.get('T0001')).toMatchObject({ size: 5, phone: '13900000101', cadreName: '胡文静' });
  });

  it('refuses one person as head of two households', async () => {
    await importHouseholds(store, testHasher, households([householdCells(1)]), { now });
    const result = await importHouseholds(
      store,
      testHasher,
      households([householdCells(2, { 身份证号: householdCells(1).身份证号 as string })]),
    );
    expect(result.errors.map(formatRowError)).toEqual(['第 2 行，「身份证号」：已是户编号 T0001 的户主，同一人不能是两户的户主']);
  });

  it('imports a CSV file end to end', async () => {
    const path = join(dir, 'households.csv');
    await writeFile(path, householdCsv([householdCells(1, { 村: '红星村, 东片' }), householdCells(2)]));
    const result = await importHouseholds(store, testHasher, await openTable(path), { now });
    expect(result).toMatchObject({ created: 2, errors: [] });
    expect((await store.households.get('T0001'))?.village).toBe('红星村, 东片');
  });
});

describe('importMembers', () => {
  beforeEach(async () => {
    await importHouseholds(store, testHasher, households([householdCells(1)]), { now });
  });

  it('stores members with the name + last 6 verification hash, upserting by household and ID', async () => {
    const spouse = fakeId('19720202', 22);
    const rows = [{ 户编号: 'T0001', 姓名: '王桂兰', 身份证号: spouse, 与户主关系: '配偶' }];
    const table = () => tableFromObjects([...MEMBER_COLUMNS], rows);
    expect(await importMembers(store, testHasher, table())).toMatchObject({ created: 1, errors: [] });
    const [member] = await store.members.byHousehold('T0001');
    const idHash = await testHasher.idHash(spouse);
    const verifyHash = await testHasher.verifyHash('王桂兰', spouse.slice(-6));
    expect(member).toEqual({
      id: `T0001:${idHash.slice(3, 15)}`,
      householdId: 'T0001',
      name: '王桂兰',
      idMasked: '3699**************',
      idHash,
      verifyHash,
      relation: '配偶',
    });
    expect(await store.members.byVerifyHash(verifyHash)).toHaveLength(1);
    expect(await importMembers(store, testHasher, table())).toMatchObject({ created: 0, unchanged: 1 });
    rows[0] = { ...(rows[0] as (typeof rows)[number]), 与户主关系: '妻子' };
    expect(await importMembers(store, testHasher, table())).toMatchObject({ updated: 1 });
    expect(await store.members.byHousehold('T0001')).toHaveLength(1);
  });

  it('requires a registered household (or one known from the same run)', async () => {
    const rows = [{ 户编号: 'T0099', 姓名: '王桂兰', 身份证号: fakeId('19720202', 22), 与户主关系: '配偶' }];
    const result = await importMembers(store, testHasher, tableFromObjects([...MEMBER_COLUMNS], rows));
    expect(result.errors.map(formatRowError)).toEqual(['第 2 行，「户编号」：户编号 T0099 还没有登记，请先导入户信息']);
    const known = await importMembers(store, testHasher, tableFromObjects([...MEMBER_COLUMNS], rows), {
      knownHouseholdIds: new Set(['T0099']),
    });
    expect(known).toMatchObject({ created: 1, errors: [] });
  });
});

describe('importAid', () => {
  beforeEach(async () => {
    await importHouseholds(store, testHasher, households([householdCells(1), householdCells(2)]), { now });
  });

  const aid = (overrides: Record<string, string | number | Date> = {}) => ({
    户编号: 'T0001',
    项目类别: '产业',
    项目名称: '产业奖补',
    金额: '12.30',
    发放日期: '2026/3/5',
    说明: '',
    ...overrides,
  });

  it('stores exact fen amounts and ISO dates, with a stable id from the natural key', async () => {
    const result = await importAid(
      store,
      testHasher,
      tableFromObjects([...AID_COLUMNS], [aid(), aid({ 户编号: 'T0002', 金额: '0.29', 说明: '补发' })]),
    );
    expect(result).toMatchObject({ created: 2, skipped: 0, errors: [] });
    const [record] = await store.aid.byHousehold('T0001');
    expect(record).toEqual({
      id: aidId(aidNaturalKey('T0001', '产业奖补', '2026-03-05', 1230)),
      householdId: 'T0001',
      category: '产业',
      name: '产业奖补',
      amountFen: 1230,
      date: '2026-03-05',
    });
    expect((await store.aid.byHousehold('T0002'))[0]).toMatchObject({ amountFen: 29, note: '补发' });
  });

  it('skips duplicates inside the file and already stored ones', async () => {
    const rows = [aid(), aid({ 发放日期: '2026-03-05', 金额: '12.3' }), aid({ 项目类别: '其他' }), aid({ 金额: '12.31' })];
    expect(await importAid(store, testHasher, tableFromObjects([...AID_COLUMNS], rows))).toMatchObject({ created: 2, skipped: 2 });
    expect(await importAid(store, testHasher, tableFromObjects([...AID_COLUMNS], rows))).toMatchObject({ created: 0, skipped: 4 });
    expect(await store.aid.byHousehold('T0001')).toHaveLength(2);
  });

  it('reports unknown households, bad categories, amounts and dates together', async () => {
    const rows = [aid({ 户编号: 'T0404' }), aid({ 项目类别: '产业扶贫', 金额: '12.345', 发放日期: '2026-02-30' })];
    const result = await importAid(store, testHasher, tableFromObjects([...AID_COLUMNS], rows));
    expect(result.errors.map(formatRowError)).toEqual([
      '第 2 行，「户编号」：户编号 T0404 还没有登记，请先导入户信息',
      '第 3 行，「项目类别」：“产业扶贫”不对，应填 产业、健康、教育、安居、就业、金融、兜底、其他 之一',
      '第 3 行，「金额」：最多两位小数（精确到分）',
      '第 3 行，「发放日期」：“2026-02-30”不是真实存在的日期',
    ]);
    expect(result.written).toBe(false);
  });

  it('imports an XLSX sheet with real Excel date cells and number amounts', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('帮扶记录');
    sheet.addRow(['说明', '户编号', '项目名称', '发放日期', '金额', '项目类别', '备注（多余的列）']);
    sheet.addRow(['', 'T0001', '雨露计划', new Date(Date.UTC(2026, 2, 5)), 1500, '教育', 'x']);
    sheet.addRow(['住院', 'T0002', '医疗救助', new Date(Date.UTC(2025, 11, 31)), 2860.5, '健康', 'y']);
    sheet.getColumn(4).numFmt = 'yyyy"年"m"月"d"日"';
    const path = join(dir, 'aid.xlsx');
    await writeFile(path, Buffer.from(await workbook.xlsx.writeBuffer()));
    const result = await importAid(store, testHasher, await openTable(path));
    expect(result).toMatchObject({ created: 2, errors: [] });
    expect((await store.aid.byHousehold('T0001'))[0]).toMatchObject({ date: '2026-03-05', amountFen: 150000, category: '教育' });
    expect((await store.aid.byHousehold('T0002'))[0]).toMatchObject({ date: '2025-12-31', amountFen: 286050, note: '住院' });
  });
});

describe('XLSX households', () => {
  it('explains an ID number that Excel turned into a number', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('户');
    const cells = householdCells(1);
    sheet.addRow([...HOUSEHOLD_COLUMNS]);
    sheet.addRow(HOUSEHOLD_COLUMNS.map((c) => (c === '身份证号' ? Number(cells[c]) : c === '家庭人口' ? 4 : cells[c])));
    const path = join(dir, 'households.xlsx');
    await writeFile(path, Buffer.from(await workbook.xlsx.writeBuffer()));
    const result = await importHouseholds(store, testHasher, await openTable(path));
    expect(result.errors.map(formatRowError)).toEqual([
      '第 2 行，「身份证号」：被 Excel 存成了数字，后几位已经丢失。请把这一列设为“文本”格式，填上完整号码，再重新导出、导入',
    ]);
  });
});
