import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type LoggedApp, loggedApp } from './helpers.js';

let app: LoggedApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

/** A clock the test moves by hand. */
function clock(start = Date.parse('2026-11-01T08:00:00Z')) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('POST /api/chat rate limits', () => {
  it('default to 30 a minute per user and 300 per IP', async () => {
    const config = loadConfig({});
    expect(config.CHAT_RATE_PER_USER_PER_MINUTE).toBe(30);
    expect(config.CHAT_RATE_PER_IP_PER_MINUTE).toBe(300);
    expect(() => loadConfig({ CHAT_RATE_PER_USER_PER_MINUTE: '0' })).toThrow(/CHAT_RATE_PER_USER_PER_MINUTE/);
  });

  it('answer a flooding user 429 with a clear error and a kind Chinese line, and do not slow other users', async () => {
    const time = clock();
    app = await loggedApp({ CHAT_RATE_PER_USER_PER_MINUTE: '10', CHAT_RATE_PER_IP_PER_MINUTE: '1000' }, { now: time.now });
    const a = app;
    for (let i = 0; i < 10; i += 1) expect((await a.post({ userId: 'flood', text: '你好' })).status).toBe(200);
    const started = performance.now();
    const flood = await Promise.all(Array.from({ length: 200 }, () => a.post({ userId: 'flood', text: '你好' })));
    const floodMs = performance.now() - started;
    expect(flood.every((r) => r.status === 429)).toBe(true);
    const [first] = flood;
    expect(first?.body.error).toMatch(/Too many messages from this chat user \(at most 10 a minute\)\. Wait \d+ s/);
    expect(first?.body.message).toMatch(/您发消息太快了，请歇一会儿，\d+ 秒后再发/);
    // Refusing is cheap: 200 refusals take less time than a handful of real turns would.
    expect(floodMs).toBeLessThan(2000);
    const other = await a.post({ userId: 'calm', text: '你好' });
    expect(other.status).toBe(200);
    expect(other.body.replies?.[0]?.text).toContain('帮扶助手');
    // The flood did not reach the bot: its session counts only the 10 allowed turns.
    expect((await a.store.sessions.getSession('web:flood'))?.version).toBe(10);
    time.advance(6_000);
    expect((await a.post({ userId: 'flood', text: '你好' })).status).toBe(200);
  });

  it('limit an IP that rotates user ids, with Retry-After, while another IP goes on', async () => {
    const time = clock();
    app = await loggedApp({ CHAT_RATE_PER_USER_PER_MINUTE: '30', CHAT_RATE_PER_IP_PER_MINUTE: '20' }, { now: time.now });
    const a = app;
    const results = [];
    for (let i = 0; i < 25; i += 1) results.push(await a.post({ userId: `bot-${i}`, text: '你好' }, '203.0.113.9'));
    expect(results.filter((r) => r.status === 200)).toHaveLength(20);
    expect(results.at(-1)?.status).toBe(429);
    expect(results.at(-1)?.body.error).toContain('this IP address (at most 20 a minute)');
    const res = await a.server.inject({
      method: 'POST',
      url: '/api/chat',
      remoteAddress: '203.0.113.9',
      payload: { userId: 'x', text: 'hi' },
    });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Garbage bodies count against the IP too (they cannot name a user).
    expect((await a.post('{"userId":', '203.0.113.9')).status).toBe(429);
    expect((await a.post({ userId: 'neighbour', text: '你好' }, '198.51.100.7')).status).toBe(200);
  });

  it("do not let one user's flood use up the allowance of everyone behind the same IP", async () => {
    app = await loggedApp({ CHAT_RATE_PER_USER_PER_MINUTE: '5', CHAT_RATE_PER_IP_PER_MINUTE: '20' }, { now: clock().now });
    const a = app;
    for (let i = 0; i < 100; i += 1) await a.post({ userId: 'flood', text: '你好' }, '192.0.2.1');
    const colleagues = [];
    for (let i = 0; i < 10; i += 1) colleagues.push(await a.post({ userId: `office-${i}`, text: '你好' }, '192.0.2.1'));
    expect(colleagues.every((r) => r.status === 200)).toBe(true);
  });
});

describe('POST /api/chat body size', () => {
  it('refuses a body over 16 kB with 413 before parsing it', async () => {
    app = await loggedApp();
    const res = await app.post({ userId: 'big', text: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/too large/i);
  });
});
