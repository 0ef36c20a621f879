import { rm } from 'node:fs/promises';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../src/admin/bootstrap.js';
import { lastMonths } from '../../src/admin/overview/default-sections.js';
import { defineSection } from '../../src/admin/overview/sections.js';
import { lastWeeks } from '../../src/admin/overview/visit-sections.js';
import { adminPlugin } from '../../src/admin/plugin.js';
import { html } from '../../src/admin/views/html.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { type TestApp, tempDir } from '../helpers/test-app.js';
import { ADMIN_PASSWORD, adminApp, login, pluginOptions, seed } from './helpers.js';
import { api, cadre, complaint, visit } from './ledger-fixtures.js';

let app: TestApp | undefined;
afterEach(async () => app?.dispose());

describe('overview', () => {
  it('answers households by card and status, aid by category and month, outbox counts', async () => {
    app = await adminApp({ now: () => new Date('2024-05-15T00:00:00Z') });
    await app.store.outbox.enqueue('web', 'u1', { text: 'hi' });
    const { cookie } = await login(app);
    const res = await app.server.inject({ url: '/api/admin/overview', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const data = res.json() as {
      households: { total: number; byCard: Record<string, number>; byStatus: Record<string, number> };
      aid: { totalFen: number; byCategory: { category: string; amountFen: number }[]; byMonth: { month: string; amountFen: number }[] };
      outbox: Record<string, number>;
    };
    expect(data.households).toMatchObject({
      total: 3,
      byCard: { 红卡: 1, 蓝卡: 1, 黄卡: 1 },
      byStatus: { 未脱贫: 1, 已脱贫: 1, 监测对象: 1 },
    });
    expect(data.aid.totalFen).toBe(450000);
    expect(data.aid.byCategory.find((c) => c.category === '产业')?.amountFen).toBe(300000);
    expect(data.aid.byMonth).toHaveLength(12);
    expect(data.aid.byMonth.at(-1)?.month).toBe('2024-05');
    expect(data.aid.byMonth.find((m) => m.month === '2024-04')?.amountFen).toBe(150000);
    expect(data.outbox).toEqual({ pending: 1, sent: 0, unreachable: 0 });
  });

  it('draws the charts as inline SVG on the page', async () => {
    app = await adminApp();
    const { cookie } = await login(app);
    const res = await app.server.inject({ url: '/admin/overview', headers: { cookie } });
    expect(res.body.match(/<svg /g)?.length).toBe(10);
    expect(res.body).toContain('aria-label="按卡类：红卡 1，蓝卡 1，黄卡 1，未分卡 0"');
  });

  it('takes extra sections from the plugin options, after the built-in ones', async () => {
    const dir = await tempDir('bangfu-overview-');
    const store = await openLowStore(dir);
    await seed(store);
    await ensureFirstAdmin(store, { ADMIN_PASSWORD, DATA_DIR: dir }, new Date(), { say: () => {} });
    const server = Fastify();
    const extra = defineSection({
      id: 'extra',
      title: '走访',
      collect: async () => ({ thisMonth: 7 }),
      render: (d) => html`<p class="visits">本月走访 ${d.thisMonth} 次</p>`,
    });
    const secret = defineSection({
      id: 'secret',
      title: '仅管理员',
      permission: 'staff.manage',
      collect: async () => 1,
      render: () => html`<p>x</p>`,
    });
    await server.register(adminPlugin, { ...pluginOptions(store, dir), overviewSections: [extra, secret] });
    const loginRes = await server.inject({
      method: 'POST',
      url: '/api/admin/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    const cookie = `bangfu_admin=${loginRes.cookies.find((c) => c.name === 'bangfu_admin')?.value}`;
    const api = await server.inject({ url: '/api/admin/overview', headers: { cookie } });
    expect(Object.keys(api.json() as object)).toEqual([
      'households',
      'aid',
      'outbox',
      'complaints',
      'applications',
      'visits',
      'extra',
      'secret',
    ]);
    expect((await server.inject({ url: '/admin/overview', headers: { cookie } })).body).toContain('本月走访 7 次');
    await server.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts months in China time', async () => {
    expect(lastMonths(new Date('2024-12-31T17:00:00Z'), 3)).toEqual(['2024-11', '2024-12', '2025-01']);
  });
});

describe('ledger and visit figures on the overview', () => {
  it('counts complaints, applications, weekly visits, coverage and failed deliveries', async () => {
    const now = new Date('2025-03-20T02:00:00Z'); // Thursday; the week began Monday 2025-03-17
    const before = new Date('2025-03-05T02:00:00Z');
    app = await adminApp({ now: () => now });
    const a = app;
    const registered = await complaint(a, {}, before);
    await complaint(a, { category: '走访发现问题', anonymous: false }, before);
    await complaint(a, { concerns: '村会计王某' }, before);
    const late = await complaint(a, { category: '贫困识别不准' }, before);
    await a.complaints.transition(late.id, { to: 'accepted', note: '', assignee: '茅坪乡政府', deadline: '2025-03-12' }, 'x', before);
    await a.complaints.transition(registered.id, { to: 'rejected', note: '不属于扶贫领域' }, 'x', before);
    const application = (at: Date) =>
      a.applications.create(
        {
          event: '生病住院',
          eventDate: '2025-03-01',
          help: '救助',
          householdId: 'H0001',
          township: '茅坪乡',
          village: '神山村',
          consent: true,
        },
        at,
      );
    await application(new Date('2025-03-10T02:00:00Z'));
    const declined = await application(now);
    await a.applications.transition(declined.id, { to: 'declined', note: '收入稳定' }, 'x', now);
    await cadre(a, 'C1', '刘帮扶', ['神山村', '坝上村', '长富桥村']);
    await visit(a, { id: 'V1', cadreId: 'C1', householdId: 'H0001', village: '神山村', date: '2025-03-17' });
    await visit(a, { id: 'V2', cadreId: 'C1', householdId: 'H0002', village: '坝上村', date: '2025-03-19' });
    await visit(a, { id: 'V3', cadreId: 'C1', householdId: 'H0003', village: '长富桥村', date: '2025-01-06' });
    await visit(a, { id: 'V4', cadreId: 'C1', householdId: 'H0003', village: '长富桥村', date: '2024-12-01' });
    const lost = await a.store.outbox.enqueue('telegram', 'tg-1', { text: '进度' }, now);
    await a.store.outbox.markUnreachable(lost.id, 'Forbidden: bot was blocked by the user');
    await a.store.outbox.enqueue('wechat', 'wx-1', { text: '进度' }, now);

    const session = await login(a);
    const data = (await api(a, session, '/api/admin/overview')).json();
    expect(data.complaints).toEqual({
      total: 4,
      open: 3,
      overdue: 1,
      byStatus: { registered: 2, accepted: 1, rectifying: 0, verifying: 0, closed: 0, rejected: 1 },
      byCategory: { 扶贫资金发放问题: 2, 贫困识别不准: 1, 政策没有落实: 0, 干部作风问题: 0, 其他: 0, 走访发现问题: 1 },
    });
    expect(data.applications).toEqual({
      total: 2,
      open: 1,
      overdue: 1,
      byStatus: { submitted: 1, checking: 0, reviewing: 0, monitored: 0, declined: 1, resolved: 0 },
      byEvent: { 生病住院: 2, 意外事故: 0, 自然灾害: 0, 失业或收入骤减: 0, 子女上学负担重: 0, 其他: 0 },
    });
    expect(data.visits.perWeek).toHaveLength(12);
    expect(data.visits.perWeek[0]).toEqual({ week: '2024-12-30', count: 0 });
    expect(data.visits.perWeek[1]).toEqual({ week: '2025-01-06', count: 1 });
    expect(data.visits.perWeek[11]).toEqual({ week: '2025-03-17', count: 2 });
    expect(data.visits.coverage).toEqual({
      days: 30,
      households: 3,
      visited: 2,
      rate: 2 / 3,
      lowest: [
        { village: '黄坳乡长富桥村', rate: 0 },
        { village: '茅坪乡坝上村', rate: 1 },
        { village: '茅坪乡神山村', rate: 1 },
      ],
    });
    expect(data.outbox).toEqual({ pending: 1, sent: 0, unreachable: 1 });

    const page = (await api(a, session, '/admin/overview')).body;
    expect(page).toContain('<div class="stat alert"><b>1</b><span>逾期未办结</span></div>');
    expect(page).toContain('<div class="stat alert"><b>1</b><span>无法送达</span></div>');
    expect(page).toContain('<div class="stat alert"><b>67%</b><span>近 30 天走访覆盖率</span></div>');
    expect(page).toContain('aria-label="按办理状态：已登记 2，已受理 1，整改中 0，待核实 0，已办结 0，不予受理 1"');
    expect(page).toContain('近 12 周每周走访次数：12/30 0，1/6 1');
  });

  it('gives lastWeeks as Mondays in China time', async () => {
    // Sunday 2025-03-23 20:00 UTC is already Monday 2025-03-24 in China.
    expect(lastWeeks(new Date('2025-03-23T20:00:00Z'), 2)).toEqual(['2025-03-17', '2025-03-24']);
  });
});
