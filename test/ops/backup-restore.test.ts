import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { complaintScript } from '../../bench/chat-load.js';
import { backupDataDir } from '../../src/backup/backup.js';
import { hashFile, type Manifest } from '../../src/backup/manifest.js';
import { restoreBackup } from '../../src/backup/restore.js';
import { FORMAT_VERSION, writeFormat } from '../../src/data-dir/format-version.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { createTestApp, type TestApp, tempDir } from '../helpers/test-app.js';
import { notPrivate } from './backup-cli.js';

const dirs: string[] = [];
const apps: TestApp[] = [];
/** Stops chat writers still running (a test that timed out must not leave them filing into a closed app). */
let stopWriters = async () => {};
afterEach(async () => {
  await stopWriters();
  for (const app of apps.splice(0)) await app.dispose();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function scratch(): Promise<string> {
  const dir = await tempDir('bangfu-backup-');
  dirs.push(dir);
  return dir;
}

async function readManifestFile(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

/** A closed data dir with a record in it, and what a data dir collects besides its collections. */
async function dataDirWithExtras(root: string): Promise<string> {
  const dataDir = join(root, 'data');
  const store = await openLowStore(dataDir);
  await store.meta.set('test:kept', 'yes');
  await store.transaction(async (tx) => tx.setMeta('test:together', 'yes'));
  await store.inbound.noteInbound('web', 'u1', new Date());
  await store.close();
  await writeFormat(dataDir, FORMAT_VERSION);
  const extras: Record<string, string> = {
    'secret.key': 'a-demo-key-that-must-never-be-in-a-backup-0123456789',
    'admin-first-password.txt': 'generated-first-password',
    'households.json.4242.tmp': '{"half":',
    '.backup-staging-999999999-abcd/meta.json': '{}',
    'uploads/telegram/u1/2026-photo.jpg': 'jpeg bytes',
    'uploads/wechat/u2/2026-voice.amr.part': 'half a download',
    'wechat/bangfu.memory-card.json': '{"login":"state"}',
  };
  for (const [path, text] of Object.entries(extras)) {
    await mkdir(join(dataDir, path, '..'), { recursive: true, mode: 0o700 });
    await writeFile(join(dataDir, path), text, { mode: 0o600 });
  }
  return dataDir;
}

describe('npm run backup: what a backup holds', () => {
  it('copies collections, the store log, uploads and channel state; never the key, the lock, temp files or a first password', async () => {
    const root = await scratch();
    const dataDir = await dataDirWithExtras(root);
    const done = await backupDataDir(dataDir, join(root, 'backup'));
    expect(done.online).toBe(false);
    const paths = done.manifest.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'meta.json',
        'format.json',
        'store.log',
        'uploads/telegram/u1/2026-photo.jpg',
        'wechat/bangfu.memory-card.json',
      ]),
    );
    expect(paths.filter((p) => /^inbound\.\d+\.json$/.test(p))).toHaveLength(1);
    for (const left of [
      'secret.key',
      'admin-first-password.txt',
      '.lock',
      'households.json.4242.tmp',
      'uploads/wechat/u2/2026-voice.amr.part',
    ]) {
      expect(paths).not.toContain(left);
    }
    expect(paths.some((p) => p.startsWith('.backup'))).toBe(false);
    for (const file of done.manifest.files)
      expect(await hashFile(join(root, 'backup', file.path))).toEqual({ size: file.size, sha256: file.sha256 });
    expect(done.bytes).toBe(
      done.manifest.files.reduce((n, f) => n + f.size, 0) + (await readFile(join(root, 'backup', 'manifest.json'))).length,
    );
    expect(await notPrivate(join(root, 'backup'))).toEqual([]);
    // The lock is released and the staging dirs are gone, the dead process's included.
    expect((await readdir(dataDir)).filter((n) => n === '.lock' || n.startsWith('.backup-staging'))).toEqual([]);
  });

  it.each([
    ['a directory that is not empty', 'full', /is not empty/],
    ['a directory inside DATA_DIR', 'data/backups', /is inside DATA_DIR/],
    ['DATA_DIR itself', 'data', /is inside DATA_DIR/],
  ])('refuses %s as the destination', async (_name, dest, message) => {
    const root = await scratch();
    const dataDir = await dataDirWithExtras(root);
    await mkdir(join(root, 'full'));
    await writeFile(join(root, 'full', 'old.txt'), 'x');
    await expect(backupDataDir(dataDir, join(root, dest))).rejects.toThrow(message);
  });

  it('says so when a process owns the data dir but does not answer backup requests', async () => {
    const root = await scratch();
    const dataDir = await dataDirWithExtras(root);
    const owner = spawn('sleep', ['30']);
    try {
      await writeFile(join(dataDir, '.lock'), String(owner.pid));
      await expect(backupDataDir(dataDir, join(root, 'backup'))).rejects.toThrow(`in use by process ${owner.pid}, which does not answer`);
    } finally {
      owner.kill();
    }
  });
});

describe('a data dir whose socket path would be too long', () => {
  it('opens without online backups, says so, and a backup asks no truncated path', async () => {
    const root = await scratch();
    const dataDir = join(root, 'd'.repeat(100));
    const notices: string[] = [];
    const store = await openLowStore(dataDir, { notice: (text) => notices.push(text) });
    try {
      expect(notices).toEqual([expect.stringMatching(/^Online backups are off: .* longer than the 107 bytes a socket path may have/)]);
      await store.meta.set('still', 'works');
      await expect(backupDataDir(dataDir, join(root, 'backup'))).rejects.toThrow(/for a backup failed: the path .* is longer than/);
    } finally {
      await store.close();
    }
    expect(await readdir(root)).toEqual(['d'.repeat(100)]);
  });
});

