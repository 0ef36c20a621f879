import { afterEach, describe, expect, it } from 'vitest';
import { PER_CLIENT, PER_CLIENT_AND_USER } from '../../src/admin/auth/login-limiter.js';
import { CLIENT_LIMIT, NAME_LIMIT } from '../../src/flows/household/verify-limits.js';
import { ADMIN_PASSWORD, type LoggedApp, loggedApp } from './helpers.js';

// The demo data (content/demo): household 张大山, ID tail 150117; cadre code GANBU888.
const NAME = '张大山';
const TAIL = '150117';
const WRONG_TAIL = '999999';
const CODE = 'GANBU888';

let app: LoggedApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

function clock() {
  let now = Date.parse('2026-11-01T08:00:00Z');
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

const say = async (a: LoggedApp, userId: string, text: string) => {
  const res = await a.post({ userId, text });
  expect(res.status).toBe(200);
  return (res.body.replies ?? []).map((r) => r.text).join('\n');
};

/** Starts verification and answers name and tail; returns the last answer, or the refusal to start. */
async function verify(a: LoggedApp, userId: string, tail: string): Promise<string> {
  const start = await say(a, userId, '查询我家帮扶情况');
  if (start.includes('次数太多')) return start;
  await say(a, userId, NAME);
  return say(a, userId, tail);
}

const login = (a: LoggedApp, username: string, password: string, ip = '127.0.0.1') =>
  a.server.inject({ method: 'POST', url: '/api/admin/login', remoteAddress: ip, payload: { username, password } });

describe('dashboard login limits (src/admin/auth/login-limiter.ts)', () => {
  it(`hold back one address after ${PER_CLIENT_AND_USER.free} failures on a username, even with the right password; the owner elsewhere still logs in`, async () => {
    app = await loggedApp();
    for (let i = 0; i < PER_CLIENT_AND_USER.free; i += 1)
      expect((await login(app, 'admin', `wrong-${i}-password`, '203.0.113.5')).statusCode).toBe(401);
    const locked = await login(app, 'admin', ADMIN_PASSWORD, '203.0.113.5');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error).toContain('登录失败次数过多');
    expect((await login(app, 'admin', ADMIN_PASSWORD, '198.51.100.1')).statusCode).toBe(200);
  });

  it(`hold back an address after ${PER_CLIENT.free} failures over many usernames; other addresses still log in`, async () => {
    app = await loggedApp();
    for (let i = 0; i < PER_CLIENT.free; i += 1) await login(app, `guess-${i}`, 'wrong-password-x', '203.0.113.5');
    expect((await login(app, 'admin', ADMIN_PASSWORD, '203.0.113.5')).statusCode).toBe(429);
    expect((await login(app, 'admin', ADMIN_PASSWORD, '198.51.100.1')).statusCode).toBe(200);
  });
});

describe('household verification limits (src/flows/household/verify-limits.ts)', () => {
  it(`hold a client back after ${CLIENT_LIMIT.free} wrong tries, even with the right tail, then let it in after the wait`, async () => {
    const time = clock();
    app = await loggedApp({ SEED_DEMO: '1' }, { now: time.now });
    for (let i = 0; i < CLIENT_LIMIT.free; i += 1) await verify(app, 'guesser', WRONG_TAIL);
    expect(await verify(app, 'guesser', TAIL)).toContain('核对没通过的次数太多');
    expect(await app.store.bindings.get('web', 'guesser')).toBeUndefined();
    time.advance(CLIENT_LIMIT.firstWaitMs);
    expect(await verify(app, 'guesser', TAIL)).toContain('核对成功');
  });

  it(`hold a name back after ${NAME_LIMIT.max} wrong tries from many clients, for everyone trying that name`, async () => {
    app = await loggedApp({ SEED_DEMO: '1', CHAT_NEW_USERS_PER_IP_PER_HOUR: '1000' }, { now: clock().now });
    const a = app;
    for (let i = 0; i < NAME_LIMIT.max * 2; i += 1) {
      for (const text of ['查询我家帮扶情况', NAME, WRONG_TAIL]) await a.post({ userId: `guesser-${i}`, text }, `192.0.2.${i + 1}`);
    }
    const fresh = await verify(a, 'the-real-son', TAIL);
    expect(fresh).toContain('核对没通过的次数太多');
    expect(await a.store.bindings.get('web', 'the-real-son')).toBeUndefined();
  });
});

describe('cadre enrolment code limits (src/flows/cadre/enrol.ts)', () => {
  it('refuse a user after 5 wrong codes a day, even the right one; another user still enrols', async () => {
    app = await loggedApp({ SEED_DEMO: '1' }, { now: clock().now });
    for (let i = 0; i < 5; i += 1) expect(await say(app, 'prober', `干部绑定 ABCDEFG${i + 2}`)).toContain('这个绑定码不对');
    expect(await say(app, 'prober', `干部绑定 ${CODE}`)).toContain('错误次数太多');
    expect(await app.store.bindings.get('web', 'prober')).toBeUndefined();
    expect(await say(app, 'cadre', `干部绑定 ${CODE}`)).toContain('绑定成功');
  });
});
