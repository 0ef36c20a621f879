import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';
import { adminApp, login } from './helpers.js';
import { complaint } from './ledger-fixtures.js';

const NOON = new Date('2026-11-30T04:00:25.585Z'); // 12:00 on 30 November in China
const PAST_MIDNIGHT = new Date('2026-11-29T16:30:00Z'); // 00:30 on 30 November in China, 29 November in UTC
const UTC_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

let app: TestApp;
afterEach(async () => app?.dispose());

describe('export times', () => {
  it('CSV and XLSX show timestamps as China time to the minute, and the file is named by the China date', async () => {
    app = await adminApp({ now: () => PAST_MIDNIGHT });
    const { cookie } = await login(app);
    await complaint(app, { description: '中午登记的问题，产业奖补没有发' }, NOON);
    await complaint(app, { description: '半夜登记的问题，产业奖补没有发' }, PAST_MIDNIGHT);

    const csv = await app.server.inject({ url: '/api/admin/complaints?format=csv', headers: { cookie } });
    expect(csv.headers['content-disposition']).toContain('complaints-2026-11-30.csv');
    const lines = csv.body.split('\r\n');
    expect(lines.find((line) => line.includes('中午登记'))).toContain('2026-11-30 12:00');
    expect(lines.find((line) => line.includes('半夜登记'))).toContain('2026-11-30 00:30');
    expect(csv.body).not.toMatch(UTC_TIMESTAMP);

    const xlsx = await app.server.inject({ url: '/api/admin/complaints?format=xlsx', headers: { cookie } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows: string[] = [];
    book.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).join('|')));
    expect(rows.find((line) => line.includes('中午登记'))).toContain('2026-11-30 12:00');
    expect(rows.find((line) => line.includes('半夜登记'))).toContain('2026-11-30 00:30');
    expect(rows.join('\n')).not.toMatch(UTC_TIMESTAMP);
  });

  it('the audit export shows China time too', async () => {
    app = await adminApp({ now: () => PAST_MIDNIGHT });
    const { cookie } = await login(app);
    const res = await app.server.inject({ url: '/api/admin/audit?format=csv', headers: { cookie } });
    expect(res.body).toContain('2026-11-30 00:30');
    expect(res.body).not.toMatch(UTC_TIMESTAMP);
  });
});
