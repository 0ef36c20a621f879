import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/model/audit.js';
import type { TestApp } from '../helpers/test-app.js';
import { adminApp, login } from './helpers.js';
import { api, complaint, postForm } from './ledger-fixtures.js';

// Thursday 2025-03-20, 10:00 in China; complaints are created and moved on earlier, by the service, with their own dates.
const NOW = new Date('2025-03-20T02:00:00Z');
const EARLIER = new Date('2025-03-05T02:00:00Z');

let app: TestApp;
afterEach(async () => app?.dispose());

type Item = Record<string, unknown> & { id: string; trackingCode: string };
type List = { items: Item[]; total: number };

async function ledger() {
  app = await adminApp({ now: () => NOW });
  const registered = await complaint(app, { township: '茅坪乡' }, EARLIER);
  const late = await complaint(app, { category: '贫困识别不准', township: '黄坳乡', village: '长富桥村' }, EARLIER);
  const onTime = await complaint(app, { category: '政策没有落实' }, EARLIER);
  const closed = await complaint(app, {}, EARLIER);
  const move = (id: string, to: string, extra: object = {}) =>
    app.complaints.transition(id, { to: to as 'accepted', note: '', ...extra }, '李科长', EARLIER);
  await move(late.id, 'accepted', { assignee: '黄坳乡政府', deadline: '2025-03-12' });
  await move(onTime.id, 'accepted', { assignee: '茅坪乡政府', deadline: '2025-04-30' });
  await move(closed.id, 'accepted', { assignee: '茅坪乡政府', deadline: '2025-03-10' });
  for (const to of ['rectifying', 'verifying', 'closed']) await move(closed.id, to, { note: '已补发' });
  await move(closed.id, 'rectifying', { note: '群众不满意：只补了一半' });
  await move(closed.id, 'verifying');
  await move(closed.id, 'closed', { note: '已全部补发' });
  return { registered, late, onTime, closed, session: await login(app) };
}

const codes = (list: List) => list.items.map((i) => i.trackingCode).sort();

describe('complaint list API', () => {
  it('filters by status, category, township and overdue against the app clock', async () => {
    const { registered, late, onTime, closed, session } = await ledger();
    const list = async (query: string) => {
      const res = await api(app, session, `/api/admin/complaints${query}`);
      expect(res.statusCode, query).toBe(200);
      return res.json() as List;
    };
    const all = await list('');
    expect(all.total).toBe(4);
    for (const item of all.items) {
      expect(Object.keys(item)).toEqual(
        expect.arrayContaining(['id', 'trackingCode', 'category', 'status', 'township', 'village', 'createdAt', 'deadline', 'overdue']),
      );
    }
    expect(all.items.find((i) => i.id === registered.id)).toMatchObject({ deadline: null, assignee: null, overdue: false });
    expect(all.items.every((i) => !('reporter' in i))).toBe(true);
    expect(codes(await list('?status=accepted'))).toEqual([late.trackingCode, onTime.trackingCode].sort());
    expect(codes(await list('?category=贫困识别不准'))).toEqual([late.trackingCode]);
    expect(codes(await list('?township=黄坳乡'))).toEqual([late.trackingCode]);
    expect(codes(await list('?overdue=1'))).toEqual([late.trackingCode]);
    expect(codes(await list('?overdue=true'))).toEqual([late.trackingCode]);
    expect(codes(await list('?overdue=0'))).toEqual([registered.trackingCode, onTime.trackingCode, closed.trackingCode].sort());
    expect(codes(await list('?status=accepted&township=茅坪乡'))).toEqual([onTime.trackingCode]);
    expect(codes(await list(`?q=${late.trackingCode.toLowerCase()}`))).toEqual([late.trackingCode]);
    const item = (await list('?overdue=1')).items[0];
    expect(item).toMatchObject({ status: 'accepted', statusName: '已受理', deadline: '2025-03-12', overdue: true, assignee: '黄坳乡政府' });
    expect((await list(`?q=${closed.trackingCode}`)).items[0]).toMatchObject({ status: 'closed', reopenCount: 1, overdue: false });
  });

  it('refuses an unknown status or overdue value with a message naming the choices', async () => {
    const { session } = await ledger();
    const bad = await api(app, session, '/api/admin/complaints?status=done');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('status 只能是：registered、accepted');
    expect((await api(app, session, '/api/admin/complaints?overdue=maybe')).json().error).toContain('overdue 只能是 1 或 0');
  });

  it('shows the overdue badge, the reopened marker, pages and export links on /admin/complaints', async () => {
    const { late, closed, session } = await ledger();
    const page = await api(app, session, '/admin/complaints');
    expect(page.statusCode).toBe(200);
    const rowOf = (code: string) => page.body.split('<tr>').find((row) => row.includes(code)) ?? '';
    expect(rowOf(late.trackingCode)).toContain('class="tag overdue"');
    expect(rowOf(closed.trackingCode)).toContain('重新整改 ×1');
    expect(rowOf(closed.trackingCode)).not.toContain('class="tag overdue"');
    const paged = await api(app, session, '/admin/complaints?pageSize=3&status=');
    expect(paged.body).toContain('第 1 / 2 页，共 4 条');
    const filtered = await api(app, session, '/admin/complaints?overdue=true');
    expect(filtered.body).toContain('<option value="true" selected>');
    expect(filtered.body).toContain('href="/api/admin/complaints?overdue=true&amp;format=xlsx"');
  });
});

