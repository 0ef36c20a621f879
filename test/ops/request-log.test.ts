import { afterEach, describe, expect, it } from 'vitest';
import { type LoggedApp, loggedApp } from '../abuse/helpers.js';

type Line = { level: number; msg: string; reqId?: string; method?: string; url?: string; status?: number; ms?: number };

let app: LoggedApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

/** The log lines written while `act` ran. */
async function linesDuring(a: LoggedApp, act: () => Promise<unknown>): Promise<Line[]> {
  const before = a.logs().length;
  await act();
  return a
    .logs()
    .slice(before)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

describe('request logs', () => {
  it('are one JSON line per request at info: method, path without the query, status and ms', async () => {
    app = await loggedApp({ LOG_LEVEL: 'info' });
    const a = app;
    await a.server.ready();
    const lines = await linesDuring(a, async () => {
      await a.server.inject({ method: 'GET', url: '/api/chat/messages?userId=secret-user-id' });
      await a.post({ userId: 'secret-user-id', text: '你好' });
      await a.server.inject({ method: 'GET', url: '/no-such-page?userId=secret-user-id' });
    });
    expect(lines.map(({ level, msg, method, url, status }) => ({ level, msg, method, url, status }))).toEqual([
      { level: 30, msg: 'request', method: 'GET', url: '/api/chat/messages', status: 200 },
      { level: 30, msg: 'request', method: 'POST', url: '/api/chat', status: 200 },
      { level: 30, msg: 'request', method: 'GET', url: '/no-such-page', status: 404 },
    ]);
    expect(lines.every((l) => typeof l.ms === 'number' && l.ms >= 0 && typeof l.reqId === 'string')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('secret-user-id');
  });

  it('log a client error once, at info', async () => {
    app = await loggedApp({ LOG_LEVEL: 'info' });
    const a = app;
    await a.server.ready();
    const lines = await linesDuring(a, () =>
      a.server.inject({ method: 'POST', url: '/api/chat', payload: '{not json', headers: { 'content-type': 'application/json' } }),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'request', url: '/api/chat', status: 400 });
  });

  it.each([
    ['info', 0],
    ['debug', 3],
  ])('leave successful probes out at %s (lines: %i)', async (level, count) => {
    app = await loggedApp({ LOG_LEVEL: level });
    const a = app;
    await a.server.ready();
    const lines = await linesDuring(a, async () => {
      for (const url of ['/healthz', '/readyz', '/metrics']) expect((await a.server.inject({ method: 'GET', url })).statusCode).toBe(200);
    });
    expect(lines.filter((l) => l.msg === 'request')).toHaveLength(count);
  });

  it('log a refused /metrics request at info', async () => {
    app = await loggedApp({ LOG_LEVEL: 'info' });
    const a = app;
    await a.server.ready();
    const lines = await linesDuring(a, () => a.server.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' }));
    expect(lines).toMatchObject([{ level: 30, msg: 'request', url: '/metrics', status: 403 }]);
  });
});
