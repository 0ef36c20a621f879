import { afterEach, describe, expect, it } from 'vitest';
import { PER_CLIENT, PER_CLIENT_AND_USER } from '../../src/admin/auth/login-limiter.js';
import type { TestApp } from '../helpers/test-app.js';
import { ADMIN_PASSWORD, adminApp } from './helpers.js';

let app: TestApp;
afterEach(async () => app?.dispose());

const OFFICE = '198.51.100.7';
const ATTACKER = '203.0.113.9';

function clock() {
  let now = Date.parse('2025-06-01T08:00:00Z');
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

const login = (ip: string, password: string, username = 'admin') =>
  app.server.inject({ method: 'POST', url: '/api/admin/login', remoteAddress: ip, payload: { username, password } });

async function fail(ip: string, times: number, username = 'admin'): Promise<void> {
  for (let i = 0; i < times; i += 1) expect((await login(ip, `wrong-password-${i}`, username)).statusCode).toBe(401);
}

describe('dashboard login limits', () => {
  it('never let failures from other addresses lock the account for its owner', async () => {
    app = await adminApp({ now: clock().now });
    const attackers = ['203.0.113.1', '203.0.113.2', '203.0.113.3'];
    for (const ip of attackers) await fail(ip, PER_CLIENT_AND_USER.free);
    for (const ip of attackers) expect((await login(ip, ADMIN_PASSWORD)).statusCode, ip).toBe(429);
    expect((await login(OFFICE, ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('still limit one address that cycles through usernames, and only that address', async () => {
    app = await adminApp({ now: clock().now });
    for (let i = 0; i < PER_CLIENT.free; i += 1) expect((await login(ATTACKER, 'x', `guess${i}`)).statusCode).toBe(401);
    expect((await login(ATTACKER, ADMIN_PASSWORD)).statusCode).toBe(429);
    expect((await login(ATTACKER, 'x', 'a-new-name')).statusCode).toBe(429);
    expect((await login(OFFICE, ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('double the wait with each further failure, and say how long at most', async () => {
    const time = clock();
    app = await adminApp({ now: time.now });
    await fail(ATTACKER, PER_CLIENT_AND_USER.free);
    for (const minutes of [1, 2, 4, 8]) {
      const blocked = await login(ATTACKER, ADMIN_PASSWORD);
      expect(blocked.statusCode, `${minutes} min`).toBe(429);
      expect(blocked.headers['retry-after']).toBe(String(minutes * 60));
      expect(blocked.json().error).toContain(`最多等 ${minutes} 分钟`);
      time.advance(minutes * 60_000 - 1000);
      expect((await login(ATTACKER, ADMIN_PASSWORD)).statusCode, `${minutes} min, 1 s early`).toBe(429);
      time.advance(2000);
      await fail(ATTACKER, 1);
    }
    time.advance(16 * 60_000 + 1000);
    expect((await login(ATTACKER, ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('stop growing at an hour', async () => {
    const time = clock();
    app = await adminApp({ now: time.now });
    await fail(ATTACKER, PER_CLIENT_AND_USER.free);
    for (const minutes of [1, 2, 4, 8, 16, 32, 60, 60]) {
      time.advance(minutes * 60_000 + 1000);
      await fail(ATTACKER, 1);
    }
    expect((await login(ATTACKER, ADMIN_PASSWORD)).headers['retry-after']).toBe('3600');
  });

  it('apply to the login page the same way', async () => {
    app = await adminApp({ now: clock().now });
    await fail(ATTACKER, PER_CLIENT_AND_USER.free);
    const page = await app.server.inject({ url: '/admin/login', remoteAddress: ATTACKER });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const form = (ip: string) =>
      app.server.inject({
        method: 'POST',
        url: '/admin/login',
        remoteAddress: ip,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `bangfu_login_csrf=${token}` },
        payload: new URLSearchParams({ _csrf: token, username: 'admin', password: ADMIN_PASSWORD }).toString(),
      });
    const blocked = await form(ATTACKER);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('登录失败次数过多');
    expect((await form(OFFICE)).statusCode).toBe(303);
  });
});
