import { afterEach, describe, expect, it } from 'vitest';
import type { NewApplication } from '../../src/ledger/application-service.js';
import type { Application } from '../../src/model/application.js';
import type { AuditEntry } from '../../src/model/audit.js';
import type { TestApp } from '../helpers/test-app.js';
import { adminApp, login, type Session } from './helpers.js';
import { api, cadre, postForm } from './ledger-fixtures.js';

// Friday 2026-11-27, 10:00 in China.
const NOW = new Date('2026-11-27T02:00:00Z');

let app: TestApp;
afterEach(async () => app?.dispose());

function apply(overrides: Partial<NewApplication> = {}, at = NOW): Promise<Application> {
  return app.applications.create(
    {
      event: '生病住院',
      eventDate: '2026-11-20',
      cost: 20000,
      help: '住院花了很多钱，希望申请救助',
      householdId: 'H0001',
      township: '茅坪乡',
      village: '神山村',
      consent: true,
      reporter: { channel: 'web', userId: 'fam-1' },
      ...overrides,
    },
    at,
  );
}

async function setup(): Promise<{ home: Application; late: Application; guest: Application; session: Session }> {
  app = await adminApp({ now: () => NOW });
  await cadre(app, 'C1', '刘帮扶', ['神山村']);
  await app.store.bindings.bind({ id: 'web:cad', kind: 'cadre', targetId: 'C1', boundAt: NOW.toISOString() });
  const home = await apply();
  const late = await apply({ householdId: 'H0002', village: '坝上村', event: '自然灾害' }, new Date('2026-11-20T02:00:00Z'));
  const guest = await apply({
    householdId: undefined,
    applicant: { name: '王秀英', township: '黄坳乡', village: '长富桥村', phone: '13800005678' },
    township: '黄坳乡',
    village: '长富桥村',
    reporter: { channel: 'web', userId: 'guest-1' },
  });
  return { home, late, guest, session: await login(app) };
}

const inbox = async (user: string) =>
  ((await app.server.inject({ url: `/api/chat/messages?userId=${user}` })).json().messages as { text: string }[])
    .map((m) => m.text)
    .join('\n');

describe('application list API', () => {
  it('filters by status and overdue (missed home-check or decision deadline), with masked phones and no chat identity', async () => {
    const { home, late, guest, session } = await setup();
    const list = async (query: string) => (await api(app, session, `/api/admin/applications${query}`)).json();
    const all = await list('');
    expect(all.total).toBe(3);
    expect(all.items.every((i: object) => !('reporter' in i))).toBe(true);
    expect((await list('?overdue=1')).items.map((i: Application) => i.id)).toEqual([late.id]);
    expect((await list('?overdue=0')).total).toBe(2);
    const lateItem = (await list('?overdue=1')).items[0];
    expect(lateItem).toMatchObject({ status: 'submitted', checkDeadline: '2026-11-24', deadline: '2026-11-24', overdue: true });
    await app.applications.transition(guest.id, { to: 'declined', note: '收入稳定' }, '李科长', NOW);
    expect((await list('?status=declined')).items.map((i: Application) => i.id)).toEqual([guest.id]);
    const slow = await apply({ householdId: 'H0003' }, new Date('2026-11-01T02:00:00Z'));
    await app.applications.transition(
      slow.id,
      { to: 'checking', note: '', assignee: '村支书' },
      '李科长',
      new Date('2026-11-02T02:00:00Z'),
    );
    const missedDecision = (await list('?overdue=true&status=checking')).items;
    expect(missedDecision).toMatchObject([{ id: slow.id, decisionDeadline: '2026-11-16', deadline: '2026-11-16', overdue: true }]);
    const byId = Object.fromEntries(all.items.map((i: { id: string }) => [i.id, i]));
    expect(byId[guest.id]).toMatchObject({ applicantName: '王秀英', phoneMasked: '138****5678' });
    expect(byId[home.id]).toMatchObject({ applicantName: '张三', phoneMasked: '139****5678', householdId: 'H0001' });
    const bad = await api(app, session, '/api/admin/applications?status=approved');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('status 只能是：submitted、checking');
  });

  it('exports with masked phones only', async () => {
    const { session } = await setup();
    const csv = (await api(app, session, '/api/admin/applications?format=csv')).body;
    expect(csv.split('\r\n')[0]).toContain('查询码,状态,困难类型');
    expect(csv).toContain('138****5678');
    expect(csv).not.toContain('13800005678');
    expect(csv).not.toContain('guest-1');
  });
});

