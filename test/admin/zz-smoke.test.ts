import { it } from 'vitest';
import { adminApp, login } from './helpers.js';
it('smoke', async () => {
  const app = await adminApp();
  const s = await login(app);
  for (const url of ['/admin/overview', '/admin/households', '/admin/households/H0001', '/admin/cadres', '/admin/cadres/new', '/admin/staff', '/admin/audit', '/admin/account', '/admin/households/import', '/api/admin/overview', '/api/admin/households?q=张']) {
    const r = await app.server.inject({ url, headers: { cookie: s.cookie } });
    console.log(url, r.statusCode, r.headers['content-security-policy'] ? 'csp' : '', r.body.slice(0, 300).replace(/\s+/g, ' '));
  }
  const r = await app.server.inject({ url: '/admin/login' });
  console.log(r.statusCode, r.headers);
  await app.dispose();
});
