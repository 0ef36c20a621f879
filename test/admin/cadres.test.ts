import { afterEach, describe, expect, it } from 'vitest';
import { hashEnrolmentCode, looksLikeEnrolmentCode } from '../../src/core/enrolment-code.js';
import { dataDirText } from '../fault/data-files.js';
import type { TestApp } from '../helpers/test-app.js';
import { TEST_STORE } from '../helpers/test-store.js';
import { adminApp, login, type Session, writeHeaders } from './helpers.js';

let app: TestApp;
afterEach(async () => app?.dispose());

type Created = { id: string; enrolmentCode: string; expiresAt: string };

async function create(session: Session, body: object): Promise<Created> {
  const res = await app.server.inject({ method: 'POST', url: '/api/admin/cadres', headers: writeHeaders(session), payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Created;
}

describe('POST /api/admin/cadres', () => {
  it('answers 201 with the id and a short typeable code, of which only a hash is stored', async () => {
    app = await adminApp({ now: () => new Date('2025-06-01T00:00:00Z') });
    const session = await login(app);
    const created = await create(session, {
      name: '刘干部',
      phone: '138 0013 8000',
      org: '县农业农村局',
      villages: ['神山村'],
      householdIds: ['H0003'],
    });
    expect(Object.keys(created).sort()).toEqual(['enrolmentCode', 'expiresAt', 'id']);
    expect(created.enrolmentCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(created.expiresAt).toBe('2025-06-08T00:00:00.000Z');
    const cadre = await app.store.cadres.get(created.id);
    expect(JSON.stringify(cadre)).not.toContain(created.enrolmentCode);
    expect(cadre?.codeHash).toBe(hashEnrolmentCode(created.enrolmentCode));
    // With lowdb the data dir is the store: the code is nowhere in its files either.
    if (TEST_STORE === 'lowdb') expect(await dataDirText(app.dataDir)).not.toContain(created.enrolmentCode);
    expect(cadre).toMatchObject({ name: '刘干部', phone: '13800138000', villages: ['神山村'], householdIds: ['H0003'], status: 'active' });
  });

  it.each([
    [{ phone: '13800138000' }, 'name'],
    [{ name: '刘', phone: '12345' }, '手机号'],
    [{ name: '刘', phone: '13800138000', householdIds: ['H9999'] }, 'H9999'],
  ])('rejects %j with a message naming the problem', async (body, problem) => {
    app = await adminApp();
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/admin/cadres',
      headers: writeHeaders(await login(app)),
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: string }).error).toContain(problem);
  });
});

describe('cadre list', () => {
  it('shows masked phones, household counts and bound chat accounts', async () => {
    app = await adminApp();
    const session = await login(app);
    const { id } = await create(session, { name: '刘干部', phone: '13800138000', villages: ['神山村'], householdIds: ['H0003'] });
    await app.store.bindings.bind({ id: 'telegram:123456789', kind: 'cadre', targetId: id, boundAt: '2025-06-01T00:00:00.000Z' });
    const res = await app.server.inject({ url: '/api/admin/cadres', headers: { cookie: session.cookie } });
    const list = res.json() as { items: Record<string, unknown>[]; total: number };
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ name: '刘干部', phone: '138****8000', householdCount: 2, codePending: true });
    expect(list.items[0]?.boundAccounts).toEqual([{ channel: 'telegram', user: '12***89', boundAt: '2025-06-01T00:00:00.000Z' }]);
    expect(res.body).not.toContain('13800138000');
    expect(res.body).not.toContain('codeHash');
  });
});