describe('application transitions', () => {
  it('runs the path: home check by the household cadre → review → monitored (registry updated) → resolved', async () => {
    const { home, session } = await setup();
    const detail = (await api(app, session, `/api/admin/applications/${home.id}`)).json();
    expect(detail).toMatchObject({
      defaultAssignee: 'cadre:C1',
      nextStatuses: ['checking', 'declined'],
      help: '住院花了很多钱，希望申请救助',
    });
    const move = (body: object) => api(app, session, `/api/admin/applications/${home.id}/transition`, body);

    const checking = await move({ to: 'checking', note: '' });
    expect(checking.statusCode).toBe(200);
    expect(checking.json()).toMatchObject({ status: 'checking', assignee: 'cadre:C1', assigneeName: '刘帮扶（帮扶责任人）' });
    expect(await inbox('cad')).toContain('新的困难申报需要入户核查');
    expect(await inbox('fam-1')).toContain('上门核实');

    expect((await move({ to: 'reviewing', note: '情况属实' })).statusCode).toBe(200);
    const missing = await move({ to: 'monitored', note: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toBe('纳入监测必须选择类型：脱贫不稳定户、边缘易致贫户、突发严重困难户。');
    const wrongType = await move({ to: 'monitored', note: '', monitorType: '困难户' });
    expect(wrongType.json().error).toContain('监测类型只能是：脱贫不稳定户');
    const monitored = await move({ to: 'monitored', note: '评议通过', monitorType: '突发严重困难户' });
    expect(monitored.statusCode).toBe(200);
    expect(monitored.json()).toMatchObject({ status: 'monitored', monitorType: '突发严重困难户', nextStatuses: ['resolved'] });
    expect(app.store.households.get('H0001')).toMatchObject({
      status: '监测对象',
      monitorType: '突发严重困难户',
      monitorSince: '2026-11-27',
    });
    expect(await inbox('fam-1')).toContain('已纳入防返贫监测');
    expect((await move({ to: 'resolved', note: '已就业' })).json().status).toBe('resolved');

    const { items } = (await api(app, session, '/api/admin/audit?action=application&pageSize=100')).json() as { items: AuditEntry[] };
    expect(
      items
        .filter((e) => e.action === 'application.transition')
        .map((e) => e.detail)
        .sort(),
    ).toEqual(['已申报 → 入户核查', '入户核查 → 评议公示', '评议公示 → 纳入监测（突发严重困难户）', '纳入监测 → 风险消除'].sort());
    expect(items.some((e) => e.action === 'application.view' && e.target === `application:${home.id}`)).toBe(true);
  });

  it.each([
    [{ to: 'monitored', note: '' }, '不能从「已申报」改为「纳入监测」；可以改为：入户核查(checking)、不予纳入(declined)。'],
    [{ to: 'declined', note: '' }, '不予纳入必须写明理由。'],
    [{ to: 'approved', note: '' }, '请选择要改为的状态 to：submitted（已申报）'],
  ])('answers 400 for %j', async (body, message) => {
    const { home, session } = await setup();
    const res = await api(app, session, `/api/admin/applications/${home.id}/transition`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toContain(message);
  });

  it('needs a named checker when the applicant has no registered cadre', async () => {
    const { guest, session } = await setup();
    const res = await api(app, session, `/api/admin/applications/${guest.id}/transition`, { to: 'checking', note: '' });
    expect(res.json().error).toBe('入户核查必须指定核查的帮扶干部或责任人。');
    const named = await api(app, session, `/api/admin/applications/${guest.id}/transition`, {
      to: 'checking',
      note: '',
      assignee: '村支书',
    });
    expect(named.json()).toMatchObject({ status: 'checking', assignee: '村支书', assigneeName: '村支书' });
    expect((await api(app, session, '/api/admin/applications/nope')).statusCode).toBe(404);
  });
});

describe('application pages', () => {
  it('list with the overdue badge, and a detail with the forms each next status needs', async () => {
    const { home, late, session } = await setup();
    const list = await api(app, session, '/admin/applications');
    const rowOf = (code: string) => list.body.split('<tr>').find((row) => row.includes(code)) ?? '';
    expect(rowOf(late.trackingCode)).toContain('class="tag overdue"');
    expect(rowOf(home.trackingCode)).not.toContain('class="tag overdue"');
    const page = await api(app, session, `/admin/applications/${home.id}`);
    expect(page.body).toContain('<option value="cadre:C1" selected>刘帮扶（县农业农村局）</option>');
    expect(page.body).toMatch(/id="to-declined"[\s\S]*<textarea name="note" maxlength="1000" required>/);
    expect(page.body).not.toContain('id="to-monitored"');
  });

  it('move an application by form: another checker, then 纳入监测 with its type', async () => {
    const { home, session } = await setup();
    const url = `/admin/applications/${home.id}/transition`;
    const checked = await postForm(app, session, url, {
      _csrf: session.csrf,
      to: 'checking',
      assignee: 'cadre:C1',
      assigneeOther: '村支书',
      note: '',
    });
    expect(checked.statusCode).toBe(303);
    expect(app.store.applications.get(home.id)?.assignee).toBe('村支书');
    await postForm(app, session, url, { _csrf: session.csrf, to: 'reviewing', note: '' });
    const page = await api(app, session, `/admin/applications/${home.id}`);
    expect(page.body).toContain('<select name="monitorType" id="monitorType">');
    const refused = await postForm(app, session, url, { _csrf: session.csrf, to: 'monitored', monitorType: '', note: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('纳入监测必须选择类型');
    const done = await postForm(app, session, url, { _csrf: session.csrf, to: 'monitored', monitorType: '边缘易致贫户', note: '' });
    expect(done.statusCode).toBe(303);
    expect(app.store.households.get('H0001')?.monitorType).toBe('边缘易致贫户');
  });
});
