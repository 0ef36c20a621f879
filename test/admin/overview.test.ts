import { rm } from 'node:fs/promises';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../src/admin/bootstrap.js';
import { lastMonths } from '../../src/admin/overview/default-sections.js';
import { defineSection } from '../../src/admin/overview/sections.js';
import { adminPlugin } from '../../src/admin/plugin.js';
import { html } from '../../src/admin/views/html.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { type TestApp, tempDir } from '../helpers/test-app.js';
import { ADMIN_PASSWORD, adminApp, HASH_KEY, login, seed } from './helpers.js';

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
    expect(res.body.match(/<svg /g)?.length).toBe(4);
    expect(res.body).toContain('aria-label="按卡类：红卡 1，蓝卡 1，黄卡 1，未分卡 0"');
  });

  it('takes extra sections from the plugin options (how complaints and visits will add theirs)', async () => {
    const dir = await tempDir('bangfu-overview-');
    const store = await openLowStore(dir);
    await seed(store);
    await ensureFirstAdmin(store, { ADMIN_PASSWORD }, new Date(), () => {});
    const server = Fastify();
    const visits = defineSection({
      id: 'visits',
      title: '走访',
      collect: () => ({ thisMonth: 7 }),
      render: (d) => html`<p class="visits">本月走访 ${d.thisMonth} 次</p>`,
    });
    const secret = defineSection({
      id: 'secret',
      title: '仅管理员',
      permission: 'staff.manage',
      collect: () => 1,
      render: () => html`<p>x</p>`,
    });
    await server.register(adminPlugin, {
      store,
      config: { DATA_DIR: dir, ID_HASH_KEY: HASH_KEY, ADMIN_SESSION_IDLE_MINUTES: 480 },
      overviewSections: [visits, secret],
    });
    const loginRes = await server.inject({
      method: 'POST',
      url: '/api/admin/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    const cookie = `bangfu_admin=${loginRes.cookies.find((c) => c.name === 'bangfu_admin')?.value}`;
    const api = await server.inject({ url: '/api/admin/overview', headers: { cookie } });
    expect(Object.keys(api.json() as object)).toEqual(['households', 'aid', 'outbox', 'visits', 'secret']);
    expect((await server.inject({ url: '/admin/overview', headers: { cookie } })).body).toContain('本月走访 7 次');
    await server.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts months in China time', () => {
    expect(lastMonths(new Date('2024-12-31T17:00:00Z'), 3)).toEqual(['2024-11', '2024-12', '2025-01']);
  });
});
