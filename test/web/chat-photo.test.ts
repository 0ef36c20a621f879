import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES } from '../../adapters/web/photo-file.js';
import { ADMIN_PASSWORD, HASH_KEY, login } from '../admin/helpers.js';
import { createTestApp, type TestApp, textOf } from '../helpers/test-app.js';
import { jpegWithExif, solidPng } from './photo-bytes.js';

const apps: TestApp[] = [];
async function app(env: Record<string, string> = {}): Promise<TestApp> {
  const a = await createTestApp({ ADMIN_PASSWORD, ID_HASH_KEY: HASH_KEY, ...env });
  apps.push(a);
  return a;
}
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

function upload(a: TestApp, body: Buffer | string, type: string, userId = 'u1') {
  return a.server.inject({
    method: 'POST',
    url: `/api/chat/photo?userId=${userId}`,
    headers: { 'content-type': type },
    payload: body,
  });
}

async function uploadedFiles(a: TestApp): Promise<string[]> {
  const root = join(a.dataDir, 'uploads', 'web');
  const months = await readdir(root).catch(() => []);
  const files = await Promise.all(months.map(async (m) => (await readdir(join(root, m))).map((f) => join(root, m, f))));
  return files.flat();
}

describe('POST /api/chat/photo limits', () => {
  it.each([
    ['a GIF', 'image/gif', Buffer.from('GIF89a....'), 415, 'JPG、PNG 或 WebP'],
    ['plain text', 'text/plain', '你好', 415, 'JPG、PNG 或 WebP'],
    ['JSON', 'application/json', '{"userId":"u1"}', 415, 'JPG、PNG 或 WebP'],
    ['a page calling itself a JPEG', 'image/jpeg', Buffer.from('<html><script>alert(1)</script></html>'), 400, '不是照片'],
    ['an SVG calling itself a PNG', 'image/png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 400, '不是照片'],
    ['a photo over 5 MB', 'image/jpeg', Buffer.concat([jpegWithExif(''), Buffer.alloc(MAX_PHOTO_BYTES)]), 413, '最大 5 MB'],
  ])('refuses %s with a kind line, and saves nothing', async (_name, type, body, status, message) => {
    const a = await app();
    const res = await upload(a, body, type);
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toContain(message);
    expect(await uploadedFiles(a)).toEqual([]);
  });

  it('answers 400 without a userId', async () => {
    const a = await app();
    const res = await a.server.inject({
      method: 'POST',
      url: '/api/chat/photo',
      headers: { 'content-type': 'image/png' },
      payload: solidPng(2, 2),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toContain('userId');
  });

  it('saves a photo owner-only under DATA_DIR, named at random, without its EXIF metadata', async () => {
    const a = await app();
    const res = await upload(a, jpegWithExif('GPS 27.5N 114.1E'), 'image/jpeg');
    expect(res.statusCode).toBe(200);
    const [file] = await uploadedFiles(a);
    expect(file).toMatch(/uploads\/web\/\d{4}-\d{2}\/[0-9a-f-]{36}\.jpg$/);
    expect((await stat(file as string)).mode & 0o777).toBe(0o600);
    expect((await stat(join(a.dataDir, 'uploads', 'web'))).mode & 0o777).toBe(0o700);
    const saved = await readFile(file as string);
    expect(saved.toString('latin1')).not.toContain('GPS');
    expect(saved.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(saved.subarray(-5)).toEqual(Buffer.from([0x11, 0x22, 0x33, 0xff, 0xd9]));
  });

  it('takes at most 30 photos an hour from one address', async () => {
    const a = await app({ CHAT_RATE_PER_USER_PER_MINUTE: '1000', CHAT_RATE_PER_IP_PER_MINUTE: '1000' });
    for (let i = 0; i < 30; i += 1) expect((await upload(a, solidPng(2, 2), 'image/png')).statusCode).toBe(200);
    const refused = await upload(a, solidPng(2, 2), 'image/png');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toContain('照片太多');
  });
});

describe('a complaint with a photo from the web chat', () => {
  it('keeps the photo with the complaint, and staff see it on the detail page behind the sign-in', async () => {
    const a = await app();
    await a.chat('u1', '反映问题');
    await a.chat('u1', '1');
    await a.chat('u1', '茅坪乡');
    const asked = await a.chat('u1', '神山村');
    expect(textOf(asked)).toContain('也可以发过来');
    expect(asked.at(-1)?.accepts).toEqual(['image']);
    const sent = await upload(a, solidPng(4, 4), 'image/png');
    expect(textOf(sent.json().replies)).toContain('照片收到了（共 1 张）');
    await a.chat('u1', '村里的水管坏了半年都没人修');
    await a.chat('u1', '跳过');
    const summary = await a.chat('u1', '匿名');
    expect(textOf(summary)).toContain('照片：1 张');
    expect(textOf(await a.chat('u1', { choice: 'form:confirm' }))).toContain('查询码');
    const [complaint] = await a.store.complaints.list({});
    expect(complaint?.photos).toEqual([{ path: expect.stringContaining('uploads/web/'), mime: 'image/png' }]);

    const url = `/admin/complaints/${complaint?.id}/photos/0`;
    expect((await a.server.inject({ method: 'GET', url })).statusCode).not.toBe(200);
    const { cookie } = await login(a);
    const page = await a.server.inject({ method: 'GET', url: `/admin/complaints/${complaint?.id}`, headers: { cookie } });
    expect(page.body).toContain(`<img src="${url}"`);
    const photo = await a.server.inject({ method: 'GET', url, headers: { cookie } });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload).toEqual(solidPng(4, 4));
    expect((await a.server.inject({ method: 'GET', url: url.replace(/0$/, '1'), headers: { cookie } })).statusCode).toBe(404);
  });
});
