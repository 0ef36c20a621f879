import { afterEach, describe, expect, it } from 'vitest';
import { fakeHash } from '../helpers/fake-hash.js';
import { ADMIN_PASSWORD, type LoggedApp, loggedApp } from './helpers.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

let app: LoggedApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

async function chat(a: LoggedApp, userId: string, text: string): Promise<string> {
  const res = await a.post({ userId, text });
  expect(res.status).toBe(200);
  return (res.body.replies ?? []).map((r) => r.text).join('\n');
}

async function adminCookie(a: LoggedApp): Promise<string> {
  const res = await a.server.inject({ method: 'POST', url: '/api/admin/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
  expect(res.statusCode).toBe(200);
  const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('bangfu_admin='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] as string;
}

/** Asserts a dashboard page shows the typed markup as text only. */
function expectEscaped(url: string, html: string): void {
  expect(html, url).not.toContain(SCRIPT);
  expect(html, url).not.toContain('<img src=x');
  // An onerror= may appear only inside an escaped, quoted value, never as an attribute of its own.
  expect(html.replace(/"[^"]*"/g, '""'), url).not.toMatch(/<[a-z]+[^>]*\sonerror=/i);
}

describe('markup typed into a complaint by chat', () => {
  it('shows as text on the complaint list and detail pages', async () => {
    app = await loggedApp({ CHAT_RATE_PER_USER_PER_MINUTE: '1000' });
    const a = app;
    // The dashboard's complaint pages (src/admin/pages/complaints.ts, complaint-detail.ts) must exist: this test guards them.
    expect(a.server.hasRoute({ method: 'GET', url: '/admin/complaints' }), 'GET /admin/complaints').toBe(true);
    expect(a.server.hasRoute({ method: 'GET', url: '/admin/complaints/:id' }), 'GET /admin/complaints/:id').toBe(true);
    for (const text of ['反映问题', '1', '东坡乡', '红星村', `${SCRIPT} 三月份的产业奖补到现在没有发 ${IMG}`, IMG, '实名', '13800001234']) {
      await chat(a, 'attacker', text);
    }
    const receipt = await chat(a, 'attacker', '确认提交');
    const code = /查询码是：([A-Z0-9]{8})/.exec(receipt)?.[1];
    if (!code) throw new Error(`no tracking code in ${receipt}`);
    const complaint = await a.store.complaints.byTrackingCode(code);
    expect(complaint?.description).toContain(SCRIPT);
    expect(complaint?.concerns).toBe(IMG);

    const cookie = await adminCookie(a);
    const urls = [
      '/admin/complaints',
      `/admin/complaints?q=${encodeURIComponent(SCRIPT)}`,
      `/admin/complaints/${encodeURIComponent(complaint?.id ?? '')}`,
      '/admin/overview',
    ];
    for (const url of urls) {
      const res = await a.server.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(200);
      expectEscaped(url, res.body);
    }
    const detail = await a.server.inject({ url: `/admin/complaints/${encodeURIComponent(complaint?.id ?? '')}`, headers: { cookie } });
    expect(detail.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(detail.body).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    // The CSP forbids inline scripts even if something slipped through.
    expect(detail.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('shows a household whose registered name holds markup as text on the household pages', async () => {
    app = await loggedApp();
    const a = app;
    await a.store.households.upsert({
      id: 'X1',
      headName: SCRIPT,
      idMasked: '3699**************',
      idHash: fakeHash('X1'),
      verifyHash: fakeHash('v-X1'),
      county: '演示县',
      township: '东坡乡',
      village: `${IMG}村`,
      size: 2,
      attribute: '一般贫困户',
      causes: ['因病'],
      status: '已脱贫',
      cadreName: IMG,
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const cookie = await adminCookie(a);
    for (const url of ['/admin/households', '/admin/households/X1', `/admin/households?q=${encodeURIComponent(SCRIPT)}`]) {
      const res = await a.server.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(200);
      expectEscaped(url, res.body);
    }
  });
});
