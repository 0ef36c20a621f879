import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, tempDir, textOf } from '../helpers/test-app.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

async function login(a: TestApp): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const res = await a.server.inject({
    method: 'POST',
    url: '/api/admin/login',
    payload: { username: 'admin', password: 'test-admin-password-1' },
  });
  return { cookie: String(res.headers['set-cookie']).split(';')[0] as string, 'x-csrf-token': res.json().csrfToken };
}

describe('policy content reload from the dashboard', () => {
  it('answers from an edited topic file without a restart, and keeps the old content when a file is broken', async () => {
    const content = await tempDir('bangfu-content-');
    await cp('content', content, { recursive: true });
    const a = await createTestApp({ CONTENT_DIR: content });
    apps.push(a);
    const headers = await login(a);
    const file = join(content, 'policies', 'dibao.md');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace(/\n---\n([^\n]+)/, '\n---\n低保由乡镇民政所受理，测试修改后的说法。'));
    expect(textOf(await a.chat('u1', '低保怎么申请'))).not.toContain('测试修改后的说法');

    const reloaded = await a.server.inject({ method: 'POST', url: '/api/admin/content/reload', headers, payload: {} });
    expect(reloaded.statusCode).toBe(200);
    expect(reloaded.json().topics).toBeGreaterThanOrEqual(40);
    expect(textOf(await a.chat('u2', '低保怎么申请'))).toContain('测试修改后的说法');

    await writeFile(file, 'not: [valid');
    const broken = await a.server.inject({ method: 'POST', url: '/api/admin/content/reload', headers, payload: {} });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toContain('仍在使用原来的内容');
    expect(textOf(await a.chat('u3', '低保怎么申请'))).toContain('测试修改后的说法');
    expect((await a.server.inject({ url: '/admin/content', headers: { cookie: headers.cookie } })).body).toContain('重新载入政策内容');
  });

  it('is for admins only', async () => {
    const a = await createTestApp();
    apps.push(a);
    expect((await a.server.inject({ method: 'POST', url: '/api/admin/content/reload', payload: {} })).statusCode).toBe(401);
  });
});
