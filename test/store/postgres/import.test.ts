import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAidPg, importHouseholdsPg, importMembersPg } from '../../../src/registry/postgres-import.js';
import { openTable } from '../../../src/registry/read-table.js';
import { AID_COLUMNS, MEMBER_COLUMNS } from '../../../src/registry/rows.js';
import { migrate } from '../../../src/store/postgres/migrate.js';
import { fakeId, householdCells, householdCsv, tempDir, testHasher, toCsv } from '../../registry/helpers.js';
import { createTestSchema, testDatabaseReachable } from './pg-fixture.js';

const reachable = await testDatabaseReachable();

describe.skipIf(!reachable)('npm run import into PostgreSQL', () => {
  let pool: pg.Pool;
  let dir: { dir: string; cleanup: () => Promise<void> };
  let n = 0;
  const file = async (text: string) => {
    n += 1;
    const path = join(dir.dir, `sheet-${n}.csv`);
    await writeFile(path, text);
    return openTable(path);
  };
  const count = async (table: string) => (await pool.query(`select count(*)::int as n from ${table}`)).rows[0].n as number;

  beforeAll(async () => {
    pool = (await createTestSchema()).pool(2);
    await migrate(pool);
    dir = await tempDir();
  });
  afterAll(() => dir?.cleanup());

  it('refuses a whole file with errors and writes nothing, even rows checked before the error', async () => {
    // More rows than one chunk, so the first chunk is written before the errors turn up.
    const id = (n: number) => fakeId(`19${60 + Math.floor(n / 1000)}0101`, n % 1000);
    const row = (n: number, idOf = n) => householdCells(1, { 户编号: `T${String(n).padStart(4, '0')}`, 身份证号: id(idOf) });
    const rows = Array.from({ length: 2100 }, (_, i) => row(i + 1));
    rows.push(row(5), row(2200, 7));
    const result = await importHouseholdsPg(pool, testHasher, await file(householdCsv(rows)));
    expect(result).toMatchObject({ written: false, rows: 2102, created: 0 });
    expect(result.errors).toEqual([
      { row: 2102, column: '户编号', reason: '与第 6 行重复' },
      { row: 2103, column: '身份证号', reason: '已是户编号 T0007 的户主，同一人不能是两户的户主' },
    ]);
    expect(await count('households')).toBe(0);
  });

  it('imports, then counts a re-import as unchanged and a changed row as updated, keeping columns the sheet leaves out', async () => {
    const first = await importHouseholdsPg(pool, testHasher, await file(householdCsv([1, 2, 3].map((i) => householdCells(i)))));
    expect(first).toMatchObject({ written: true, rows: 3, created: 3, updated: 0, unchanged: 0, errors: [] });
    const again = await importHouseholdsPg(pool, testHasher, await file(householdCsv([1, 2].map((i) => householdCells(i)))));
    expect(again).toMatchObject({ written: true, created: 0, updated: 0, unchanged: 2 });
    const partial = toCsv(
      ['户编号', '户主姓名', '身份证号', '县', '乡镇', '村', '家庭人口', '贫困户属性', '致贫原因', '脱贫状态'],
      [householdCells(3, { 家庭人口: '6' })],
    );
    expect(await importHouseholdsPg(pool, testHasher, await file(partial))).toMatchObject({ written: true, updated: 1 });
    const { rows } = await pool.query(`select size, phone, card from households where id = 'T0003'`);
    expect(rows[0]).toEqual({ size: 6, phone: '13900000101', card: '红卡' });
  });

  it('keeps the stored verify hashes on a re-import and makes a new one only for a renamed head', async () => {
    let verifyHashes = 0;
    const counting = {
      ...testHasher,
      verifyHash: (name: string, last6: string) => {
        verifyHashes += 1;
        return testHasher.verifyHash(name, last6);
      },
    };
    const before = (await pool.query(`select id, verify_hash from households where id in ('T0001', 'T0002') order by id`)).rows;
    const renamed = householdCsv([householdCells(1), householdCells(2, { 户主姓名: '王改名' })]);
    expect(await importHouseholdsPg(pool, counting, await file(renamed))).toMatchObject({ written: true, updated: 1, unchanged: 1 });
    expect(verifyHashes).toBe(1);
    const after = (await pool.query(`select id, verify_hash from households where id in ('T0001', 'T0002') order by id`)).rows;
    expect(after[0]).toEqual(before[0]);
    expect(after[1].verify_hash).toBe(await testHasher.verifyHash('王改名', (householdCells(2).身份证号 as string).slice(-6)));
  });

  it('imports the good rows alone with --skip-invalid', async () => {
    const result = await importHouseholdsPg(
      pool,
      testHasher,
      await file(householdCsv([householdCells(4), householdCells(5, { 家庭人口: '-1' })])),
      {
        skipInvalid: true,
      },
    );
    expect(result).toMatchObject({ written: true, created: 1 });
    expect(result.errors.map((e) => e.row)).toEqual([3]);
    expect(await count('households')).toBe(4);
  });

  it('imports members of registered households only, and aid once per payment', async () => {
    const members = toCsv(MEMBER_COLUMNS, [
      { 户编号: 'T0001', 姓名: '张小山', 身份证号: fakeId('20050101', 31), 与户主关系: '子女' },
      { 户编号: 'T9999', 姓名: '无名', 身份证号: fakeId('20050101', 32), 与户主关系: '子女' },
    ]);
    const m = await importMembersPg(pool, testHasher, await file(members), { skipInvalid: true });
    expect(m).toMatchObject({ written: true, created: 1 });
    expect(m.errors).toEqual([{ row: 3, column: '户编号', reason: '户编号 T9999 还没有登记，请先导入户信息' }]);
    const payment = { 户编号: 'T0001', 项目类别: '产业', 项目名称: '产业奖补', 金额: '1500', 发放日期: '2025-06-01', 说明: '' };
    const aid = await importAidPg(pool, testHasher, await file(toCsv(AID_COLUMNS, [payment, payment, { ...payment, 金额: '800' }])));
    expect(aid).toMatchObject({ written: true, created: 2, skipped: 1 });
    expect(await importAidPg(pool, testHasher, await file(toCsv(AID_COLUMNS, [payment])))).toMatchObject({ created: 0, skipped: 1 });
    expect(await count('aid_records')).toBe(2);
  });
});
