import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';
import { adminApp, login, loginAs, type Session } from './helpers.js';
import { api, cadre, visit } from './ledger-fixtures.js';

const NOW = new Date('2025-03-20T02:00:00Z');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

let app: TestApp;
let session: Session;
let photo: string;

beforeAll(async () => {
  app = await adminApp({ now: () => NOW });
  await cadre(app, 'C1', '刘帮扶', ['神山村']);
  await cadre(app, 'C2', '陈帮扶', ['坝上村'], ['H0003']);
  const uploads = join(app.dataDir, 'uploads', 'telegram', '12345');
  await mkdir(uploads, { recursive: true });
  photo = join(uploads, '2025-03-15-photo.jpg');
  await writeFile(photo, JPEG);
  await writeFile(join(app.dataDir, 'secret.jpg'), 'not for the web');
  await writeFile(join(uploads, 'page.html'), '<script>alert(1)</script>');
  await symlink(join(app.dataDir, 'secret.jpg'), join(uploads, 'link.jpg'));

  await visit(
    app,
    { id: 'V1', cadreId: 'C1', householdId: 'H0001', village: '神山村', date: '2025-03-01', income: 8200 },
    { housing: '屋顶漏雨' },
  );
  await visit(app, { id: 'V2', cadreId: 'C1', householdId: 'H0001', village: '神山村', date: '2025-01-10' });
  await visit(app, {
    id: 'V3',
    cadreId: 'C2',
    householdId: 'H0002',
    village: '坝上村',
    date: '2025-03-15',
    attachments: [
      { kind: 'image', path: photo, mime: 'image/jpeg' },
      { kind: 'location', lat: 26.5712, lng: 114.1234, label: '李四家门口' },
    ],
  });
  await visit(app, { id: 'V4', cadreId: 'C2', householdId: 'H0003', village: '长富桥村', date: '2024-12-01' });
  const attached = (id: string, path: string) =>
    visit(app, {
      id,
      cadreId: 'C2',
      householdId: 'H0003',
      village: '长富桥村',
      date: '2024-11-01',
      attachments: [{ kind: 'image', path }],
    });
  await attached('V-dotdot', join(app.dataDir, 'uploads', '..', 'secret.jpg'));
  await attached('V-absolute', '/etc/passwd');
  await attached('V-link', join(uploads, 'link.jpg'));
  await attached('V-html', join(uploads, 'page.html'));
  await attached('V-missing', join(uploads, 'gone.jpg'));
  session = await login(app);
});
afterAll(async () => app?.dispose());

type Item = { id: string; date: string; cadreId: string; cadreName: string; householdId: string; village: string; problemCount: number };
const ids = async (query: string) => {
  const res = await api(app, session, `/api/admin/visits${query}`);
  expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
  return (res.json() as { items: Item[] }).items.map((v) => v.id).filter((id) => id.startsWith('V') && !id.includes('-'));
};

