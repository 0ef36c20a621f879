import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';
import { textOf } from '../helpers/test-app.js';
import { adminApp, login, type Session } from './helpers.js';
import { api, cadre, reportByChat, visit } from './ledger-fixtures.js';

// Friday 10:00 in China, so "11月20日" in the hardship form is a date in the past.
const NOW = new Date('2026-11-27T02:00:00Z');
const ANONYMOUS = 'anon-reporter-7f3a9c';
const ANONYMOUS_SENSITIVE = 'anon-reporter-2b8d41';
const NAMED = 'named-reporter-5c1e07';
const APPLICANT = 'applicant-9d2f33';
const USER_IDS = [ANONYMOUS, ANONYMOUS_SENSITIVE, NAMED, APPLICANT];
const NAMED_PHONE = '13800001234';
const APPLICANT_PHONE = '13800005678';

let app: TestApp;
let session: Session;
const codes: Record<string, string> = {};

async function xlsxText(payload: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(payload as unknown as ArrayBuffer);
  const rows: string[] = [];
  book.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).join('|')));
  return rows.join('\n');
}

beforeAll(async () => {
  app = await adminApp({ now: () => NOW });
  codes.anonymous = await reportByChat(app, ANONYMOUS, [
    '1',
    '茅坪乡',
    '神山村',
    '三月份的产业奖补到现在都没有发',
    '跳过',
    '匿名',
    '确认提交',
  ]);
  codes.sensitive = await reportByChat(app, ANONYMOUS_SENSITIVE, [
    '4',
    '茅坪乡',
    '神山村',
    '帮扶干部一年没来过我家，登记的走访都是假的',
    '李干部',
    '匿名',
    '1',
  ]);
  codes.named = await reportByChat(app, NAMED, [
    '2',
    '茅坪乡',
    '神山村',
    '我家条件很差却没有被识别为贫困户',
    '跳过',
    '实名',
    NAMED_PHONE,
    '1',
  ]);
  await app.chat(APPLICANT, '申请帮扶');
  for (const t of ['1', '11月20日', '两万元左右', '住院花了很多钱，希望申请救助', '茅坪乡', '神山村', '王秀英', APPLICANT_PHONE, '同意'])
    await app.chat(APPLICANT, t);
  codes.application = /查询码是：([A-Z0-9]{8})/.exec(textOf(await app.chat(APPLICANT, '1')))?.[1] ?? '';
  await cadre(app, 'C1', '刘帮扶', ['神山村']);
  await visit(app, { id: 'V1', cadreId: 'C1', householdId: 'H0001', village: '神山村', date: '2026-11-20' });
  session = await login(app);
});
afterAll(async () => app?.dispose());

describe("a reporter's chat identity", () => {
  it('was stored for the notifications (so the scan below means something)', async () => {
    expect(Object.values(codes).every((c) => /^[A-Z0-9]{8}$/.test(c))).toBe(true);
    const anonymous = await app.store.complaints.byTrackingCode(codes.anonymous as string);
    expect(anonymous?.replyTo).toMatchObject({ channel: 'web', tag: expect.any(String), sealed: expect.stringMatching(/^v1\./) });
    expect(JSON.stringify(anonymous)).not.toContain(ANONYMOUS);
    expect(await app.store.complaints.byTrackingCode(codes.sensitive as string)).toMatchObject({ anonymous: true, sensitive: true });
    expect((await app.store.applications.byTrackingCode(codes.application as string))?.reporter?.userId).toBe(APPLICANT);
  });

  it('appears in no API response, page or export, even after staff worked the items', async () => {
    const complaintIds = (await app.store.complaints.list({})).map((c) => c.id);
    const applicationId = (await app.store.applications.byTrackingCode(codes.application as string))?.id as string;
    const bodies: [string, string][] = [];
    const get = async (url: string) => {
      const res = await api(app, session, url);
      expect(res.statusCode, url).toBe(200);
      bodies.push([url, url.includes('format=xlsx') ? await xlsxText(res.rawPayload) : res.body]);
    };
    const post = async (url: string, payload: object) => {
      const res = await api(app, session, url, payload);
      expect(res.statusCode, `${url} ${res.body}`).toBe(200);
      bodies.push([url, res.body]);
    };
    for (const id of complaintIds)
      await post(`/api/admin/complaints/${id}/transition`, { to: 'accepted', note: '', assignee: '县纪委监委' });
    await post(`/api/admin/applications/${applicationId}/transition`, { to: 'checking', note: '', assignee: '村支书' });
    for (const list of ['/api/admin/complaints', '/api/admin/applications', '/api/admin/visits']) {
      await get(list);
      await get(`${list}?format=csv`);
      await get(`${list}?format=xlsx`);
    }
    for (const id of complaintIds) {
      await get(`/api/admin/complaints/${id}`);
      await get(`/admin/complaints/${id}`);
    }
    for (const url of [
      `/api/admin/applications/${applicationId}`,
      `/admin/applications/${applicationId}`,
      '/admin/complaints',
      '/admin/applications',
      '/admin/visits',
      '/admin/visits/V1',
      '/api/admin/visits/V1',
      '/admin/coverage',
      '/api/admin/coverage',
      '/admin/overview',
      '/api/admin/overview',
      '/api/admin/audit?pageSize=100',
      '/admin/audit',
      '/api/admin/households/H0001',
      '/admin/households/H0001',
    ])
      await get(url);
    const leaks = bodies.flatMap(([url, body]) => USER_IDS.filter((id) => body.includes(id)).map((id) => `${id} in ${url}`));
    expect(leaks).toEqual([]);
    const all = bodies.map(([, body]) => body).join('\n');
    expect(all).not.toContain('"reporter"');
    expect(all).not.toMatch(/replyTo|excludedAssignees|"tag"|"sealed"/);
    expect(all).not.toContain(NAMED_PHONE);
    expect(all).not.toContain(APPLICANT_PHONE);
    expect(all).toContain('138****1234');
    expect(all).toContain('138****5678');
  });

  it('gives anonymous complaints no phone field at all, and named ones only a masked phone', async () => {
    const detail = async (code: string) => {
      const id = (await app.store.complaints.byTrackingCode(code))?.id as string;
      return (await api(app, session, `/api/admin/complaints/${id}`)).json() as Record<string, unknown>;
    };
    const anonymous = await detail(codes.anonymous as string);
    expect(anonymous.anonymous).toBe(true);
    expect(Object.keys(anonymous).filter((k) => /phone|reporter/i.test(k))).toEqual([]);
    expect(await detail(codes.named as string)).toMatchObject({ anonymous: false, phoneMasked: '138****1234' });
    const csv = (await api(app, session, '/api/admin/complaints?format=csv')).body;
    const header = csv.split('\r\n')[0] ?? '';
    expect(header).toContain('联系电话（脱敏）');
    expect(header).not.toMatch(/反映人账号|reporter|userId/i);
    const anonymousRow = csv.split('\r\n').find((line) => line.startsWith(codes.anonymous as string)) ?? '';
    expect(anonymousRow).toContain(',匿名,,');
  });
});