describe('complaint transitions through the API', () => {
  it('moves a complaint from 已登记 to 已办结, records each step and tells the reporter', async () => {
    app = await adminApp({ now: () => NOW });
    const c = await complaint(app, { from: { channel: 'web', userId: 'reporter-1' } });
    const session = await login(app);
    const steps = [
      { to: 'accepted', note: '请核查发放名单', assignee: '茅坪乡政府', deadline: '2025-04-03' },
      { to: 'rectifying', note: '已核查，正在补发' },
      { to: 'verifying', note: '' },
      { to: 'closed', note: '已补发1000元' },
    ];
    for (const step of steps) {
      const res = await api(app, session, `/api/admin/complaints/${c.id}/transition`, step);
      expect(res.statusCode, step.to).toBe(200);
      expect(res.json()).toMatchObject({ id: c.id, status: step.to });
    }
    const detail = (await api(app, session, `/api/admin/complaints/${c.id}`)).json();
    expect(detail).toMatchObject({ status: 'closed', assignee: '茅坪乡政府', deadline: '2025-04-03', nextStatuses: ['rectifying'] });
    expect(detail.history).toHaveLength(5);
    expect(detail.history[1]).toEqual({ at: NOW.toISOString(), by: 'admin', from: 'registered', to: 'accepted', note: '请核查发放名单' });
    expect(detail.history.map((e: { to: string }) => e.to)).toEqual(['registered', 'accepted', 'rectifying', 'verifying', 'closed']);
    expect((await app.store.outbox.counts()).pending).toBe(4);
  });

  it.each([
    [{ to: 'closed', note: '' }, '不能从「已登记」改为「已办结」；可以改为：已受理(accepted)、不予受理(rejected)。'],
    [{ to: 'accepted', note: '' }, '受理时必须指定承办单位或责任人。'],
    [{ to: 'rejected', note: '  ' }, '不予受理必须写明理由。'],
    [{ to: 'accepted', note: '', assignee: '茅坪乡政府', deadline: '2025/04/01' }, '办结期限的格式应为 YYYY-MM-DD。'],
    [{ to: 'accepted', note: '', assignee: '茅坪乡政府', deadline: '2025-03-19' }, '办结期限不能早于今天。'],
    [{ to: 'done', note: '' }, '请选择要改为的状态 to：registered（已登记）'],
    [{}, '请选择要改为的状态 to'],
  ])('answers 400 with a clear message for %j', async (body, message) => {
    app = await adminApp({ now: () => NOW });
    const c = await complaint(app);
    const session = await login(app);
    const res = await api(app, session, `/api/admin/complaints/${c.id}/transition`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toContain(message);
    expect((await app.store.complaints.get(c.id))?.status).toBe('registered');
  });

  it('refuses to hand a complaint to the person or unit it is about (conflict rule)', async () => {
    app = await adminApp({ now: () => NOW });
    const aboutAccountant = await complaint(app, { concerns: '村会计王某' });
    const aboutCadre = await complaint(app, { category: '干部作风问题', householdId: 'H0001', anonymous: false });
    const session = await login(app);
    for (const [c, assignee] of [
      [aboutAccountant, '村会计王某'],
      [aboutAccountant, '神山村村委会'],
      [aboutCadre, '李干部'],
    ] as const) {
      const res = await api(app, session, `/api/admin/complaints/${c.id}/transition`, { to: 'accepted', note: '', assignee });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('这个问题反映的就是该单位或人员，不能交给他们自己办理，请指定其他承办单位。');
    }
    const ok = await api(app, session, `/api/admin/complaints/${aboutCadre.id}/transition`, {
      to: 'accepted',
      note: '',
      assignee: '市纪委监委',
    });
    expect(ok.statusCode).toBe(200);
  });

  it('answers 404 for an unknown complaint', async () => {
    app = await adminApp({ now: () => NOW });
    const session = await login(app);
    expect((await api(app, session, '/api/admin/complaints/nope')).statusCode).toBe(404);
    const res = await api(app, session, '/api/admin/complaints/nope/transition', { to: 'accepted', note: '' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toContain('找不到这条问题记录');
  });

  it('audits every transition and every detail view, but not a refused transition', async () => {
    app = await adminApp({ now: () => NOW });
    const c = await complaint(app);
    const session = await login(app);
    await api(app, session, `/api/admin/complaints/${c.id}/transition`, { to: 'closed', note: '' });
    await api(app, session, `/api/admin/complaints/${c.id}/transition`, { to: 'accepted', note: '', assignee: '茅坪乡政府' });
    await api(app, session, `/api/admin/complaints/${c.id}`);
    await api(app, session, `/admin/complaints/${c.id}`);
    const { items } = (await api(app, session, '/api/admin/audit?action=complaint&pageSize=100')).json() as { items: AuditEntry[] };
    const transitions = items.filter((e) => e.action === 'complaint.transition');
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({ target: `complaint:${c.id}`, username: 'admin', detail: '已登记 → 已受理，承办：茅坪乡政府' });
    expect(items.filter((e) => e.action === 'complaint.view').map((e) => e.target)).toEqual([`complaint:${c.id}`, `complaint:${c.id}`]);
  });
});

describe('complaint detail page', () => {
  it('shows the history and a form only for the allowed next statuses, with the fields each needs', async () => {
    app = await adminApp({ now: () => NOW });
    const c = await complaint(app);
    const session = await login(app);
    const page = await api(app, session, `/admin/complaints/${c.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="to-accepted"');
    expect(page.body).toContain('id="to-rejected"');
    expect(page.body).not.toContain('id="to-closed"');
    const accept = page.body.slice(page.body.indexOf('id="to-accepted"'), page.body.indexOf('id="to-rejected"'));
    expect(accept).toContain('name="assignee"');
    expect(accept).toContain('name="deadline"');
    const reject = page.body.slice(page.body.indexOf('id="to-rejected"'));
    expect(reject).toMatch(/<textarea name="note" maxlength="1000" required>/);
    expect(page.body).toContain('办理记录');
  });

  it('moves the complaint by the CSRF-protected form, and re-shows the form with the refusal', async () => {
    app = await adminApp({ now: () => NOW });
    const c = await complaint(app);
    const session = await login(app);
    const url = `/admin/complaints/${c.id}/transition`;
    const forged = await postForm(app, session, url, { to: 'accepted', assignee: '茅坪乡政府', note: '' });
    expect(forged.statusCode).toBe(403);
    expect((await app.store.complaints.get(c.id))?.status).toBe('registered');

    const refused = await postForm(app, session, url, { _csrf: session.csrf, to: 'rejected', note: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('不予受理必须写明理由。');

    const done = await postForm(app, session, url, { _csrf: session.csrf, to: 'accepted', assignee: '茅坪乡政府', deadline: '', note: '' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/admin/complaints/${c.id}?done=moved`);
    // 15 working days from 20 March 2025, with 清明节 (Friday 4 April) off.
    expect(await app.store.complaints.get(c.id)).toMatchObject({ status: 'accepted', assignee: '茅坪乡政府', deadline: '2025-04-11' });
    const after = await api(app, session, String(done.headers.location));
    expect(after.body).toContain('已保存');
    expect(after.body).toContain('id="to-rectifying"');
  });
});