describe('visit list API', () => {
  it('filters by cadre, village, date range and problems, newest first, with dates as YYYY-MM-DD', async () => {
    expect(await ids('')).toEqual(['V3', 'V1', 'V2', 'V4']);
    expect(await ids('?cadreId=C1')).toEqual(['V1', 'V2']);
    expect(await ids('?village=坝上村')).toEqual(['V3']);
    expect(await ids('?from=2025-02-01')).toEqual(['V3', 'V1']);
    expect(await ids('?to=2025-01-31')).toEqual(['V2', 'V4']);
    expect(await ids('?from=2025-01-01&to=2025-03-01')).toEqual(['V1', 'V2']);
    expect(await ids('?hasProblems=1')).toEqual(['V1']);
    expect(await ids('?hasProblems=false&cadreId=C1')).toEqual(['V2']);
    const first = ((await api(app, session, '/api/admin/visits?cadreId=C1')).json() as { items: Item[] }).items[0];
    expect(first).toMatchObject({
      id: 'V1',
      date: '2025-03-01',
      cadreId: 'C1',
      cadreName: '刘帮扶',
      householdId: 'H0001',
      village: '神山村',
      problemCount: 1,
    });
  });

  it.each([
    ['?from=2025-03-01&to=2025-02-01', '开始日期不能晚于结束日期'],
    ['?from=20250301', 'from（开始日期） 的格式应为 YYYY-MM-DD'],
    ['?hasProblems=maybe', 'hasProblems 只能是 1 或 0'],
  ])('refuses %s with a clear message', async (query, message) => {
    const res = await api(app, session, `/api/admin/visits${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toContain(message);
  });

  it('gives one visit in full: checklist with reasons, income, measures, photo URL (never its path) and location', async () => {
    const v1 = (await api(app, session, '/api/admin/visits/V1')).json();
    expect(v1.checklist).toHaveLength(6);
    expect(v1.checklist.find((c: { key: string }) => c.key === 'housing')).toEqual({
      key: 'housing',
      label: '住房安全有保障',
      ok: false,
      reason: '屋顶漏雨',
    });
    expect(v1).toMatchObject({ income: 8200, measures: '落实产业奖补', nextVisit: '2025-04-01' });
    const v3 = await api(app, session, '/api/admin/visits/V3');
    expect(v3.json().attachments).toEqual([
      { kind: 'image', url: '/admin/visits/V3/attachments/0' },
      { kind: 'location', lat: 26.5712, lng: 114.1234, label: '李四家门口' },
    ]);
    expect(v3.body).not.toContain('uploads');
    expect(v3.body).not.toContain('12345');
    expect((await api(app, session, '/api/admin/visits/nope')).statusCode).toBe(404);
  });

  it('exports the filtered visits with the checklist spelled out', async () => {
    const csv = (await api(app, session, '/api/admin/visits?cadreId=C1&format=csv')).body;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      '走访日期,帮扶责任人,户编号,户主,村,吃不愁,穿不愁,义务教育有保障,基本医疗有保障,住房安全有保障,饮水安全有保障,不达标项数,人均纯收入（元）,其他问题,帮扶措施,下次走访,补登原因,照片数',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('2025-03-01,刘帮扶,H0001,张三,神山村,达标,达标,达标,达标,不达标：屋顶漏雨,达标,1,8200');
  });
});

describe('visit pages', () => {
  it('list the visits with filters and show one with its photo and location', async () => {
    const list = await api(app, session, '/admin/visits?village=坝上村');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/admin/visits/V3"');
    expect(list.body).not.toContain('href="/admin/visits/V1"');
    const detail = await api(app, session, '/admin/visits/V3');
    expect(detail.body).toContain('<img src="/admin/visits/V3/attachments/0"');
    expect(detail.body).toContain('纬度 26.571200，经度 114.123400（李四家门口）');
    const v1 = await api(app, session, '/admin/visits/V1');
    expect(v1.body).toContain('屋顶漏雨');
  });
});

describe('visit photos', () => {
  it('are served to signed-in staff from under DATA_DIR/uploads', async () => {
    const res = await api(app, session, '/admin/visits/V3/attachments/0');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.rawPayload).toEqual(JPEG);
  });

  it.each([
    ['V3', '1', 404],
    ['V3', '9', 404],
    ['V3', '%2E%2E', 404],
    ['V-dotdot', '0', 404],
    ['V-absolute', '0', 404],
    ['V-link', '0', 404],
    ['V-missing', '0', 404],
    ['V-html', '0', 415],
  ])('refuse %s attachment %s (no path traversal, links out or non-images)', async (id, n, status) => {
    const res = await api(app, session, `/admin/visits/${id}/attachments/${n}`);
    expect(res.statusCode).toBe(status);
    expect(res.body).not.toContain('not for the web');
    expect(res.body).not.toContain('root:');
    expect(res.body).not.toContain('alert(1)');
  });

  it('need a session and a role that may see visits', async () => {
    const anonymous = await app.server.inject({ url: '/admin/visits/V3/attachments/0' });
    expect(anonymous.statusCode).toBe(303);
    const viewer = await loginAs(app, 'viewer');
    expect((await api(app, viewer, '/admin/visits/V3/attachments/0')).statusCode).toBe(403);
    expect((await api(app, viewer, '/api/admin/visits')).statusCode).toBe(403);
    expect((await api(app, viewer, '/api/admin/coverage')).statusCode).toBe(403);
  });
});

describe('coverage', () => {
  it('counts households visited within N days per village and per cadre, with the overdue ones', async () => {
    const res = await api(app, session, '/api/admin/coverage?days=30');
    expect(res.statusCode).toBe(200);
    const data = res.json();
    expect(data.days).toBe(30);
    expect(data.byVillage).toEqual([
      { key: '黄坳乡/长富桥村', name: '黄坳乡长富桥村', assigned: 1, visited: 0, rate: 0, overdue: ['H0003'] },
      { key: '茅坪乡/坝上村', name: '茅坪乡坝上村', assigned: 1, visited: 1, rate: 1, overdue: [] },
      { key: '茅坪乡/神山村', name: '茅坪乡神山村', assigned: 1, visited: 1, rate: 1, overdue: [] },
    ]);
    expect(data.byCadre).toEqual([
      { key: 'C2', name: '陈帮扶', assigned: 2, visited: 1, rate: 0.5, overdue: ['H0003'] },
      { key: 'C1', name: '刘帮扶', assigned: 1, visited: 1, rate: 1, overdue: [] },
    ]);
    const ten = (await api(app, session, '/api/admin/coverage?days=10')).json();
    expect(ten.byCadre.find((r: { key: string }) => r.key === 'C1')).toMatchObject({ visited: 0, overdue: ['H0001'] });
    expect((await api(app, session, '/api/admin/coverage')).json().days).toBe(30);
    const bad = await api(app, session, '/api/admin/coverage?days=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('days 应是 1–365 的整数');
  });

  it('shows rates and the overdue households on /admin/coverage', async () => {
    const page = await api(app, session, '/admin/coverage?days=30');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<span class="rate low">50%</span>');
    expect(page.body).toContain('href="/admin/households/H0003">H0003 王五</a>');
    expect(page.body).toContain('value="30"');
  });
});
