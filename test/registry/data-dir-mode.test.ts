import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { HOUSEHOLD_HEADER, multipart } from '../admin/multipart.js';
import { fakeHash } from '../helpers/fake-hash.js';
import { TEST_HASH_KEY, tempDir, textOf } from '../helpers/test-app.js';
import { fakeId } from './helpers.js';

const ROOT = join(import.meta.dirname, '../..');
const ADMIN_PASSWORD = 'test-admin-password-1';
const REAL_ROW = `R0001,钱七,${fakeId('19600312', 41)},13912340001,演示县,东坡乡,红星村,一组,3,一般贫困户,红卡,因病,已脱贫,2018,李干部,13800001111`;

let apps: App[] = [];
let dataDir = '';
afterEach(async () => {
  for (const app of apps) await app.close();
  apps = [];
  await rm(dataDir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({
    VISIT_REMINDERS: '0',
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD,
    ID_HASH_KEY: TEST_HASH_KEY,
    ...env,
    DATA_DIR: dataDir,
  });
  const app = await buildApp(config, { logger: false });
  apps.push(app);
  return app;
}

async function stop(app: App): Promise<void> {
  await app.close();
  apps = apps.filter((a) => a !== app);
}

async function chat(app: App, text: string, userId = 'tester'): Promise<string> {
  const res = await app.server.inject({ method: 'POST', url: '/api/chat', payload: { userId, text } });
  return textOf(res.json().replies);
}

/** Removes the recorded mode, as in a data dir from before modes were recorded. */
async function forgetMode(): Promise<void> {
  const path = join(dataDir, 'meta.json');
  const meta = JSON.parse(await readFile(path, 'utf8'));
  delete meta.items['dataDir:mode'];
  await writeFile(path, JSON.stringify(meta));
}

function runImport(file: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['src/registry/cli.ts', 'households', file], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, ID_HASH_KEY: TEST_HASH_KEY, BANGFU_MODE: '' },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a data dir is demo or real from its creation', () => {
  it('an empty data dir becomes a demo one by default, and records it', async () => {
    dataDir = await tempDir('bangfu-mode-');
    const app = await start();
    expect(app.demo).toBe(true);
    expect(await app.store.meta.get('dataDir:mode')).toBe('demo');
    expect(await chat(app, '干部绑定 GANBU888')).toContain('绑定成功');
  });

  it.each([
    ['SEED_DEMO=0', { SEED_DEMO: '0' }],
    ['BANGFU_MODE=real', { BANGFU_MODE: 'real' }],
  ])('with %s it is real: no demo household, cadre or code, and it stays so when restarted with the defaults', async (_label, env) => {
    dataDir = await tempDir('bangfu-mode-');
    await stop(await start(env));
    const app = await start();
    expect(app.demo).toBe(false);
    expect(await app.store.meta.get('dataDir:mode')).toBe('real');
    expect(await app.store.households.count()).toBe(0);
    expect(await app.store.cadres.get('DEMO-C1')).toBeUndefined();
    expect(await chat(app, '干部绑定 GANBU888')).toContain('绑定码不对');
  });

  it('BANGFU_MODE refuses a data dir of the other mode, saying how to start clean', async () => {
    dataDir = await tempDir('bangfu-mode-');
    await stop(await start());
    await expect(start({ BANGFU_MODE: 'real' })).rejects.toThrow(/is a demo data dir.*BANGFU_MODE=real.*new, empty data dir/);
    await rm(dataDir, { recursive: true, force: true });
    await stop(await start({ SEED_DEMO: '0' }));
    await expect(start({ BANGFU_MODE: 'demo' })).rejects.toThrow(/holds real data, but BANGFU_MODE=demo/);
  });

  it('a demo cadre staff revoked stays revoked after a restart', async () => {
    dataDir = await tempDir('bangfu-mode-');
    const first = await start();
    const cadre = await first.store.cadres.get('DEMO-C1');
    if (!cadre) throw new Error('the demo cadre was not seeded');
    const { codeHash: _c, codeExpiresAt: _e, ...rest } = cadre;
    await first.store.cadres.put({ ...rest, status: 'revoked' });
    await stop(first);
    const app = await start();
    expect((await app.store.cadres.get('DEMO-C1'))?.status).toBe('revoked');
    expect(await chat(app, '干部绑定 GANBU888')).toContain('绑定码不对');
  });

  it('an older demo data dir keeps working; one that has received real households is refused', async () => {
    dataDir = await tempDir('bangfu-mode-');
    await stop(await start());
    await forgetMode();
    const app = await start();
    expect(app.demo).toBe(true);
    await stop(app);
    await forgetMode();
    const store = await openLowStore(dataDir);
    const demo = await store.households.get('YS-0001');
    if (!demo) throw new Error('the demo household was not seeded');
    await store.households.upsert({ ...demo, id: 'R0001', idHash: fakeHash('R0001'), verifyHash: fakeHash('v-R0001') });
    await store.close();
    await expect(start()).rejects.toThrow(/received 1 households that are not demo households.*new, empty data dir/);
  });
});

describe('a real registry is never imported into a demo data dir', () => {
  it('the dashboard refuses it (409) and says how to start clean', async () => {
    dataDir = await tempDir('bangfu-mode-');
    const app = await start();
    const login = await app.server.inject({
      method: 'POST',
      url: '/api/admin/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    const cookie = `bangfu_admin=${login.cookies.find((c) => c.name === 'bangfu_admin')?.value}`;
    const body = multipart(
      { _csrf: login.json().csrfToken, kind: 'households' },
      { name: 'file', filename: 'h.csv', content: `${HOUSEHOLD_HEADER}\n${REAL_ROW}` },
    );
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/admin/households/import',
      headers: { cookie, 'x-csrf-token': login.json().csrfToken, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatch(/演示数据目录.*新的空数据目录.*BANGFU_MODE=real/);
    expect(await app.store.households.get('R0001')).toBeUndefined();
  });

  it('the import CLI refuses it (exit 1) with the same message', { timeout: 60_000 }, async () => {
    dataDir = await tempDir('bangfu-mode-');
    await stop(await start());
    const file = join(dataDir, '..', `${dataDir.split('/').pop()}-real.csv`);
    await writeFile(file, `${HOUSEHOLD_HEADER}\n${REAL_ROW}\n`);
    try {
      const run = await runImport(file);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/演示数据目录.*新的空数据目录.*BANGFU_MODE=real/);
      const store = await openLowStore(dataDir);
      expect(await store.households.get('R0001')).toBeUndefined();
      await store.close();
    } finally {
      await rm(file, { force: true });
    }
  });
});
