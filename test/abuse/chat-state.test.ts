import { afterEach, describe, expect, it } from 'vitest';
import { pruneChatState } from '../../src/store/retention.js';
import { createTestApp, type TestApp, tempDir } from '../helpers/test-app.js';

const DAY = 24 * 3600_000;
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

function clock() {
  let now = Date.parse('2026-11-01T08:00:00Z');
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

async function app(env: Record<string, string>, options: { now?: () => Date; dataDir?: string } = {}): Promise<TestApp> {
  const a = await createTestApp(env, options);
  apps.push(a);
  return a;
}

const post = (a: TestApp, userId: string, text: string, remoteAddress = '203.0.113.1', headers: Record<string, string> = {}) =>
  a.server.inject({ method: 'POST', url: '/api/chat', remoteAddress, headers, payload: { userId, text } });

const poll = (a: TestApp, userId: string, remoteAddress = '203.0.113.1') =>
  a.server.inject({ method: 'GET', url: `/api/chat/messages?userId=${encodeURIComponent(userId)}`, remoteAddress });

const LOOSE = { CHAT_RATE_PER_IP_PER_MINUTE: '1000000', CHAT_NEW_USERS_PER_IP_PER_HOUR: '1000000' };

describe('idle sessions are pruned (item 10)', () => {
  it('drops sessions idle past SESSION_RETENTION_DAYS, keeps recent ones and forms still inside the idle window', async () => {
    const time = clock();
    const a = await app({ ...LOOSE, SESSION_RETENTION_DAYS: '30' }, { now: time.now });
    for (let i = 0; i < 1000; i += 1) expect((await post(a, `fake-${i}`, '你好', `198.18.${i >> 8}.${i & 255}`)).statusCode).toBe(200);
    time.advance(29 * DAY);
    await post(a, 'regular', '你好');
    time.advance(DAY + 3600_000);
    // A user in the middle of a form a minute ago.
    await post(a, 'filling', '我要留言');
    expect((await a.store.sessions.getSession('web:filling'))?.form).toBeDefined();
    expect(await a.store.sessions.count()).toBe(1002);
    expect(await pruneChatState(a.store, time.now(), a.config)).toMatchObject({ sessions: 1000 });
    expect(await a.store.sessions.count()).toBe(2);
    expect(await a.store.sessions.getSession('web:regular')).toBeDefined();
    expect((await a.store.sessions.getSession('web:filling'))?.form).toBeDefined();
  });

  it('prunes at start-up, so a restart sheds what piled up while it was down', async () => {
    const time = clock();
    const dataDir = await tempDir();
    const first = await createTestApp(LOOSE, { now: time.now, dataDir });
    for (let i = 0; i < 50; i += 1) await post(first, `fake-${i}`, '你好');
    await first.close();
    time.advance(31 * DAY);
    const second = await app(LOOSE, { now: time.now, dataDir });
    expect(await second.store.sessions.count()).toBe(0);
  });

  it('never drops a form inside the idle window, even with the shortest retention', async () => {
    const time = clock();
    const a = await app({ ...LOOSE, SESSION_RETENTION_DAYS: '1', SESSION_IDLE_MINUTES: '1440' }, { now: time.now });
    await post(a, 'slow', '我要留言');
    time.advance(DAY - 60_000);
    await pruneChatState(a.store, time.now(), { SESSION_RETENTION_DAYS: 1, SESSION_IDLE_MINUTES: 1440 });
    // Guard against a retention shorter than the idle window, whatever the settings.
    await pruneChatState(a.store, time.now(), { SESSION_RETENTION_DAYS: 0, SESSION_IDLE_MINUTES: 1440 });
    expect((await a.store.sessions.getSession('web:slow'))?.form).toBeDefined();
    time.advance(2 * 60_000);
    await pruneChatState(a.store, time.now(), { SESSION_RETENTION_DAYS: 1, SESSION_IDLE_MINUTES: 1440 });
    expect(await a.store.sessions.getSession('web:slow')).toBeUndefined();
  });
});

describe('new web user ids are capped per client address (item 10)', () => {
  it('refuses an address rotating user ids once it brought in CHAT_NEW_USERS_PER_IP_PER_HOUR, and stores nothing for them', async () => {
    const time = clock();
    const a = await app({ CHAT_NEW_USERS_PER_IP_PER_HOUR: '10', CHAT_RATE_PER_IP_PER_MINUTE: '1000000' }, { now: time.now });
    await post(a, 'known', '你好');
    const statuses: number[] = [];
    for (let i = 0; i < 500; i += 1) statuses.push((await post(a, `rotating-${i}`, '你好')).statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(9);
    expect(await a.store.sessions.count()).toBe(10);
    const refused = await post(a, 'one-more', '你好');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toContain('Too many new chat users from this IP address (at most 10 an hour)');
    expect(refused.json().message).toContain('新来问的人太多了');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Users this address already has go on; another address is not affected.
    expect((await post(a, 'known', '菜单')).statusCode).toBe(200);
    expect((await post(a, 'elsewhere', '你好', '198.51.100.4')).statusCode).toBe(200);
    // An hour later the allowance has refilled.
    time.advance(3600_000);
    expect((await post(a, 'next-hour', '你好')).statusCode).toBe(200);
  });

  it.each([
    ['a forged X-Forwarded-For (no trusted proxy)', (i: number) => ['203.0.113.1', { 'x-forwarded-for': `198.18.0.${i}` }] as const],
    ['addresses inside one IPv6 /64', (i: number) => [`2001:db8:5:6::${(i + 1).toString(16)}`, {}] as const],
    ['an IPv4-mapped IPv6 form of the same address', (i: number) => [i % 2 ? '::ffff:203.0.113.1' : '203.0.113.1', {}] as const],
  ])('is not escaped by %s', async (_how, from) => {
    const a = await app({ CHAT_NEW_USERS_PER_IP_PER_HOUR: '5', CHAT_RATE_PER_IP_PER_MINUTE: '1000000' });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const [ip, headers] = from(i);
      statuses.push((await post(a, `id-${i}`, '你好', ip, headers)).statusCode);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
  });
});

describe('GET /api/chat/messages is rate-limited per client address (item 10)', () => {
  it('answers 429 past CHAT_POLLS_PER_IP_PER_MINUTE, whatever user ids are polled, and polls store nothing', async () => {
    const time = clock();
    const a = await app({ CHAT_POLLS_PER_IP_PER_MINUTE: '20' }, { now: time.now });
    const before = a.store.writtenBytes();
    const statuses: number[] = [];
    for (let i = 0; i < 200; i += 1) statuses.push((await poll(a, `random-${i}`)).statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    const refused = await poll(a, 'random-x');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toContain('Too many message polls from this IP address (at most 20 a minute)');
    expect((await poll(a, 'other', '198.51.100.9')).statusCode).toBe(200);
    expect(a.store.writtenBytes()).toEqual(before);
    expect(await a.store.sessions.count()).toBe(0);
    time.advance(3_000);
    expect((await poll(a, 'random-0')).statusCode).toBe(200);
  });

  it('lets the chat page poll at its pace (every 5 s) from many tabs behind one address by default', async () => {
    const time = clock();
    const a = await app({}, { now: time.now });
    for (let tick = 0; tick < 24; tick += 1) {
      for (let tab = 0; tab < 40; tab += 1) expect((await poll(a, `tab-${tab}`)).statusCode).toBe(200);
      time.advance(5_000);
    }
  });
});
