import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/admin/auth/password.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { ADMIN_PASSWORD, adminApp, login, writeHeaders } from './helpers.js';

let app: TestApp;
afterEach(async () => app?.dispose());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  app.server.inject({ method: 'POST', url, payload: payload as object, headers });

describe('login', () => {
  it('answers 200 with the user (never the hash) and sets a strict HttpOnly session cookie', async () => {
    app = await adminApp();
    const res = await post('/api/admin/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { user: Record<string, unknown>; csrfToken: string };
    expect(body.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(body.user.id).toEqual(expect.any(String));
    expect(res.body).not.toContain('passwordHash');
    expect(res.body).not.toContain('scrypt');
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^bangfu_admin=[\w-]{40,};/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).toContain('Path=/');
    expect(header).not.toContain('Secure');
  });

  it('marks the cookie Secure when the request came over https through a trusted proxy', async () => {
    app = await createTestApp({ ADMIN_PASSWORD, TRUST_PROXY: '1' });
    const res = await post('/api/admin/login', { username: 'admin', password: ADMIN_PASSWORD }, { 'x-forwarded-proto': 'https' });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toContain('Secure');
  });

  it.each([
    ['wrong password', 'admin', 'not-the-password'],
    ['unknown user', 'nobody', ADMIN_PASSWORD],
  ])('answers 401 for a %s, without a cookie', async (_case, username, password) => {
    app = await adminApp();
    const res = await post('/api/admin/login', { username, password });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: '用户名或密码不对' });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('records failed and successful logins in the audit log', async () => {
    app = await adminApp();
    await post('/api/admin/login', { username: 'admin', password: 'nope-nope-nope' });
    await login(app);
    const actions = (await app.store.audit.search({})).items.map((e) => e.action);
    expect(actions).toEqual(['login', 'login.failed']);
  });
});

describe('sessions', () => {
  it('ends after 8 hours idle and is refreshed by use', async () => {
    let now = new Date('2025-06-01T08:00:00Z');
    app = await adminApp({ now: () => now });
    const { cookie } = await login(app);
    const me = () => app.server.inject({ url: '/api/admin/me', headers: { cookie } });
    now = new Date('2025-06-01T15:00:00Z');
    expect((await me()).statusCode).toBe(200);
    now = new Date('2025-06-01T22:59:00Z');
    expect((await me()).statusCode).toBe(200);
    now = new Date('2025-06-02T07:00:00Z');
    expect((await me()).statusCode).toBe(401);
  });

  it('logout ends the session on the server, not just in the browser', async () => {
    app = await adminApp();
    const session = await login(app);
    const { cookie } = session;
    expect((await post('/api/admin/logout', {}, writeHeaders(session))).statusCode).toBe(200);
    expect((await app.server.inject({ url: '/api/admin/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('changing the password keeps this session and ends the others', async () => {
    app = await adminApp();
    const here = await login(app);
    const elsewhere = await login(app);
    const res = await post(
      '/api/admin/password',
      { currentPassword: ADMIN_PASSWORD, newPassword: 'A-new-long-password-1' },
      writeHeaders(here),
    );
    expect(res.statusCode).toBe(200);
    expect((await app.server.inject({ url: '/api/admin/me', headers: { cookie: here.cookie } })).statusCode).toBe(200);
    expect((await app.server.inject({ url: '/api/admin/me', headers: { cookie: elsewhere.cookie } })).statusCode).toBe(401);
    await login(app, 'admin', 'A-new-long-password-1');
  });

  it('refuses a password change with a wrong current password or a weak new one', async () => {
    app = await adminApp();
    const headers = writeHeaders(await login(app));
    const wrong = await post('/api/admin/password', { currentPassword: 'nope', newPassword: 'A-new-long-password-1' }, headers);
    expect(wrong.statusCode).toBe(400);
    const weak = await post('/api/admin/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'short' }, headers);
    expect(weak.statusCode).toBe(400);
    expect((weak.json() as { error: string }).error).toContain('至少 10 位');
  });

  it('sends a user with an admin-chosen password to the password page first', async () => {
    app = await adminApp();
    const admin = await login(app);
    await post('/api/admin/staff', { username: 'newbie', role: 'reviewer', password: 'Initial-Pass-123' }, writeHeaders(admin));
    const { cookie } = await login(app, 'newbie', 'Initial-Pass-123');
    const page = await app.server.inject({ url: '/admin/households', headers: { cookie } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/admin/account?first=1');
    expect((await app.server.inject({ url: '/api/admin/households', headers: { cookie } })).statusCode).toBe(403);
    expect((await app.server.inject({ url: '/admin/account', headers: { cookie } })).statusCode).toBe(200);
  });
});

describe('password hashing', () => {
  it('uses scrypt with a per-user salt', async () => {
    const a = await hashPassword('same password here');
    const b = await hashPassword('same password here');
    expect(a).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(await verifyPassword('same password herE', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});