describe('npm run backup while the app writes', () => {
  it('holds every complaint confirmed before each backup, backup after backup', async () => {
    const root = await scratch();
    const app = await createTestApp({
      CHAT_RATE_PER_USER_PER_MINUTE: '100000',
      CHAT_RATE_PER_IP_PER_MINUTE: '100000',
      CHAT_NEW_USERS_PER_IP_PER_HOUR: '100000',
    });
    apps.push(app);
    const confirmed: string[] = [];
    const errors: unknown[] = [];
    let running = true;
    const writer = async (user: string) => {
      while (running) {
        for (const step of complaintScript({ township: '东坡乡', village: '红星村' })) {
          try {
            const replies = await app.chat(user, step.text ?? '');
            const code = /查询码是：([A-Z0-9]{8})/.exec(replies.map((r) => r.text).join('\n'))?.[1];
            if (code) confirmed.push(code);
          } catch (error) {
            errors.push(error);
            return;
          }
        }
      }
    };
    const writers = ['w1', 'w2', 'w3', 'w4'].map(writer);
    stopWriters = async () => {
      running = false;
      await Promise.all(writers);
    };
    try {
      for (let round = 0; round < 2; round += 1) {
        for (let waited = 0; confirmed.length < 2 * (round + 1) && waited < 20_000; waited += 20)
          await new Promise((r) => setTimeout(r, 20));
        const before = [...confirmed];
        const done = await backupDataDir(app.dataDir, join(root, `backup-${round}`));
        expect(done.online).toBe(true);
        await restoreBackup(join(root, `backup-${round}`), join(root, `restored-${round}`));
        const store = await openLowStore(join(root, `restored-${round}`));
        try {
          expect(before.filter((code) => store.complaints.byTrackingCode(code) === undefined)).toEqual([]);
        } finally {
          await store.close();
        }
      }
    } finally {
      await stopWriters();
    }
    expect(errors).toEqual([]);
    expect(confirmed.length).toBeGreaterThanOrEqual(4);
  }, 120_000);
});

describe('npm run restore', () => {
  async function goodBackup(root: string): Promise<string> {
    const dataDir = await dataDirWithExtras(root);
    await backupDataDir(dataDir, join(root, 'backup'));
    return join(root, 'backup');
  }

  it('restores into a missing DATA_DIR and into an empty one, files owner-only, the lock released', async () => {
    const root = await scratch();
    const backup = await goodBackup(root);
    await mkdir(join(root, 'empty'));
    for (const target of [join(root, 'missing', 'data'), join(root, 'empty')]) {
      const done = await restoreBackup(backup, target);
      expect(done.manifest.files.map((f) => f.path)).toContain('store.log');
      expect(await notPrivate(target)).toEqual([]);
      expect(await readdir(target)).not.toContain('.lock');
      expect(await readFile(join(target, 'uploads/telegram/u1/2026-photo.jpg'), 'utf8')).toBe('jpeg bytes');
      const store = await openLowStore(target);
      expect([await store.meta.get('test:kept'), await store.meta.get('test:together')]).toEqual(['yes', 'yes']);
      await store.close();
    }
  });

  type Spoil = (backup: string, root: string) => Promise<string | undefined>;
  const cases: [string, Spoil, RegExp][] = [
    ['a DATA_DIR that is not empty', async (_b, root) => join(root, 'data'), /DATA_DIR .* is not empty .* A restore never overwrites data/],
    [
      'a file changed since the backup',
      async (b) => void (await writeFile(join(b, 'meta.json'), '{}')),
      /does not match its manifest.*\n {2}meta\.json/,
    ],
    ['a file missing', async (b) => void (await rm(join(b, 'format.json'))), /format\.json: missing/],
    ['no manifest (an interrupted backup)', async (b) => void (await rm(join(b, 'manifest.json'))), /not a complete Bangfu backup/],
    [
      'a manifest naming a path outside the backup',
      async (b) => {
        const manifest = await readManifestFile(b);
        manifest.files.push({ path: '../../etc/cron.d/x', size: 1, sha256: '0'.repeat(64) });
        await writeFile(join(b, 'manifest.json'), JSON.stringify(manifest));
        return undefined;
      },
      /names a file outside the backup/,
    ],
    [
      'a backup of a newer data format',
      async (b) => {
        await writeFile(join(b, 'manifest.json'), JSON.stringify({ ...(await readManifestFile(b)), dataFormat: 99, bangfu: '9.0.0' }));
        return undefined;
      },
      /made by Bangfu 9\.0\.0 from a data dir of format 99; this Bangfu .* reads format 2 and older/,
    ],
  ];
  it.each(cases)('refuses %s, restoring nothing', async (_name, spoil, message) => {
    const root = await scratch();
    const backup = await goodBackup(root);
    const target = (await spoil(backup, root)) ?? join(root, 'target');
    const before = await readdir(target).catch(() => undefined);
    await expect(restoreBackup(backup, target)).rejects.toThrow(message);
    expect(await readdir(target).catch(() => undefined)).toEqual(before);
  });
});
