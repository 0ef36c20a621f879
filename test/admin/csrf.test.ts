import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';
import { ADMIN_PASSWORD, adminApp, fullId, login } from './helpers.js';
import { HOUSEHOLD_HEADER, multipart } from './multipart.js';

let app: TestApp;
afterEach(async () => app?.dispose());

const FORM = 'application/x-www-form-urlencoded';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('page forms', () => {
  it('create nothing without the session CSRF token, or with a wrong one', async () => {
    app = await adminApp();
    const { cookie } = await login(app);
    for (const token of [undefined, 'wrong-token']) {
      const fields: Record<string, string> = { name: '赵六', phone: '13900001111' };
      if (token) fields._csrf = token;
      const res = await app.server.inject({
        method: 'POST',
        url: '/admin/cadres',
        headers: { cookie, 'content-type': FORM },
        payload: form(fields),
      });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('操作未执行');
    }
    expect(await app.store.cadres.list()).toHaveLength(0);
  });

  it('work with the token, also when the browser sends Origin: null (no-referrer policy)', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    const res = await app.server.inject({
      method: 'POST',
      url: '/admin/cadres',
      headers: { cookie, 'content-type': FORM, origin: 'null' },
      payload: form({ _csrf: csrf, name: '赵六', phone: '13900001111' }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.body).toMatch(/id="enrolment-code">[A-HJ-NP-Z2-9]{8}</);
  });

  it('are refused from another origin even with a valid token', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    const res = await app.server.inject({
      method: 'POST',
      url: '/admin/cadres',
      headers: { cookie, 'content-type': FORM, origin: 'https://evil.example' },
      payload: form({ _csrf: csrf, name: '赵六', phone: '13900001111' }),
    });
    expect(res.statusCode).toBe(403);
  });

  it('include logout: a cross-site form cannot sign staff out', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    expect(
      (await app.server.inject({ method: 'POST', url: '/admin/logout', headers: { cookie, 'content-type': FORM }, payload: '' }))
        .statusCode,
    ).toBe(403);
    const out = await app.server.inject({
      method: 'POST',
      url: '/admin/logout',
      headers: { cookie, 'content-type': FORM },
      payload: form({ _csrf: csrf }),
    });
    expect(out.statusCode).toBe(303);
    expect((await app.server.inject({ url: '/admin/overview', headers: { cookie } })).headers.location).toMatch(/^\/admin\/login/);
  });
});

describe('the login form', () => {
  it('needs the token from its own cookie (double submit) and never redirects off-site', async () => {
    app = await adminApp();
    const blind = await app.server.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': FORM },
      payload: form({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(blind.statusCode).toBe(403);
    expect(blind.headers['set-cookie']).not.toMatch(/bangfu_admin=/);

    const page = await app.server.inject({ url: '/admin/login?next=//evil.example/x' });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const loginCookie = page.cookies.find((c) => c.name === 'bangfu_login_csrf');
    expect(loginCookie?.value).toBe(token);
    const res = await app.server.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': FORM, cookie: `bangfu_login_csrf=${token}` },
      payload: form({ _csrf: token, username: 'admin', password: ADMIN_PASSWORD, next: '//evil.example/x' }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/overview');
    expect(String(res.headers['set-cookie'])).toMatch(/bangfu_admin=.*HttpOnly.*SameSite=Strict/);
  });

  it('shows a wrong password as a form error with status 401', async () => {
    app = await adminApp();
    const page = await app.server.inject({ url: '/admin/login' });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const res = await app.server.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': FORM, cookie: `bangfu_login_csrf=${token}` },
      payload: form({ _csrf: token, username: 'admin', password: 'wrong-password' }),
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('用户名或密码不对');
  });
});

describe('JSON API writes', () => {
  it.each([
    ['urlencoded', FORM, 'name=a&phone=13900001111'],
    ['text/plain', 'text/plain', '{"name":"a","phone":"13900001111"}'],
    ['multipart', 'multipart/form-data; boundary=x', '--x--\r\n'],
  ])('answer 415 to a %s body (what a cross-site form can send)', async (_case, type, payload) => {
    app = await adminApp();
    const { cookie } = await login(app);
    const res = await app.server.inject({ method: 'POST', url: '/api/admin/cadres', headers: { cookie, 'content-type': type }, payload });
    expect(res.statusCode).toBe(415);
    expect(await app.store.cadres.list()).toHaveLength(0);
  });

  it('answer 415 on login too', async () => {
    app = await adminApp();
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/admin/login',
      headers: { 'content-type': FORM },
      payload: form({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(res.statusCode).toBe(415);
  });

  it('the multipart upload route needs the CSRF token (header or field)', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    const csv = `${HOUSEHOLD_HEADER}\nH9001,赵六,${fullId('36088119600101900')},,井冈山市,茅坪乡,神山村,,3,一般贫困户,红卡,因病,已脱贫,2018,,\n`;
    const body = multipart({ kind: 'households' }, { name: 'file', filename: 'h.csv', content: csv });
    const without = await app.server.inject({
      method: 'POST',
      url: '/api/admin/households/import',
      headers: { cookie, ...body.headers },
      payload: body.payload,
    });
    expect(without.statusCode).toBe(403);
    expect(await app.store.households.get('H9001')).toBeUndefined();
    const withHeader = await app.server.inject({
      method: 'POST',
      url: '/api/admin/households/import',
      headers: { cookie, 'x-csrf-token': csrf, ...body.headers },
      payload: body.payload,
    });
    expect(withHeader.statusCode, withHeader.body).toBe(200);
  });
});
