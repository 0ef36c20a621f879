import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { adminApp, login } from '../admin/helpers.js';
import { multipart } from '../admin/multipart.js';
import type { TestApp } from '../helpers/test-app.js';
import { fakeId } from './helpers.js';
import { bytesOf, householdValues, messyHouseholdSheet } from './sheets.js';

let app: TestApp;
afterEach(async () => app?.dispose());

/** A workbook with a notes sheet first and two county rosters (title rows, variant header on row 4, 合计 and notes). */
async function roster(rows2026 = [householdValues(1), householdValues(2), householdValues(3)]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('填表说明').addRow(['身份证号一列为文本格式']);
  messyHouseholdSheet(workbook.addWorksheet('2025年'), [householdValues(7)]);
  messyHouseholdSheet(workbook.addWorksheet('2026年'), rows2026);
  return bytesOf(workbook);
}

async function upload(url: string, content: Buffer, fields: Record<string, string> = {}) {
  const { cookie, csrf } = await login(app);
  const body = multipart({ _csrf: csrf, kind: 'households', ...fields }, { name: 'file', filename: '花名册.xlsx', content });
  return app.server.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': csrf, ...body.headers }, payload: body.payload });
}

describe('dashboard import of a county roster', () => {
  it('offers a sheet field', async () => {
    app = await adminApp();
    const { cookie } = await login(app);
    const page = await app.server.inject({ url: '/admin/households/import', headers: { cookie } });
    expect(page.body).toContain('name="sheet"');
    expect(page.body).toContain('身份证号一列请设为“文本”格式');
  });

  it('reads the sheet named in the form, says where the header was and which rows were passed over', async () => {
    app = await adminApp();
    const res = await upload('/admin/households/import', await roster(), { sheet: '2026年' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('读取工作表「2026年」，表头从第 4 行开始。');
    expect(res.body).toContain('第 8、9、10 行是合计、小计或说明，没有导入。');
    expect((await app.store.households.get('T0002'))?.headName).toBe('王建国');
    expect(await app.store.households.get('T0007')).toBeUndefined();
  });

  it('without a sheet named reads the first whose header matches; the API answers the same', async () => {
    app = await adminApp();
    const res = await upload('/api/admin/households/import', await roster());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ written: true, created: 1, sheet: '2025年', headerRow: 4, ignoredRows: [6, 7, 8] });
  });

  it('gives the CLI’s row-numbered messages for Excel quirks', async () => {
    app = await adminApp();
    const bad = await roster([householdValues(1), householdValues(2, { 身份证号: Number(fakeId()) }), householdValues(3)]);
    const reason = '被 Excel 存成了数字，后几位已经丢失。请把这一列设为“文本”格式，填上完整号码，再重新导出、导入';
    const page = await upload('/admin/households/import', bad, { sheet: '2026年' });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain(`第 6 行，「身份证号」：${reason}`);
    const api = await upload('/api/admin/households/import', bad, { sheet: '2026年' });
    expect(api.json()).toMatchObject({ written: false, errors: [{ row: 6, column: '身份证号', reason }] });
  });

  it('lists the sheets when the one named is not in the file', async () => {
    app = await adminApp();
    const res = await upload('/admin/households/import', await roster(), { sheet: '2027年' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('找不到名为“2027年”的工作表。这个文件里的工作表有：填表说明、2025年、2026年。');
  });

  it('keeps a 监测对象 decided in the app unless the box is ticked, lists the conflict, and audits file and counts', async () => {
    app = await adminApp();
    expect((await upload('/admin/households/import', await roster(), { sheet: '2026年' })).statusCode).toBe(200);
    const decided = await app.store.households.get('T0002');
    if (decided)
      await app.store.households.upsert({ ...decided, status: '监测对象', monitorType: '边缘易致贫户', monitorSince: '2026-10-08' });
    const kept = await upload('/admin/households/import', await roster(), { sheet: '2026年' });
    expect(kept.body).toContain('表格是「已脱贫」，这户已在系统里认定为监测对象，保留监测对象。');
    expect(kept.body).toContain('脱贫状态以表格为准');
    expect((await app.store.households.get('T0002'))?.status).toBe('监测对象');
    const api = await upload('/api/admin/households/import', await roster(), { sheet: '2026年', overwriteStatus: '1' });
    expect(api.json()).toMatchObject({ written: true, statusConflicts: [{ householdId: 'T0002', sheet: '已脱贫', kept: false }] });
    expect((await app.store.households.get('T0002'))?.status).toBe('已脱贫');
    const { items } = await app.store.audit.search({ action: 'households.import' });
    expect(items.map((e) => e.detail).reverse()).toEqual([
      '花名册.xlsx：共 3 行：新增 3，更新 0，跳过 0（无变化或重复），错误 0 行',
      '花名册.xlsx：共 3 行：新增 0，更新 0，跳过 3（无变化或重复），脱贫状态与系统认定的监测对象不一致 1 户（保留监测对象 1 户，按表格改 0 户），错误 0 行',
      '花名册.xlsx：共 3 行：新增 0，更新 1，跳过 2（无变化或重复），脱贫状态与系统认定的监测对象不一致 1 户（保留监测对象 0 户，按表格改 1 户），错误 0 行',
    ]);
    expect(items.every((e) => e.username !== '' && e.target === 'import:households')).toBe(true);
  });
});
