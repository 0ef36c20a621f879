import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/admin/auth/password.js';
import { ensureFirstAdmin } from '../../src/admin/bootstrap.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { createTestApp, type TestApp, tempDir } from '../helpers/test-app.js';
import { ADMIN_PASSWORD, adminApp, login } from './helpers.js';

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

  it('locks a username for 15 minutes after 5 failures (429), even with the right password', async () => {
    let now = new Date('2025-06-01T08:00:00Z');
    app = await adminApp({ now: () => now });
    for (let i = 0; i < 5; i += 1)
      expect((await post('/api/admin/login', { username: 'admin', password: `wrong-${i}` })).statusCode).toBe(401);
    const locked = await post('/api/admin/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect((locked.json() as { error: string }).error).toContain('15 分钟');
    now = new Date('2025-06-01T08:16:00Z');
    expect((await post('/api/admin/login', { username: 'admin', password: ADMIN_PASSWORD })).statusCode).toBe(200);
  });

  it('limits failures per client IP across usernames', async () => {
    app = await adminApp();
    for (let i = 0; i < 20; i += 1) await post('/api/admin/login', { username: `guess${i}`, password: 'x' });
    expect((await post('/api/admin/login', { username: 'admin', password: ADMIN_PASSWORD })).statusCode).toBe(429);
  });

  it('records failed and successful logins in the audit log', async () => {
    app = await adminApp();
    await post('/api/admin/login', { username: 'admin', password: 'nope-nope-nope' });
    await login(app);
    const actions = app.store.audit.search({}).items.map((e) => e.action);
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
    const { cookie } = await login(app);
    expect((await post('/api/admin/logout', {}, { cookie })).statusCode).toBe(200);
    expect((await app.server.inject({ url: '/api/admin/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('changing the password keeps this session and ends the others', async () => {
    app = await adminApp();
    const here = await login(app);
    const elsewhere = await login(app);
    const res = await post(
      '/api/admin/password',
      { currentPassword: ADMIN_PASSWORD, newPassword: 'A-new-long-password-1' },
      { cookie: here.cookie },
    );
    expect(res.statusCode).toBe(200);
    expect((await app.server.inject({ url: '/api/admin/me', headers: { cookie: here.cookie } })).statusCode).toBe(200);
    expect((await app.server.inject({ url: '/api/admin/me', headers: { cookie: elsewhere.cookie } })).statusCode).toBe(401);
    await login(app, 'admin', 'A-new-long-password-1');
  });

  it('refuses a password change with a wrong current password or a weak new one', async () => {
    app = await adminApp();
    const { cookie } = await login(app);
    const wrong = await post('/api/admin/password', { currentPassword: 'nope', newPassword: 'A-new-long-password-1' }, { cookie });
    expect(wrong.statusCode).toBe(400);
    const weak = await post('/api/admin/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'short' }, { cookie });
    expect(weak.statusCode).toBe(400);
    expect((weak.json() as { error: string }).error).toContain('至少 10 位');
  });

  it('sends a user with an admin-chosen password to the password page first', async () => {
    app = await adminApp();
    const admin = await login(app);
    await post('/api/admin/staff', { username: 'newbie', role: 'reviewer', password: 'Initial-Pass-123' }, { cookie: admin.cookie });
    const { cookie } = await login(app, 'newbie', 'Initial-Pass-123');
    const page = await app.server.inject({ url: '/admin/households', headers: { cookie } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/admin/account?first=1');
    expect((await app.server.inject({ url: '/api/admin/households', headers: { cookie } })).statusCode).toBe(403);
    expect((await app.server.inject({ url: '/admin/account', headers: { cookie } })).statusCode).toBe(200);
  });
});

describe('first start', () => {
  it('creates admin with a generated password printed once, and nothing on the next start', async () => {
    const dir = await tempDir('bangfu-first-');
    const store = await openLowStore(dir);
    const printed: string[] = [];
    await ensureFirstAdmin(store, {}, new Date(), (text) => printed.push(text));
    await ensureFirstAdmin(store, {}, new Date(), (text) => printed.push(text));
    expect(printed).toHaveLength(1);
    const password = /初始密码 (\S+)/.exec(printed[0] ?? '')?.[1] ?? '';
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    const admin = store.staff.byUsername('admin');
    expect(admin?.role).toBe('admin');
    expect(await verifyPassword(password, admin?.passwordHash ?? '')).toBe(true);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uses ADMIN_PASSWORD when set and does not print it', async () => {
    const dir = await tempDir('bangfu-first-');
    const store = await openLowStore(dir);
    const printed: string[] = [];
    await ensureFirstAdmin(store, { ADMIN_PASSWORD }, new Date(), (text) => printed.push(text));
    expect(printed.join('')).not.toContain(ADMIN_PASSWORD);
    expect(await verifyPassword(ADMIN_PASSWORD, store.staff.byUsername('admin')?.passwordHash ?? '')).toBe(true);
    await store.close();
    await rm(dir, { recursive: true, force: true });
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
