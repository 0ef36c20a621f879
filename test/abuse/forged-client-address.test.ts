import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

async function app(env: Record<string, string>): Promise<TestApp> {
  const a = await createTestApp({ CHAT_RATE_PER_IP_PER_MINUTE: '5', CHAT_RATE_PER_USER_PER_MINUTE: '1000', ...env });
  apps.push(a);
  return a;
}

/** The client address the server recorded for a failed dashboard login from `remoteAddress` with this X-Forwarded-For ('' = none). */
async function seenAs(a: TestApp, remoteAddress: string, forwardedFor: string): Promise<string | undefined> {
  const headers = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
  const username = `probe-${Math.random().toString(36).slice(2)}`;
  await a.server.inject({ method: 'POST', url: '/api/admin/login', remoteAddress, headers, payload: { username, password: 'not-it-123' } });
  return (await a.store.audit.search({ action: 'login.failed' })).items.find((e) => e.detail === username)?.ip;
}

const PROXY = '10.0.0.2';
const CLIENT = '203.0.113.7';

describe('TRUST_PROXY (item 4)', () => {
  it.each([
    // [TRUST_PROXY, socket peer, X-Forwarded-For as it arrives, the client the server must see]
    ['0', CLIENT, '6.6.6.6', CLIENT],
    ['0', PROXY, `6.6.6.6, ${CLIENT}`, PROXY],
    ['1', PROXY, CLIENT, CLIENT],
    ['1', PROXY, `6.6.6.6, ${CLIENT}`, CLIENT],
    ['1', PROXY, `1.1.1.1, 2.2.2.2, 6.6.6.6, ${CLIENT}`, CLIENT],
    ['1', PROXY, '', PROXY],
    ['true', PROXY, `6.6.6.6, ${CLIENT}`, CLIENT],
    ['2', PROXY, `6.6.6.6, ${CLIENT}, 10.0.0.9`, CLIENT],
    ['2', PROXY, `${CLIENT}, 10.0.0.9`, CLIENT],
    ['10.0.0.0/8', PROXY, `6.6.6.6, ${CLIENT}`, CLIENT],
    ['10.0.0.0/8', PROXY, `6.6.6.6, ${CLIENT}, 10.0.0.9, 10.1.2.3`, CLIENT],
    // A client that reaches the server directly (not through a listed proxy) cannot name itself.
    ['10.0.0.0/8', CLIENT, '6.6.6.6', CLIENT],
    ['10.0.0.2, 192.168.1.0/24', '192.168.1.50', `6.6.6.6, ${CLIENT}`, CLIENT],
    ['10.0.0.2, 192.168.1.0/24', '10.0.0.3', `6.6.6.6, ${CLIENT}`, '10.0.0.3'],
    ['loopback', '127.0.0.1', `6.6.6.6, ${CLIENT}`, CLIENT],
    ['::1', '::1', `6.6.6.6, 2001:db8::7`, '2001:db8::7'],
  ])('TRUST_PROXY=%s: from %s with X-Forwarded-For "%s" the client is %s', async (trust, peer, forwarded, client) => {
    const a = await app({ TRUST_PROXY: trust });
    expect(await seenAs(a, peer, forwarded)).toBe(client);
  });

  it.each([
    ['1', PROXY],
    ['10.0.0.0/8', PROXY],
    ['10.0.0.0/8', CLIENT],
    ['0', CLIENT],
  ])('TRUST_PROXY=%s: varying a forged X-Forwarded-For prefix does not escape the per-IP chat limit', async (trust, peer) => {
    const a = await app({ TRUST_PROXY: trust });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const forwarded = peer === PROXY ? `198.18.0.${i}, ${CLIENT}` : `198.18.0.${i}`;
      const res = await a.server.inject({
        method: 'POST',
        url: '/api/chat',
        remoteAddress: peer,
        headers: { 'x-forwarded-for': forwarded },
        payload: { userId: 'same-user', text: '你好' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
  });

  it('reads https from X-Forwarded-Proto only from a trusted proxy', async () => {
    const listed = await app({ TRUST_PROXY: '10.0.0.0/8' });
    const login = (remoteAddress: string) =>
      listed.server.inject({
        method: 'POST',
        url: '/api/admin/login',
        remoteAddress,
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username: 'admin', password: 'test-admin-password-1' },
      });
    expect(String((await login(PROXY)).headers['set-cookie'])).toContain('Secure');
    expect(String((await login(CLIENT)).headers['set-cookie'])).not.toContain('Secure');
  });

  it.each([
    ['0', { kind: 'none' }],
    ['false', { kind: 'none' }],
    ['1', { kind: 'hops', hops: 1 }],
    ['yes', { kind: 'hops', hops: 1 }],
    ['3', { kind: 'hops', hops: 3 }],
    [' 10.0.0.1 , 192.168.0.0/16 ', { kind: 'proxies', proxies: ['10.0.0.1', '192.168.0.0/16'] }],
    ['fd00::/8,loopback', { kind: 'proxies', proxies: ['fd00::/8', 'loopback'] }],
  ])('reads TRUST_PROXY=%j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it.each(['11', '-1', 'everything', '10.0.0.1/33', '10.0.0.300', '10.0.0.1,,nonsense', '1.5'])('refuses TRUST_PROXY=%j', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY=.*must be 0 \(no proxy\), the number of reverse proxies/);
  });

  it('defaults to trusting no proxy', async () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual({ kind: 'none' });
  });
});
