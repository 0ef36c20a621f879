import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';
import { adminApp, fullId, login, writeHeaders } from './helpers.js';
import { HOUSEHOLD_HEADER, multipart } from './multipart.js';

let app: TestApp;
afterEach(async () => app?.dispose());

const ID_A = fullId('36088119600101123');
const ID_B = fullId('36088119700202456');
const FULL_ID = /\d{17}[\dX]/;
const FULL_PHONE = /1[3-9]\d{9}/;

async function importSheet(cookie: string, csrf: string, csv: string, skipInvalid = false) {
  const body = multipart(
    { _csrf: csrf, kind: 'households', ...(skipInvalid ? { skipInvalid: '1' } : {}) },
    { name: 'file', filename: '户信息.csv', content: csv },
  );
  return app.server.inject({
    method: 'POST',
    url: '/api/admin/households/import',
    headers: { cookie, 'x-csrf-token': csrf, ...body.headers },
    payload: body.payload,
  });
}

const sheet = [
  HOUSEHOLD_HEADER,
  `H1001,钱七,${ID_A},13912340001,井冈山市,茅坪乡,神山村,一组,3,一般贫困户,红卡,因病,已脱贫,2018,李干部,13800001111`,
  `H1002,孙八,${ID_B},13912340002,井冈山市,茅坪乡,神山村,,2,低保贫困户,蓝卡,因残,监测对象,,,`,
].join('\n');

describe('household export', () => {
  it('CSV has a UTF-8 BOM, Chinese headers and no full ID number or phone', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    expect((await importSheet(cookie, csrf, sheet)).statusCode).toBe(200);
    const res = await app.server.inject({ url: '/api/admin/households?village=神山村&format=csv', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="households-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = res.rawPayload.toString('utf8');
    expect(text).toContain('户编号,户主姓名,身份证号（脱敏）');
    expect(text).toContain('H1001,钱七,3608**********');
    expect(text).not.toMatch(FULL_ID);
    expect(text).not.toContain(ID_A);
    expect(text).not.toMatch(FULL_PHONE);
    expect(text.trim().split('\r\n')).toHaveLength(4);
  });

  it('XLSX holds the same masked rows', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    await importSheet(cookie, csrf, sheet);
    const res = await app.server.inject({ url: '/api/admin/households?q=H100&format=xlsx', headers: { cookie } });
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: string[] = [];
    book.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).join('|')));
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('H1001|钱七|3608**********');
    expect(rows.join('\n')).not.toMatch(FULL_ID);
    expect(rows.join('\n')).not.toMatch(FULL_PHONE);
  });

  it('the JSON list and detail never carry hashes, full IDs or phones', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    await importSheet(cookie, csrf, sheet);
    for (const url of [
      '/api/admin/households?pageSize=100',
      '/api/admin/households/H1001',
      '/admin/households',
      '/admin/households/H1001',
    ]) {
      const res = await app.server.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(FULL_ID);
      expect(res.body, url).not.toMatch(FULL_PHONE);
      expect(res.body, url).not.toMatch(/idHash|verifyHash/);
    }
  });

  it('other lists export too, without unmasked phones', async () => {
    app = await adminApp();
    const session = await login(app);
    const { cookie } = session;
    await app.server.inject({
      method: 'POST',
      url: '/api/admin/cadres',
      headers: writeHeaders(session),
      payload: { name: '刘干部', phone: '13800138000' },
    });
    for (const url of ['/api/admin/cadres?format=csv', '/api/admin/staff?format=csv', '/api/admin/audit?format=csv']) {
      const res = await app.server.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body.startsWith('\ufeff'), url).toBe(true);
      expect(res.body, url).not.toMatch(FULL_PHONE);
    }
  });

  it('neutralises cells that Excel would run as formulas', async () => {
    app = await adminApp();
    const session = await login(app);
    const { cookie } = session;
    await app.server.inject({
      method: 'POST',
      url: '/api/admin/cadres',
      headers: writeHeaders(session),
      payload: { name: '=HYPERLINK("http://x")', phone: '13800138000' },
    });
    const res = await app.server.inject({ url: '/api/admin/cadres?format=csv', headers: { cookie } });
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});

describe('import through the dashboard', () => {
  it('shows the importer’s row errors and writes nothing, unless skip-invalid is ticked', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    const bad = `${sheet}\nH1003,周九,123,,井冈山市,茅坪乡,神山村,,2,一般贫困户,,因病,已脱贫,,,`;
    const res = await importSheet(cookie, csrf, bad);
    expect(res.statusCode).toBe(422);
    const result = res.json() as { written: boolean; errors: { row: number; column: string }[] };
    expect(result.written).toBe(false);
    expect(result.errors).toEqual([expect.objectContaining({ row: 4, column: '身份证号' })]);
    expect(await app.store.households.get('H1001')).toBeUndefined();

    const skipped = await importSheet(cookie, csrf, bad, true);
    expect(skipped.statusCode).toBe(200);
    expect(skipped.json()).toMatchObject({ written: true, created: 2 });
    expect((await app.store.households.get('H1001'))?.idMasked).toBe(`${ID_A.slice(0, 4)}**************`);
  });

  it('the page form shows the same errors in Chinese', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    const body = multipart(
      { _csrf: csrf, kind: 'households' },
      {
        name: 'file',
        filename: 'h.csv',
        content: `${HOUSEHOLD_HEADER}\nH1003,周九,123,,井冈山市,茅坪乡,神山村,,2,一般贫困户,,因病,已脱贫,,,`,
      },
    );
    const res = await app.server.inject({
      method: 'POST',
      url: '/admin/households/import',
      headers: { cookie, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('第 2 行，「身份证号」');
    expect(res.body).toContain('未导入任何数据');
  });

  it('rejects other file types with a clear message', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    const body = multipart({ _csrf: csrf }, { name: 'file', filename: 'h.xls', content: 'x' });
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/admin/households/import',
      headers: { cookie, 'x-csrf-token': csrf, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: string }).error).toContain('.xlsx');
  });
});
