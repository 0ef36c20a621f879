import { mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { fullId } from '../admin/helpers.js';
import { tempDir, textOf } from '../helpers/test-app.js';
import { legacyHousehold } from './legacy.js';

const ID = fullId('36088119600312415');
const KEY = 'legacy-key-0123456789abcdef0123456789abcdef';

let apps: App[] = [];
let root = '';
afterEach(async () => {
  for (const app of apps) await app.close();
  apps = [];
  await rm(root, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<App> {
  const config = loadConfig({ VISIT_REMINDERS: '0', LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'test-admin-password-1', ...env });
  const app = await buildApp(config, { logger: false });
  apps.push(app);
  return app;
}

async function verify(app: App, name: string, tail: string): Promise<string> {
  const say = async (text: string) => {
    const res = await app.server.inject({ method: 'POST', url: '/api/chat', payload: { userId: 'villager', text } });
    return textOf(res.json().replies);
  };
  await say('查询我家帮扶情况');
  await say(name);
  return say(tail);
}

async function dirs(): Promise<{ dataDir: string; keys: string }> {
  root = await tempDir('bangfu-key-');
  await mkdir(join(root, 'keys'));
  return { dataDir: join(root, 'data'), keys: join(root, 'keys') };
}

describe('the ID hash key of a real data dir', () => {
  it('must be given from outside: start-up without ID_HASH_KEY or ID_HASH_KEY_FILE is refused, naming them', async () => {
    const { dataDir } = await dirs();
    await expect(start({ SEED_DEMO: '0', DATA_DIR: dataDir })).rejects.toThrow(/ID_HASH_KEY_FILE \(or ID_HASH_KEY\) must be set/);
    expect(await readdir(dataDir)).not.toContain('secret.key');
  });

  it('is refused when ID_HASH_KEY_FILE lies inside DATA_DIR, also through a symlink', async () => {
    const { dataDir } = await dirs();
    await mkdir(dataDir);
    await symlink(dataDir, join(root, 'link'));
    for (const file of [join(dataDir, 'id-hash.key'), join(root, 'link', 'id-hash.key'), join(dataDir, 'sub', '..', 'k')]) {
      await expect(start({ SEED_DEMO: '0', DATA_DIR: dataDir, ID_HASH_KEY_FILE: file }), file).rejects.toThrow(/inside DATA_DIR/);
    }
  });

  it('is refused when both ID_HASH_KEY and ID_HASH_KEY_FILE are set', async () => {
    const { dataDir, keys } = await dirs();
    const env = { SEED_DEMO: '0', DATA_DIR: dataDir, ID_HASH_KEY: KEY, ID_HASH_KEY_FILE: join(keys, 'k') };
    await expect(start(env)).rejects.toThrow(/either ID_HASH_KEY or ID_HASH_KEY_FILE, not both/);
  });

  it('is created outside DATA_DIR on the first start (0600, with a note to back it up); later starts need that same key', async () => {
    const { dataDir, keys } = await dirs();
    const keyFile = join(keys, 'id-hash.key');
    const first = await start({ SEED_DEMO: '0', DATA_DIR: dataDir, ID_HASH_KEY_FILE: keyFile });
    expect(first.notices.join('\n')).toContain(`Created the ID hash key ${keyFile}. Back it up now`);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(await readdir(dataDir)).not.toContain('secret.key');
    await first.store.households.upsert(legacyHousehold((await readFile(keyFile, 'utf8')).trim(), ID, '钱七'));
    await first.close();
    apps = [];

    await expect(start({ SEED_DEMO: '0', DATA_DIR: dataDir, ID_HASH_KEY_FILE: join(keys, 'typo.key') })).rejects.toThrow(
      /typo\.key does not exist.*restore that file from your key backup/,
    );
    await expect(start({ SEED_DEMO: '0', DATA_DIR: dataDir, ID_HASH_KEY: KEY })).rejects.toThrow(/not the key this data dir/);
    const again = await start({ SEED_DEMO: '0', DATA_DIR: dataDir, ID_HASH_KEY_FILE: keyFile });
    expect(await verify(again, '钱七', ID.slice(-6))).toContain('核对成功');
  });

  it('kept inside an older real data dir is refused with how to move it out; moved out, every household still verifies', async () => {
    const { dataDir, keys } = await dirs();
    const store = await openLowStore(dataDir);
    await store.households.upsert(legacyHousehold(KEY, ID, '钱七'));
    await store.close();
    await writeFile(join(dataDir, 'secret.key'), `${KEY}\n`, { mode: 0o600 });

    const refused = start({ SEED_DEMO: '1', DATA_DIR: dataDir });
    await expect(refused).rejects.toThrow(`mv ${join(dataDir, 'secret.key')} /etc/bangfu/id-hash.key`);
    await expect(refused).rejects.toThrow(/ID_HASH_KEY_FILE=\/etc\/bangfu\/id-hash\.key/);
    await expect(start({ DATA_DIR: dataDir, ID_HASH_KEY: KEY })).rejects.toThrow(/remove it from DATA_DIR/);

    await rename(join(dataDir, 'secret.key'), join(keys, 'id-hash.key'));
    const app = await start({ DATA_DIR: dataDir, ID_HASH_KEY_FILE: join(keys, 'id-hash.key') });
    expect(app.demo).toBe(false);
    expect(await verify(app, '钱七', ID.slice(-6))).toContain('核对成功');
  });
});

describe('the ID hash key of a demo data dir', () => {
  it('stays in DATA_DIR/secret.key (0600): the data is fictional, and npm start on an empty ./data must just work', async () => {
    const { dataDir } = await dirs();
    const app = await start({ DATA_DIR: dataDir });
    expect(app.demo).toBe(true);
    expect((await stat(join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600);
    expect(await verify(app, '张大山', '150117')).toContain('核对成功');
  });
});