describe('enrolment codes', () => {
  it('a new code replaces the old one; redeem consumes it once', async () => {
    const now = new Date('2025-06-01T00:00:00Z');
    app = await adminApp({ now: () => now });
    const session = await login(app);
    const { id, enrolmentCode: first } = await create(session, { name: '刘干部', phone: '13800138000' });
    const res = await app.server.inject({
      method: 'POST',
      url: `/api/admin/cadres/${id}/code`,
      headers: writeHeaders(session),
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    const { enrolmentCode: second, expiresAt } = res.json() as { enrolmentCode: string; expiresAt: string };
    expect(second).not.toBe(first);
    expect(expiresAt).toBe('2025-06-08T00:00:00.000Z');
    expect(await app.store.cadres.redeemCode(hashEnrolmentCode(first), now)).toBeUndefined();
    const typed = ` ${second.slice(0, 4).toLowerCase()}-${second.slice(4)} `;
    expect(looksLikeEnrolmentCode(typed)).toBe(true);
    const [a, b] = await Promise.all([
      app.store.cadres.redeemCode(hashEnrolmentCode(typed), now),
      app.store.cadres.redeemCode(hashEnrolmentCode(second), now),
    ]);
    expect([a?.id, b?.id].filter(Boolean)).toEqual([id]);
    expect((await app.store.cadres.get(id))?.codeHash).toBeUndefined();
  });

  it('an expired code does not work', async () => {
    app = await adminApp({ now: () => new Date('2025-06-01T00:00:00Z') });
    const { enrolmentCode } = await create(await login(app), { name: '刘干部', phone: '13800138000' });
    expect(await app.store.cadres.redeemCode(hashEnrolmentCode(enrolmentCode), new Date('2025-06-08T00:00:01Z'))).toBeUndefined();
    expect((await app.store.cadres.redeemCode(hashEnrolmentCode(enrolmentCode), new Date('2025-06-07T23:00:00Z')))?.name).toBe('刘干部');
  });

  it('revoking disables the cadre, kills the code and unbinds every chat account', async () => {
    app = await adminApp();
    const session = await login(app);
    const { id, enrolmentCode } = await create(session, { name: '刘干部', phone: '13800138000' });
    await app.store.bindings.bind({ id: 'web:u1', kind: 'cadre', targetId: id, boundAt: '2025-06-01T00:00:00.000Z' });
    await app.store.bindings.bind({ id: 'telegram:42', kind: 'cadre', targetId: id, boundAt: '2025-06-01T00:00:00.000Z' });
    const res = await app.server.inject({
      method: 'POST',
      url: `/api/admin/cadres/${id}/revoke`,
      headers: writeHeaders(session),
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { unbound: number }).unbound).toBe(2);
    expect(await app.store.bindings.byTarget('cadre', id)).toEqual([]);
    expect(await app.store.bindings.get('web', 'u1')).toBeUndefined();
    expect(await app.store.cadres.redeemCode(hashEnrolmentCode(enrolmentCode), new Date())).toBeUndefined();
    const again = await app.server.inject({
      method: 'POST',
      url: `/api/admin/cadres/${id}/code`,
      headers: writeHeaders(session),
      payload: {},
    });
    expect(again.statusCode).toBe(409);
  });
});

describe('assigned households', () => {
  it('are the assigned villages plus the single households, each once', async () => {
    app = await adminApp();
    const { id } = await create(await login(app), {
      name: '刘干部',
      phone: '13800138000',
      villages: ['神山村', '坝上村'],
      householdIds: ['H0001', 'H0003'],
    });
    const cadre = await app.store.cadres.get(id);
    if (!cadre) throw new Error('cadre not stored');
    const ids = (await app.store.households.find({ cadreId: cadre.id })).map((h) => h.id).sort();
    expect(ids).toEqual(['H0001', 'H0002', 'H0003']);
  });
});

describe('cadre pages', () => {
  it('create from the form and show the code once', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    const res = await app.server.inject({
      method: 'POST',
      url: '/admin/cadres',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrf,
        name: '陈干部',
        phone: '13700137000',
        villages: '神山村\n坝上村',
        householdIds: 'H0003',
      }).toString(),
    });
    expect(res.statusCode).toBe(201);
    const code = /id="enrolment-code">([A-Z2-9]{8})</.exec(res.body)?.[1] ?? '';
    expect(code).toHaveLength(8);
    const list = await app.server.inject({ url: '/admin/cadres', headers: { cookie } });
    expect(list.body).toContain('陈干部');
    expect(list.body).toContain('137****7000');
    expect(list.body).not.toContain(code);
    expect((await app.store.cadres.list())[0]?.villages).toEqual(['神山村', '坝上村']);
  });
});
