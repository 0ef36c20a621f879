import { rm } from 'node:fs/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminRouteRule, requireRule, UnguardedRouteError } from '../../src/admin/auth/guard.js';
import { can } from '../../src/admin/auth/roles.js';
import { ensureFirstAdmin } from '../../src/admin/bootstrap.js';
import { adminPlugin } from '../../src/admin/plugin.js';
import type { StaffRole } from '../../src/model/staff.js';
import type { Store } from '../../src/store/legacy-store.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { tempDir } from '../helpers/test-app.js';
import { ADMIN_PASSWORD, pluginOptions, seed } from './helpers.js';
import { multipart } from './multipart.js';

type Route = { method: string; url: string; rule: AdminRouteRule };

let server: FastifyInstance;
let store: Store;
let dir: string;
const routes: Route[] = [];

beforeAll(async () => {
  dir = await tempDir('bangfu-routes-');
  store = await openLowStore(dir);
  await seed(store);
  await ensureFirstAdmin(store, { ADMIN_PASSWORD, DATA_DIR: dir }, new Date(), { say: () => {} });
  server = Fastify();
  server.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const rule = route.config?.admin;
    if (!rule) throw new Error(`route ${route.url} has no rule`);
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, rule });
  });
  await server.register(adminPlugin, pluginOptions(store, dir));
  await server.ready();
});

