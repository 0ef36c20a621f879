import { afterEach, describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from '../../src/admin/views/html.js';
import type { TestApp } from '../helpers/test-app.js';
import { adminApp, household, login } from './helpers.js';
import { cadre, complaint, visit } from './ledger-fixtures.js';

const EVIL = '<script>alert(1)</script>';

describe('the html template tag', () => {
  it('escapes every interpolated value unless it is already SafeHtml', async () => {
    const name = `"><img src=x onerror=alert(1)>'`;
    const out = html`<p title="${name}">${name}${html`<b>${EVIL}</b>`}${[EVIL, 1]}${undefined}${false}${trusted('<i>ok</i>')}</p>`.value;
    expect(out).toBe(
      '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;' +
        '<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>&lt;script&gt;alert(1)&lt;/script&gt;1<i>ok</i></p>',
    );
    expect(escapeHtml('a&b`')).toBe('a&amp;b&#96;');
  });
});

let app: TestApp;
afterEach(async () => app?.dispose());

describe('pages', () => {
  it('show a household named <script>alert(1)</script> as text on the list, detail, and in search boxes', async () => {
    app = await adminApp();
    await app.store.households.upsert(await household('H6666', { headName: EVIL, village: `${EVIL}村` }));
    const { cookie } = await login(app);
    const urls = [
      '/admin/households',
      '/admin/households/H6666',
      `/admin/households?q=${encodeURIComponent(EVIL)}`,
      `/admin/cadres?q=${encodeURIComponent(EVIL)}`,
    ];
    for (const url of urls) {
      const res = await app.server.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain(EVIL);
      expect(res.body, url).not.toContain('<script');
    }
    const detail = await app.server.inject({ url: '/admin/households/H6666', headers: { cookie } });
    expect(detail.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('show what reporters and cadres typed as text on the ledger and visit pages', async () => {
    app = await adminApp();
    const c = await complaint(app, { description: `${EVIL}的补贴没发`, concerns: EVIL, village: `${EVIL}村` });
    await app.complaints.transition(c.id, { to: 'accepted', note: EVIL, assignee: `${EVIL}办` }, EVIL, new Date());
    const a = await app.applications.create(
      { event: '其他', eventDate: '2025-01-01', help: EVIL, township: '茅坪乡', village: `${EVIL}村`, consent: true },
      new Date(),
    );
    await cadre(app, 'C1', EVIL, ['神山村']);
    await visit(
      app,
      { id: 'V1', cadreId: 'C1', householdId: 'H0001', village: '神山村', date: '2025-01-02', problems: EVIL },
      { food: EVIL },
    );
    const { cookie } = await login(app);
    for (const url of [
      '/admin/complaints',
      `/admin/complaints/${c.id}`,
      `/admin/complaints?q=${encodeURIComponent(EVIL)}`,
      '/admin/applications',
      `/admin/applications/${a.id}`,
      '/admin/visits',
      '/admin/visits/V1',
      '/admin/coverage',
    ]) {
      const res = await app.server.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain(EVIL);
      expect(res.body, url).not.toContain('<script');
    }
  });

  it('use no inline script, style element or style attribute (the CSP forbids them)', async () => {
    app = await adminApp();
    const c = await complaint(app);
    await cadre(app, 'C1', '刘帮扶', ['神山村']);
    await visit(app, { id: 'V1', cadreId: 'C1', householdId: 'H0001', village: '神山村', date: '2025-01-02' });
    const a = await app.applications.create(
      { event: '其他', eventDate: '2025-01-01', help: '帮助', householdId: 'H0001', township: '茅坪乡', village: '神山村', consent: true },
      new Date(),
    );
    const { cookie } = await login(app);
    for (const url of [
      '/admin/complaints',
      `/admin/complaints/${c.id}`,
      '/admin/applications',
      `/admin/applications/${a.id}`,
      '/admin/visits',
      '/admin/visits/V1',
      '/admin/coverage',
      '/admin/login',
      '/admin/overview',
      '/admin/households',
      '/admin/households/H0001',
      '/admin/cadres',
      '/admin/cadres/new',
      '/admin/staff',
      '/admin/audit',
      '/admin/account',
      '/admin/households/import',
    ]) {
      const res = await app.server.inject({ url, headers: url === '/admin/login' ? {} : { cookie } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
      expect(res.headers['content-security-policy'], url).toContain("script-src 'self'");
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const css = await app.server.inject({ url: '/admin/static/admin.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
  });
});
