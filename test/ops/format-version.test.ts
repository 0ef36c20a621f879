import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { complaintScript } from '../../bench/chat-load.js';
import { backupLockedDataDir } from '../../src/backup/backup.js';
import { restoreBackup } from '../../src/backup/restore.js';
import { DataDirError } from '../../src/data-dir/errors.js';
import { bangfuVersion, FORMAT_VERSION, type Migration, readFormat, settleFormat } from '../../src/data-dir/format-version.js';
import { upgradeBackupDir } from '../../src/data-dir/open.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { createTestApp, tempDir } from '../helpers/test-app.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A data dir written by today's code (format 2) holding one confirmed complaint, closed; and its tracking code. */
async function todaysDataDir(): Promise<{ root: string; dataDir: string; code: string }> {
  const root = await tempDir('bangfu-format-');
  dirs.push(root);
  const dataDir = join(root, 'data');
  const app = await createTestApp({}, { dataDir });
  let text = '';
  for (const step of complaintScript({ township: '东坡乡', village: '红星村' }))
    text = (await app.chat('fixture', step.text ?? '')).map((r) => r.text).join('\n');
  await app.close();
  const code = /查询码是：([A-Z0-9]{8})/.exec(text)?.[1];
  if (!code) throw new Error(`no tracking code in: ${text}`);
  return { root, dataDir, code };
}

/** A migration step that adds a meta record to meta.json (what a real step does: rewrite files of the old format). */
function addMeta(to: number, ran: number[]): Migration {
  return {
    to,
    describe: `meta gets test:format-${to}`,
    run: async (dir) => {
      ran.push(to);
      const path = join(dir, 'meta.json');
      const meta = JSON.parse(await readFile(path, 'utf8')) as { items: Record<string, { id: string; value: string }> };
      meta.items[`test:format-${to}`] = { id: `test:format-${to}`, value: String(to) };
      await writeFile(path, JSON.stringify(meta));
    },
  };
}

/** Opens the store with `settleFormat` as start-up runs it, under a newer current format and its migrations. */
async function openAsNewer(dataDir: string, root: string, version: number, migrations: Migration[], notices: string[]) {
  return openLowStore(dataDir, {
    beforeLoad: () =>
      settleFormat(dataDir, {
        version,
        migrations,
        backupDir: join(root, 'upgrade-backups'),
        notice: (text) => notices.push(text),
        backup: (dest) => backupLockedDataDir(dataDir, dest),
      }),
  });
}

