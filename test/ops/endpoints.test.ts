import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { waitFor } from '../adapters/telegram/harness.js';
import { FAKE_OA, FakeWeChatApi } from '../fakes/wechat-api.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const TOKEN = 'metrics-token-0123456789abcdef';
const TELEGRAM = { TELEGRAM_BOT_TOKEN: '123456:AAE-test-token' };
const officialAccount = {
  WECHAT_MODE: 'official-account',
  WECHAT_OA_APP_ID: FAKE_OA.appId,
  WECHAT_OA_APP_SECRET: FAKE_OA.secret,
  WECHAT_OA_TOKEN: FAKE_OA.token,
};

let app: TestApp | undefined;
let fake: FakeWeChatApi | undefined;
afterEach(async () => {
  await app?.dispose();
  await fake?.close();
  app = undefined;
  fake = undefined;
});

async function readyz(a: TestApp) {
  const response = await a.server.inject({ method: 'GET', url: '/readyz' });
  return { code: response.statusCode, body: response.json() as { status: string; checks: Record<string, string> } };
}

describe('GET /healthz', () => {
  it('answers 200 {"status":"ok"} to anyone, uncached', async () => {
    app = await createTestApp();
    const response = await app.server.inject({ method: 'GET', url: '/healthz', remoteAddress: '203.0.113.9' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('GET /readyz', () => {
  it('is ready with a writable store and only the web channel', async () => {
    app = await createTestApp();
    expect(await readyz(app)).toEqual({ code: 200, body: { status: 'ok', checks: { store: 'ok' } } });
  });

  it('is starting while Telegram has not started, ready once it has, degraded when it stops', async () => {
    app = await createTestApp(TELEGRAM);
    expect(await readyz(app)).toEqual({ code: 503, body: { status: 'starting', checks: { store: 'ok', telegram: 'starting' } } });
    const adapter = { running: true };
    await app.readiness.track(
      'telegram',
      async () => adapter,
      (a) => (a.running ? 'ok' : 'failed'),
    );
    expect(await readyz(app)).toEqual({ code: 200, body: { status: 'ok', checks: { store: 'ok', telegram: 'ok' } } });
    adapter.running = false;
    expect(await readyz(app)).toEqual({ code: 503, body: { status: 'degraded', checks: { store: 'ok', telegram: 'failed' } } });
  });

  it('is starting until the Official Account has created its menu, then ready', async () => {
    fake = await FakeWeChatApi.start();
    app = await createTestApp({ ...officialAccount, WECHAT_API_ROOT: fake.root });
    expect(await app.readiness.report()).toEqual({ status: 'starting', checks: { store: 'ok', 'wechat-oa': 'starting' } });
    await app.server.ready();
    await waitFor(() => app?.wechatStatus.snapshot().state === 'logged-in', { what: 'the menu call' });
    expect(await readyz(app)).toEqual({ code: 200, body: { status: 'ok', checks: { store: 'ok', 'wechat-oa': 'ok' } } });
  });

  it('is degraded when the Official Account cannot reach the WeChat API', async () => {
    app = await createTestApp({ ...officialAccount, WECHAT_API_ROOT: 'http://127.0.0.1:9' });
    await app.server.ready();
    await waitFor(() => app?.wechatStatus.snapshot().state === 'error', { what: 'the failed menu call' });
    expect(await readyz(app)).toEqual({ code: 503, body: { status: 'degraded', checks: { store: 'ok', 'wechat-oa': 'failed' } } });
  });

  it('is degraded while the data dir takes no writes, and ready again once it does', async () => {
    app = await createTestApp();
    expect((await readyz(app)).code).toBe(200);
    // Root ignores file modes, so a directory where the store log goes makes every write fail, as a read-only disk would.
    const log = join(app.dataDir, 'store.log');
    await rename(log, `${log}.aside`);
    await mkdir(join(log, 'blocker'), { recursive: true });
    expect(await readyz(app)).toEqual({ code: 503, body: { status: 'degraded', checks: { store: 'failed' } } });
    await rm(log, { recursive: true });
    await rename(`${log}.aside`, log);
    expect(await readyz(app)).toEqual({ code: 200, body: { status: 'ok', checks: { store: 'ok' } } });
  });
});

describe('GET /metrics access', () => {
  // One app per configuration: the cases differ mostly in the request.
  const apps = new Map<string, Promise<TestApp>>();
  const appFor = (env: Record<string, string> = {}) => {
    const key = JSON.stringify(env);
    const made = apps.get(key) ?? createTestApp(env);
    apps.set(key, made);
    return made;
  };
  afterAll(async () => {
    for (const made of apps.values()) await (await made).dispose();
  });

  type Case = [string, number, { remoteAddress: string; headers?: Record<string, string>; env?: Record<string, string> }];
  it.each<Case>([
    ['IPv4 loopback', 200, { remoteAddress: '127.0.0.1' }],
    ['another 127/8 address', 200, { remoteAddress: '127.0.0.53' }],
    ['IPv6 loopback', 200, { remoteAddress: '::1' }],
    ['IPv4-mapped loopback', 200, { remoteAddress: '::ffff:127.0.0.1' }],
    ['a LAN address', 403, { remoteAddress: '10.0.0.5' }],
    ['a public address', 403, { remoteAddress: '203.0.113.9' }],
    ['an IPv4-mapped public address', 403, { remoteAddress: '::ffff:203.0.113.9' }],
    [
      'a forged X-Forwarded-For: 127.0.0.1 with TRUST_PROXY=1',
      403,
      { remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '127.0.0.1' }, env: { TRUST_PROXY: '1' } },
    ],
    [
      'a request a local proxy forwarded',
      403,
      { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' }, env: { TRUST_PROXY: '1' } },
    ],
    [
      'a local proxy forwarding a forged 127.0.0.1',
      403,
      { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '127.0.0.1, 203.0.113.9' }, env: { TRUST_PROXY: '1' } },
    ],
    ['a Forwarded header', 403, { remoteAddress: '127.0.0.1', headers: { forwarded: 'for=203.0.113.9' } }],
    [
      'the right token from anywhere',
      200,
      { remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${TOKEN}` }, env: { METRICS_TOKEN: TOKEN } },
    ],
    [
      'the right token through the proxy',
      200,
      {
        remoteAddress: '127.0.0.1',
        headers: { authorization: `bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.9' },
        env: { METRICS_TOKEN: TOKEN, TRUST_PROXY: '1' },
      },
    ],
    ['a wrong token', 403, { remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${TOKEN}x` }, env: { METRICS_TOKEN: TOKEN } }],
    [
      'a token of the wrong scheme',
      403,
      { remoteAddress: '203.0.113.9', headers: { authorization: `Basic ${TOKEN}` }, env: { METRICS_TOKEN: TOKEN } },
    ],
    ['a token when none is configured', 403, { remoteAddress: '203.0.113.9', headers: { authorization: 'Bearer anything-at-all-123' } }],
    ['loopback without the token when one is configured', 200, { remoteAddress: '127.0.0.1', env: { METRICS_TOKEN: TOKEN } }],
  ])('%s → %i', async (_name, code, { remoteAddress, headers, env }) => {
    const response = await (await appFor(env)).server.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
    expect(response.statusCode).toBe(code);
    if (code === 200) {
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(response.body).toContain('bangfu_chat_messages_total');
    } else {
      expect(response.body).not.toContain('bangfu_');
    }
  });
});

describe('METRICS_TOKEN', () => {
  it.each(['short', 'has a space in it somewhere', 'x'.repeat(257)])('refuses %j', (value) => {
    expect(() => loadConfig({ METRICS_TOKEN: value })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: value })).toThrow(/METRICS_TOKEN/);
  });

  it('accepts a long random token', async () => {
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).METRICS_TOKEN).toBe(TOKEN);
  });
});
