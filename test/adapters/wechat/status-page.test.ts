import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { qrSvg } from '../../../adapters/wechat/qr-svg.js';
import { type WeChatStatus, WeChatStatusBoard } from '../../../adapters/wechat/status.js';
import { registerWeChatStatusPage } from '../../../adapters/wechat/status-page.js';
import type { AdminAuth } from '../../../src/admin/auth/sessions.js';

const AUTH = {
  user: { id: 's1', username: 'admin', displayName: '管理员', role: 'admin', unit: '', mustChangePassword: false, disabled: false },
  session: { id: 'x', staffId: 's1', csrfToken: 'csrf', createdAt: '', lastSeenAt: '', ip: '' },
} as unknown as AdminAuth;

/** The page on a bare server whose "guard" signs everyone in (the real guard is the admin plugin's). */
async function page(status: () => WeChatStatus | undefined) {
  const app = Fastify();
  app.decorateRequest('adminAuth', null);
  app.addHook('onRequest', async (request) => {
    request.adminAuth = AUTH;
  });
  registerWeChatStatusPage(app, { status });
  return app;
}

/** The dark modules of a QR SVG, read back from its path. */
function modules(svg: string): Set<string> {
  const d = /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
  return new Set([...d.matchAll(/M(\d+) (\d+)/g)].map((m) => `${m[1]},${m[2]}`));
}

describe('the WeChat status page', () => {
  it('shows the QR code as an inline SVG while waiting for a scan, and refreshes itself', async () => {
    const board = new WeChatStatusBoard('personal');
    board.update({ state: 'waiting-scan', qrUrl: 'https://login.weixin.qq.com/l/Abc123==' });
    const app = await page(() => board.snapshot());
    const response = await app.inject({ method: 'GET', url: '/admin/wechat' });
    expect(response.statusCode).toBe(200);
    expect(response.headers.refresh).toBe('10');
    expect(response.body).toContain('等待扫码登录');
    expect(response.body).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*><rect/);
    expect(response.body).toContain('https://login.weixin.qq.com/l/Abc123==');
  });

  it('shows the account, queue and last error once logged in, and the same as JSON', async () => {
    const board = new WeChatStatusBoard('personal');
    board.update({ state: 'logged-in', account: '帮扶助手<b>', lastError: 'logged out: kicked' });
    board.attach(() => ({ queue: 3, sent: 7 }));
    const app = await page(() => board.snapshot());
    const html = (await app.inject({ method: 'GET', url: '/admin/wechat' })).body;
    expect(html).toContain('运行中');
    expect(html).toContain('帮扶助手&lt;b&gt;');
    expect(html).toContain('logged out: kicked');
    expect(html).not.toContain('<svg');
    const json = (await app.inject({ method: 'GET', url: '/api/admin/wechat' })).json();
    expect(json).toMatchObject({ mode: 'personal', state: 'logged-in', queue: 3, sent: 7 });
  });

  it('says how to turn WeChat on when it is not configured', async () => {
    const app = await page(() => undefined);
    expect((await app.inject({ method: 'GET', url: '/admin/wechat' })).body).toContain('WECHATY_PUPPET');
  });

  it('declares its dashboard permission, so the admin guard checks it', async () => {
    const app = Fastify();
    const rules: unknown[] = [];
    app.addHook('onRoute', (route) => {
      if (route.method === 'GET') rules.push(route.config);
    });
    registerWeChatStatusPage(app, { status: () => undefined });
    await app.ready();
    expect(rules).toEqual([{ admin: { permission: 'overview.read' } }, { admin: { permission: 'overview.read' } }]);
  });
});

describe('the QR code SVG', () => {
  it('draws the three finder patterns inside a 4-module quiet zone', async () => {
    const svg = qrSvg('https://login.weixin.qq.com/l/Abc123==');
    const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
    const count = size - 8;
    expect((count - 17) % 4).toBe(0);
    const dark = modules(svg);
    const finder = (x: number, y: number) => {
      for (let i = 0; i < 7; i += 1) {
        // The outer ring of a finder pattern is dark all round; the ring inside it is light.
        for (const [dx, dy] of [
          [i, 0],
          [i, 6],
          [0, i],
          [6, i],
        ] as const)
          expect(dark.has(`${x + dx},${y + dy}`)).toBe(true);
        if (i >= 1 && i <= 5) expect(dark.has(`${x + i},${y + 1}`)).toBe(false);
      }
    };
    finder(4, 4);
    finder(4 + count - 7, 4);
    finder(4, 4 + count - 7);
    expect([...dark].every((key) => key.split(',').every((n) => Number(n) >= 4 && Number(n) < 4 + count))).toBe(true);
  });
});