// Each test builds the app on a data dir (the first also loads the policy content): slow on a busy machine.
describe('data dir format version', { timeout: 90_000 }, () => {
  it('is recorded in a new data dir, with the Bangfu that wrote it', async () => {
    const { dataDir } = await todaysDataDir();
    expect(await readFormat(dataDir)).toEqual({ version: FORMAT_VERSION, writtenBy: bangfuVersion() });
  });

  it("is read as format 1 in a data dir from before formats were recorded, backed up and migrated to today's", async () => {
    const { root, dataDir, code } = await todaysDataDir();
    await rm(join(dataDir, 'format.json'));
    await writeFile(join(dataDir, 'format.json.4242.tmp'), '{"format":');
    const app = await createTestApp({}, { dataDir });
    try {
      expect(app.notices).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Data format 1 is older than this Bangfu's format 2: backed up /),
          `Migrated the data dir ${dataDir} to format 2: one store log (store.log) replaces the per-collection journals and transactions.log.`,
        ]),
      );
      expect(await app.store.complaints.byTrackingCode(code)).toBeDefined();
    } finally {
      await app.close();
    }
    expect((await readFormat(dataDir))?.version).toBe(FORMAT_VERSION);
    expect(await readdir(dataDir)).not.toContain('format.json.4242.tmp');
    expect(await readdir(root)).toEqual(['data', 'data-backups']);
  });

  it('of a newer Bangfu is refused, naming both formats, and the data dir is left as it was', async () => {
    const { dataDir } = await todaysDataDir();
    const newer = JSON.stringify({ format: 'bangfu-data-dir', version: 3, writtenBy: '0.2.0' });
    await writeFile(join(dataDir, 'format.json'), newer);
    await expect(createTestApp({}, { dataDir })).rejects.toThrow(
      new RegExp(
        `has data format 3 \\(written by Bangfu 0\\.2\\.0\\), but this Bangfu ${bangfuVersion().replace(/\./g, '\\.')} reads format 2 and older`,
      ),
    );
    expect(await readFile(join(dataDir, 'format.json'), 'utf8')).toBe(newer);
    expect(await readdir(dataDir)).not.toContain('.lock');
  });

  it('is migrated forward step by step at start, after a backup of the old format, and every step is told', async () => {
    const { root, dataDir, code } = await todaysDataDir();
    const ran: number[] = [];
    const notices: string[] = [];
    const store = await openAsNewer(dataDir, root, 4, [addMeta(4, ran), addMeta(3, ran)], notices);
    try {
      expect(ran).toEqual([3, 4]);
      expect([await store.meta.get('test:format-3'), await store.meta.get('test:format-4')]).toEqual(['3', '4']);
      expect(await store.complaints.byTrackingCode(code)).toBeDefined();
    } finally {
      await store.close();
    }
    expect((await readFormat(dataDir))?.version).toBe(4);
    const [backup, ...others] = await readdir(join(root, 'upgrade-backups'));
    expect(others).toEqual([]);
    expect(backup).toMatch(/^before-format-4-\d{4}-/);
    expect(notices).toEqual([
      expect.stringMatching(
        new RegExp(`^Data format 2 is older than this Bangfu's format 4: backed up ${dataDir} to .*${backup} \\(\\d+ bytes\\)`),
      ),
      `Migrated the data dir ${dataDir} to format 3: meta gets test:format-3.`,
      `Migrated the data dir ${dataDir} to format 4: meta gets test:format-4.`,
    ]);
    // The backup holds the data dir as it was before the migration.
    const rolledBack = join(root, 'rolled-back');
    await restoreBackup(join(root, 'upgrade-backups', backup as string), rolledBack);
    expect((await readFormat(rolledBack))?.version).toBe(FORMAT_VERSION);
    const old = await openLowStore(rolledBack);
    expect([await old.meta.get('test:format-3'), (await old.complaints.byTrackingCode(code))?.trackingCode]).toEqual([undefined, code]);
    await old.close();
    // And today's Bangfu (format 2) now refuses the migrated data dir.
    await expect(createTestApp({}, { dataDir })).rejects.toThrow(/has data format 4 .* reads format 2 and older/);
  });

  it('stops at a failing step with the way back, keeping the steps before it', async () => {
    const { root, dataDir } = await todaysDataDir();
    const failing: Migration = {
      to: 4,
      describe: 'a step that fails',
      run: async () => {
        throw new Error('disk trouble');
      },
    };
    const error = await openAsNewer(dataDir, root, 4, [addMeta(3, []), failing], []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirError);
    expect((error as Error).message).toMatch(
      /to format 4 \(a step that fails\) failed: disk trouble\..*npm run restore -- .*before-format-4-/,
    );
    expect((await readFormat(dataDir))?.version).toBe(3);
    expect(await readdir(dataDir)).not.toContain('.lock');
  });

  it('is not touched when the backup before the migration cannot be written', async () => {
    const { root, dataDir } = await todaysDataDir();
    const ran: number[] = [];
    await writeFile(join(root, 'upgrade-backups'), 'a file where the backups would go');
    await expect(openAsNewer(dataDir, root, 3, [addMeta(3, ran)], [])).rejects.toThrow(
      /backing it up first to .*before-format-3-.*, which failed: .*Set UPGRADE_BACKUP_DIR .* nothing was changed/,
    );
    expect(ran).toEqual([]);
    expect((await readFormat(dataDir))?.version).toBe(FORMAT_VERSION);
  });

  it('is not touched when a step of the path is missing', async () => {
    const { root, dataDir } = await todaysDataDir();
    await expect(openAsNewer(dataDir, root, 4, [addMeta(4, [])], [])).rejects.toThrow('no complete migration path from data format 2 to 4');
    expect((await readFormat(dataDir))?.version).toBe(FORMAT_VERSION);
    expect(await readdir(root)).toEqual(['data']);
  });

  it.each([
    [{ DATA_DIR: '/var/lib/bangfu' }, '/var/lib/bangfu-backups'],
    [{ DATA_DIR: './data' }, resolve('data-backups')],
    [{ DATA_DIR: '/var/lib/bangfu', UPGRADE_BACKUP_DIR: '/srv/bangfu-upgrades' }, '/srv/bangfu-upgrades'],
  ])('backs up before a migration beside DATA_DIR, or in UPGRADE_BACKUP_DIR (%o)', (settings, where) => {
    expect(upgradeBackupDir(settings)).toBe(where);
  });
});
