import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';
import { adminApp, login, loginAs, type Session } from './helpers.js';
import { api, cadre, complaint, visit } from './ledger-fixtures.js';

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

/** A dashboard with one of everything: a complaint and an application moved on, a cadre with a pending code, a visit, staff. */
async function everything(): Promise<{ session: Session; complaintId: string; applicationId: string }> {
  app = await adminApp({ now: () => NOON });
  const c = await complaint(app, { description: '产业奖补没有发到户，已经三个月了' }, NOON);
  await app.complaints.transition(c.id, { to: 'accepted', note: '', assignee: '茅坪乡人民政府' }, '李科长', NOON);
  const a = await app.applications.create(
    {
      event: '生病住院',
      eventDate: '2026-11-20',
      help: '医疗救助',
      householdId: 'H0001',
      township: '茅坪乡',
      village: '神山村',
      consent: true,
    },
    NOON,
  );
  await app.applications.transition(a.id, { to: 'checking', note: '' }, '李科长', NOON);
  await cadre(app, 'C1', '刘帮扶', ['神山村']);
  await visit(app, { id: 'V1', cadreId: 'C1', householdId: 'H0001', village: '神山村', date: '2026-11-28' });
  await loginAs(app, 'reviewer');
  const session = await login(app);
  await api(app, session, '/api/admin/cadres', { name: '胡干部', phone: '13800138000', villages: '坝上村' });
  return { session, complaintId: c.id, applicationId: a.id };
}

describe('no UTC timestamps anywhere people read', () => {
  const EXPORTS = ['households', 'cadres', 'staff', 'audit', 'complaints', 'applications', 'visits'];

  it.each(EXPORTS)('the %s export (CSV and XLSX)', async (name) => {
    const { session } = await everything();
    const csv = await api(app, session, `/api/admin/${name}?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n').length).toBeGreaterThan(2);
    expect(csv.body).not.toMatch(UTC_TIMESTAMP);
    const xlsx = await api(app, session, `/api/admin/${name}?format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.worksheets[0]?.eachRow((row) => cells.push((row.values as unknown[]).join('|')));
    expect(cells.join('\n')).not.toMatch(UTC_TIMESTAMP);
  });

  it('every dashboard page', async () => {
    const { session, complaintId, applicationId } = await everything();
    const pages = [
      '/admin/overview',
      '/admin/households',
      '/admin/households/H0001',
      '/admin/cadres',
      '/admin/staff',
      '/admin/audit',
      '/admin/complaints',
      `/admin/complaints/${complaintId}`,
      '/admin/applications',
      `/admin/applications/${applicationId}`,
      '/admin/visits',
      '/admin/visits/V1',
      '/admin/coverage',
      '/admin/account',
      '/admin/households/import',
    ];
    for (const url of pages) {
      const page = await api(app, session, url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toMatch(UTC_TIMESTAMP);
    }
    expect((await api(app, session, '/admin/audit')).body).toContain('2026-11-30 12:00');
  });
});
