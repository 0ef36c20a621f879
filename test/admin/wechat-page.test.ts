import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

describe('/admin/wechat inside the dashboard', () => {
  it('is behind the login and shows the adapter state to signed-in staff', async () => {
    const a = await createTestApp();
    apps.push(a);
    expect((await a.server.inject({ url: '/api/admin/wechat' })).statusCode).toBe(401);
    expect((await a.server.inject({ url: '/admin/wechat' })).headers.location).toContain('/admin/login');
    const login = await a.server.inject({
      method: 'POST',
      url: '/api/admin/login',
      payload: { username: 'admin', password: 'test-admin-password-1' },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const api = await a.server.inject({ url: '/api/admin/wechat', headers: { cookie } });
    expect(api.json()).toMatchObject({ state: 'stopped', configured: false });
    const page = await a.server.inject({ url: '/admin/wechat', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('微信');
  });
});
