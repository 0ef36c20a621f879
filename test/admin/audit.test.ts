import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/model/audit.js';
import type { TestApp } from '../helpers/test-app.js';
import { adminApp, fullId, login, loginAs, writeHeaders } from './helpers.js';

let app: TestApp;
afterEach(async () => app?.dispose());

describe('audit log', () => {
  it('records who read a household, exported, or changed something, with time, record and IP', async () => {
    const now = new Date('2025-06-01T08:00:00Z');
    app = await adminApp({ now: () => now });
    const session = await login(app);
    const { cookie } = session;
    await app.server.inject({ url: '/api/admin/households/H0001', headers: { cookie } });
    await app.server.inject({ url: '/admin/households/H0002', headers: { cookie } });
    await app.server.inject({ url: '/api/admin/households?village=神山村&format=csv', headers: { cookie } });
    await app.server.inject({
      method: 'POST',
      url: '/api/admin/cadres',
      headers: writeHeaders(session),
      payload: { name: '刘干部', phone: '13800138000' },
    });
    const res = await app.server.inject({ url: '/api/admin/audit?pageSize=100', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json() as { items: AuditEntry[]; total: number };
    expect(total).toBe(items.length);
    const byAction = (action: string) => items.filter((e) => e.action === action);
    expect(
      byAction('household.view')
        .map((e) => e.target)
        .sort(),
    ).toEqual(['household:H0001', 'household:H0002']);
    expect(byAction('household.export')[0]?.detail).toContain('csv，1 户');
    expect(byAction('cadre.create')[0]?.target).toMatch(/^cadre:/);
    for (const e of items) {
      expect(e).toMatchObject({ username: 'admin', at: '2025-06-01T08:00:00.000Z', ip: '127.0.0.1' });
      expect(e.staffId).toEqual((await app.store.staff.byUsername('admin'))?.id);
    }
  });

  it('filters by user and action, and is shown on /admin/audit', async () => {
    app = await adminApp();
    const { cookie } = await login(app);
    await app.server.inject({ url: '/api/admin/households/H0001', headers: { cookie } });
    const res = await app.server.inject({ url: '/api/admin/audit?action=household&username=admin', headers: { cookie } });
    expect((res.json() as { items: AuditEntry[] }).items.map((e) => e.action)).toEqual(['household.view']);
    const page = await app.server.inject({ url: '/admin/audit', headers: { cookie } });
    expect(page.body).toContain('<td>admin（系统管理员）</td><td>查看了农户档案 张三户（H0001）</td>');
    expect(page.body).not.toContain('household:H0001');
  });

  it('is for admins only', async () => {
    app = await adminApp();
    const { cookie } = await loginAs(app, 'supervisor');
    expect((await app.server.inject({ url: '/api/admin/audit', headers: { cookie } })).statusCode).toBe(403);
    expect((await app.server.inject({ url: '/admin/audit', headers: { cookie } })).statusCode).toBe(403);
  });
});

describe('audit details', () => {
  it('mask an ID number or phone that staff typed into a filter', async () => {
    app = await adminApp();
    const { cookie } = await login(app);
    await app.server.inject({ url: `/api/admin/households?q=${fullId('36088119600101123')}&format=csv`, headers: { cookie } });
    const entry = (await app.store.audit.search({ action: 'household.export' })).items[0];
    expect(entry?.detail).toContain('3608**********');
    expect(entry?.detail).not.toMatch(/\d{17}[\dX]/);
  });
});
