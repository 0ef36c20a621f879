import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';
import { adminApp, login, loginAs, writeHeaders } from './helpers.js';

let app: TestApp;
afterEach(async () => app?.dispose());

type StaffBody = { user: { id: string; username: string; role: string; unit: string; mustChangePassword: boolean }; password?: string };

describe('staff management', () => {
  it('creates a user with a unit and a generated password shown once', async () => {
    app = await adminApp();
    const session = await login(app);
    const { cookie } = session;
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/admin/staff',
      headers: writeHeaders(session),
      payload: { username: 'wang', displayName: '王审核', role: 'reviewer', unit: '茅坪乡' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json() as StaffBody;
    expect(body.user).toMatchObject({ username: 'wang', role: 'reviewer', unit: '茅坪乡', mustChangePassword: true });
    expect(body.password).toMatch(/^\S{16}$/);
    expect(res.body).not.toContain('passwordHash');
    await login(app, 'wang', body.password);
    const list = await app.server.inject({ url: '/api/admin/staff?role=reviewer', headers: { cookie } });
    expect((list.json() as { items: { username: string }[]; total: number }).items.map((u) => u.username)).toEqual(['wang']);
    expect(list.body).not.toContain('passwordHash');
  });

  it('refuses a taken username and a weak password', async () => {
    app = await adminApp();
    const session = await login(app);
    const taken = await app.server.inject({
      method: 'POST',
      url: '/api/admin/staff',
      headers: writeHeaders(session),
      payload: { username: 'ADMIN', role: 'viewer' },
    });
    expect(taken.statusCode).toBe(409);
    const weak = await app.server.inject({
      method: 'POST',
      url: '/api/admin/staff',
      headers: writeHeaders(session),
      payload: { username: 'li', role: 'viewer', password: '123' },
    });
    expect(weak.statusCode).toBe(400);
  });

  it('disabling a user ends their sessions at once; enabling lets them back in', async () => {
    app = await adminApp();
    const admin = await login(app);
    const reviewer = await loginAs(app, 'reviewer');
    const id = (await app.store.staff.byUsername('reviewer-user'))?.id;
    const off = await app.server.inject({
      method: 'POST',
      url: `/api/admin/staff/${id}/disable`,
      headers: writeHeaders(admin),
      payload: {},
    });
    expect(off.statusCode).toBe(200);
    expect((await app.server.inject({ url: '/api/admin/me', headers: { cookie: reviewer.cookie } })).statusCode).toBe(401);
    const denied = await app.server.inject({
      method: 'POST',
      url: '/api/admin/login',
      payload: { username: 'reviewer-user', password: 'Changed-Pass-456' },
    });
    expect(denied.statusCode).toBe(403);
    await app.server.inject({ method: 'POST', url: `/api/admin/staff/${id}/enable`, headers: writeHeaders(admin), payload: {} });
    await login(app, 'reviewer-user', 'Changed-Pass-456');
  });

  it('an admin cannot disable themselves or the last admin', async () => {
    app = await adminApp();
    const session = await login(app);
    const id = (await app.store.staff.byUsername('admin'))?.id;
    const res = await app.server.inject({
      method: 'POST',
      url: `/api/admin/staff/${id}/disable`,
      headers: writeHeaders(session),
      payload: {},
    });
    expect(res.statusCode).toBe(400);
    expect((await app.store.staff.get(id ?? ''))?.disabled).toBe(false);
  });

  it('reset gives a new one-time password, ends sessions and forces a change', async () => {
    app = await adminApp();
    const admin = await login(app);
    const viewer = await loginAs(app, 'viewer');
    const id = (await app.store.staff.byUsername('viewer-user'))?.id;
    const res = await app.server.inject({
      method: 'POST',
      url: `/api/admin/staff/${id}/password`,
      headers: writeHeaders(admin),
      payload: {},
    });
    const { password, user } = res.json() as StaffBody;
    expect(user.mustChangePassword).toBe(true);
    expect((await app.server.inject({ url: '/api/admin/me', headers: { cookie: viewer.cookie } })).statusCode).toBe(401);
    await login(app, 'viewer-user', password);
  });

  it('the staff page creates users from its form and shows a generated password once', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    const res = await app.server.inject({
      method: 'POST',
      url: '/admin/staff',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, username: 'zhao', role: 'supervisor', unit: '县纪委' }).toString(),
    });
    expect(res.statusCode).toBe(201);
    expect(res.body).toMatch(/<span class="secret">\S{16}<\/span>/);
    const page = await app.server.inject({ url: '/admin/staff', headers: { cookie } });
    expect(page.body).toContain('zhao');
    expect(page.body).toContain('县纪委');
  });
});
