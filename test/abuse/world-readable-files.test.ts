import { chmod, lstat, mkdir, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveMedia } from '../../adapters/wechat/save-media.js';
import { adminApp, login } from '../admin/helpers.js';
import { HOUSEHOLD_HEADER, multipart } from '../admin/multipart.js';
import { createTestApp, type TestApp, tempDir } from '../helpers/test-app.js';
import { fakeId } from '../registry/helpers.js';

// The probe (issue 15, item 7): the data dir was 0755 and its files 0644 (names, phones, complaints, bindings).

let app: TestApp | undefined;
const extra: string[] = [];
afterEach(async () => {
  await app?.dispose();
  app = undefined;
  for (const dir of extra.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Every entry under `dir` (not following links) with its permission bits. */
async function modes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = { '.': ((await stat(dir)).mode & 0o777).toString(8) };
  for (const name of await readdir(dir, { recursive: true })) {
    out[name] = ((await lstat(join(dir, name))).mode & 0o777).toString(8);
  }
  return out;
}

const openToOthers = (all: Record<string, string>) =>
  Object.fromEntries(Object.entries(all).filter(([, mode]) => Number.parseInt(mode, 8) & 0o077));

describe('files in the data dir', () => {
  it('are owner-only from creation: snapshots, journals, the lock, uploads, imports', async () => {
    expect(process.umask() & 0o077).not.toBe(0o077);
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    const row = `H1001,钱七,${fakeId('19600312', 41)},13912340001,井冈山市,茅坪乡,神山村,一组,3,一般贫困户,红卡,因病,已脱贫,2018,李干部,13800001111`;
    const body = multipart(
      { _csrf: csrf, kind: 'households' },
      { name: 'file', filename: 'h.csv', content: `${HOUSEHOLD_HEADER}\n${row}` },
    );
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/admin/households/import',
      headers: { cookie, 'x-csrf-token': csrf, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(200);
    await app.chat('villager', '查询我家帮扶情况');
    await app.chat('villager', '钱七');
    await app.chat('villager', '000000');
    await app.chat('reporter', '留言');
    const file = { name: '房子.jpg', mediaType: 'image/jpeg', toBuffer: async () => Buffer.from('jpeg') };
    await saveMedia(file, { dataDir: app.dataDir, channel: 'wechat', userId: 'wxid_1', now: new Date(), maxBytes: 1024 });

    const all = await modes(app.dataDir);
    const names = Object.keys(all);
    expect(names).toEqual(expect.arrayContaining(['.lock', 'store.log']));
    expect(names.some((name) => /^forms\.\d\.log$/.test(name))).toBe(true);
    expect(Object.keys(all).some((name) => name.startsWith('uploads/wechat/wxid_1/'))).toBe(true);
    expect(openToOthers(all)).toEqual({});
    expect(all['.']).toBe('700');
  });
});

describe('the start-up check', () => {
  it('tightens a data dir that was copied or restored readable by others, says so, and leaves links alone', async () => {
    app = await createTestApp();
    const dataDir = app.dataDir;
    await app.close();
    const outside = await tempDir('bangfu-outside-');
    extra.push(outside, dataDir);
    await writeFile(join(outside, 'not-ours.txt'), 'x', { mode: 0o644 });
    await chmod(join(outside, 'not-ours.txt'), 0o644);
    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, 'staff.json'), 0o644);
    await mkdir(join(dataDir, 'uploads', 'web'), { recursive: true, mode: 0o755 });
    await writeFile(join(dataDir, 'uploads', 'web', 'photo.jpg'), 'jpeg', { mode: 0o644 });
    await symlink(join(outside, 'not-ours.txt'), join(dataDir, 'uploads', 'link.txt'));

    app = await createTestApp({}, { dataDir });
    expect(openToOthers(await modes(dataDir))).toEqual({ 'uploads/link.txt': '777' });
    expect((await stat(join(dataDir, 'staff.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'uploads', 'web'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(outside, 'not-ours.txt'))).mode & 0o777).toBe(0o644);
    const notice = app.notices.join('\n');
    expect(notice).toMatch(/Permissions: other users could read these and they are now owner-only .*\(the data dir itself\).*\(5 in all\)/);
    expect(notice).toContain('staff.json');
  });
});