afterAll(async () => {
  await server.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const isPublic = (r: Route) => 'access' in r.rule;
const concrete = (url: string) => url.replace(/:\w+/g, 'H0001');

type Signed = { cookie: string; csrf: string };
const sessions = new Map<StaffRole, Signed>();

const inject = (url: string, payload: object, signed?: Signed) =>
  server.inject({ method: 'POST', url, payload, headers: signed ? { cookie: signed.cookie, 'x-csrf-token': signed.csrf } : {} });

async function signIn(username: string, password: string): Promise<Signed> {
  const res = await inject('/api/admin/login', { username, password });
  const cookie = res.cookies.find((c) => c.name === 'bangfu_admin');
  if (!cookie) throw new Error(`login failed: ${res.body}`);
  return { cookie: `bangfu_admin=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

async function sessionAs(role: StaffRole): Promise<Signed> {
  const known = sessions.get(role);
  if (known) return known;
  const admin = await signIn('admin', ADMIN_PASSWORD);
  await inject('/api/admin/staff', { username: `${role}1`, role, password: 'Initial-Pass-123' }, admin);
  const signed = await signIn(`${role}1`, 'Initial-Pass-123');
  await inject('/api/admin/password', { currentPassword: 'Initial-Pass-123', newPassword: 'Changed-Pass-456' }, signed);
  sessions.set(role, signed);
  return signed;
}

describe('every dashboard route', () => {
  it('was collected, and only the login routes and the stylesheet are public', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(
      routes
        .filter(isPublic)
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual(['GET /admin/login', 'GET /admin/static/admin.css', 'POST /admin/login', 'POST /api/admin/login']);
  });

  it('includes the complaint, application, visit and coverage routes, each with its permission', () => {
    const permissionOf = (method: string, url: string) => {
      const rule = routes.find((r) => r.method === method && r.url === url)?.rule;
      return rule && 'permission' in rule ? rule.permission : rule;
    };
    expect(
      [
        ['GET', '/api/admin/complaints'],
        ['GET', '/api/admin/complaints/:id'],
        ['POST', '/api/admin/complaints/:id/transition'],
        ['GET', '/admin/complaints'],
        ['GET', '/admin/complaints/:id'],
        ['POST', '/admin/complaints/:id/transition'],
        ['GET', '/api/admin/applications'],
        ['GET', '/api/admin/applications/:id'],
        ['POST', '/api/admin/applications/:id/transition'],
        ['GET', '/admin/applications'],
        ['GET', '/admin/applications/:id'],
        ['POST', '/admin/applications/:id/transition'],
        ['GET', '/api/admin/visits'],
        ['GET', '/api/admin/visits/:id'],
        ['GET', '/api/admin/coverage'],
        ['GET', '/admin/visits'],
        ['GET', '/admin/visits/:id'],
        ['GET', '/admin/visits/:id/attachments/:n'],
        ['GET', '/admin/coverage'],
      ].map(([method, url]) => `${method} ${url} ${permissionOf(method as string, url as string)}`),
    ).toEqual([
      'GET /api/admin/complaints complaints.read',
      'GET /api/admin/complaints/:id complaints.read',
      'POST /api/admin/complaints/:id/transition complaints.work',
      'GET /admin/complaints complaints.read',
      'GET /admin/complaints/:id complaints.read',
      'POST /admin/complaints/:id/transition complaints.work',
      'GET /api/admin/applications applications.read',
      'GET /api/admin/applications/:id applications.read',
      'POST /api/admin/applications/:id/transition applications.work',
      'GET /admin/applications applications.read',
      'GET /admin/applications/:id applications.read',
      'POST /admin/applications/:id/transition applications.work',
      'GET /api/admin/visits visits.read',
      'GET /api/admin/visits/:id visits.read',
      'GET /api/admin/coverage visits.read',
      'GET /admin/visits visits.read',
      'GET /admin/visits/:id visits.read',
      'GET /admin/visits/:id/attachments/:n visits.read',
      'GET /admin/coverage visits.read',
    ]);
    for (const permission of ['complaints.read', 'complaints.work', 'visits.read', 'applications.read', 'applications.work'] as const) {
      expect(
        ['admin', 'supervisor', 'reviewer', 'viewer'].filter((role) => can(role as StaffRole, permission)),
        permission,
      ).toEqual(['admin', 'supervisor', 'reviewer']);
    }
  });

  it('answers 401 (API) or redirects to the login page (pages) without a session', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => !isPublic(r))) {
      const res = await server.inject({
        method: route.method as 'GET',
        url: concrete(route.url),
        payload: route.method === 'GET' ? undefined : {},
      });
      const api = route.url.startsWith('/api/');
      const ok = api ? res.statusCode === 401 : res.statusCode === 303 && String(res.headers.location).startsWith('/admin/login');
      if (!ok) failures.push(`${route.method} ${route.url} → ${res.statusCode} ${res.headers.location ?? ''}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 with a forged or expired session cookie too', async () => {
    for (const route of routes.filter((r) => !isPublic(r) && r.url.startsWith('/api/'))) {
      const res = await server.inject({
        method: route.method as 'GET',
        url: concrete(route.url),
        headers: { cookie: 'bangfu_admin=forged' },
        payload: route.method === 'GET' ? undefined : {},
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it.each(['viewer', 'reviewer', 'supervisor'] as const)('answers 403 to a %s on every route their role lacks', async (role) => {
    // With the right CSRF token, so the 403 can only come from the role.
    const { cookie, csrf } = await sessionAs(role);
    const forbidden = routes.filter((r) => !isPublic(r) && 'permission' in r.rule && !can(role, r.rule.permission));
    expect(forbidden.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const route of forbidden) {
      const res = await server.inject({
        method: route.method as 'GET',
        url: concrete(route.url),
        headers: { cookie, 'x-csrf-token': csrf },
        payload: route.method === 'GET' ? undefined : {},
      });
      if (res.statusCode !== 403) failures.push(`${route.method} ${route.url} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('lets a viewer see the overview and nothing with personal data', async () => {
    const { cookie } = await sessionAs('viewer');
    expect((await server.inject({ url: '/api/admin/overview', headers: { cookie } })).statusCode).toBe(200);
    expect((await server.inject({ url: '/admin/overview', headers: { cookie } })).statusCode).toBe(200);
    for (const url of [
      '/api/admin/households',
      '/api/admin/households/H0001',
      '/admin/households',
      '/api/admin/cadres',
      '/api/admin/audit',
      '/api/admin/staff',
      '/api/admin/complaints',
      '/admin/complaints',
      '/api/admin/applications',
      '/admin/applications',
      '/api/admin/visits',
      '/admin/visits',
      '/api/admin/coverage',
      '/admin/coverage',
    ]) {
      expect((await server.inject({ url, headers: { cookie } })).statusCode, url).toBe(403);
    }
  });
});

describe('every state-changing route of a signed-in session', () => {
  const writes = () => routes.filter((r) => !isPublic(r) && r.method !== 'GET');
  const isApiRoute = (r: Route) => r.url.startsWith('/api/');
  const isUpload = (r: Route) => 'permission' in r.rule && r.rule.upload === true;

  // What a client would send: JSON to the API, a urlencoded form to a page, multipart to an upload; `_csrf` only on pages.
  function request(route: Route, cookie: string, token: string | undefined) {
    const url = concrete(route.url);
    const method = route.method as 'POST';
    if (isApiRoute(route))
      return server.inject({ method, url, payload: {}, headers: { cookie, ...(token ? { 'x-csrf-token': token } : {}) } });
    const fields: Record<string, string> = token ? { _csrf: token } : {};
    if (isUpload(route)) {
      const body = multipart(fields, { name: 'file', filename: 'h.csv', content: 'x' });
      return server.inject({ method, url, payload: body.payload, headers: { cookie, ...body.headers } });
    }
    const form = new URLSearchParams(fields).toString();
    return server.inject({ method, url, payload: form, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
  }

  it('include every JSON API write and every page form', () => {
    expect(writes().map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'POST /api/admin/logout',
        'POST /api/admin/password',
        'POST /api/admin/households/import',
        'POST /api/admin/cadres',
        'POST /api/admin/cadres/:id/code',
        'POST /api/admin/cadres/:id/revoke',
        'POST /api/admin/staff',
        'POST /api/admin/staff/:id/disable',
        'POST /api/admin/staff/:id/enable',
        'POST /api/admin/staff/:id/password',
        'POST /api/admin/complaints/:id/transition',
        'POST /api/admin/applications/:id/transition',
        'POST /api/admin/content/reload',
        'POST /admin/logout',
        'POST /admin/account',
        'POST /admin/households/import',
      ]),
    );
  });

  it.each([
    ['no CSRF token', undefined],
    ['a wrong CSRF token', 'x'.repeat(43)],
  ])('answer 403 with %s and run nothing', async (_case, token) => {
    const admin = await signIn('admin', ADMIN_PASSWORD);
    const audited = store.audit.search({ pageSize: 1 }).total;
    const failures: string[] = [];
    for (const route of writes()) {
      const res = await request(route, admin.cookie, token);
      if (res.statusCode !== 403) failures.push(`${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 80)}`);
    }
    expect(failures).toEqual([]);
    expect(store.audit.search({ pageSize: 1 }).total).toBe(audited);
    expect((await server.inject({ url: '/api/admin/me', headers: { cookie: admin.cookie } })).statusCode).toBe(200);
  });

  it('pass the check with the session token (the 403 above is the token, not the route)', async () => {
    const failures: string[] = [];
    for (const route of writes()) {
      // A fresh session each time: logout ends the one it is sent with.
      const admin = await signIn('admin', ADMIN_PASSWORD);
      const res = await request(route, admin.cookie, admin.csrf);
      if (res.statusCode === 403) failures.push(`${route.method} ${route.url} → ${res.body.slice(0, 80)}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('start-up check', () => {
  it('refuses a dashboard route that does not say who may call it', () => {
    expect(() => requireRule({ method: 'GET', url: '/admin/oops', handler: async () => 'open' })).toThrow(UnguardedRouteError);
    expect(() =>
      requireRule({ method: 'GET', url: '/admin/ok', config: { admin: { permission: 'overview.read' } }, handler: async () => 'ok' }),
    ).not.toThrow();
  });
});
