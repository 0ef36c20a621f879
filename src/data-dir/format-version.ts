import { readFileSync } from 'node:fs';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { syncDir } from '../backup/sync-dir.js';
import { foldLegacyFormat } from '../store/lowdb/load-collections.js';
import { PRIVATE_FILE_MODE } from '../store/private-files.js';
import { DataDirError } from './errors.js';

/** The data dir format this Bangfu reads and writes. Raise it, and add a migration to MIGRATIONS, when the layout changes. */
export const FORMAT_VERSION = 2;

/** The format of data dirs from before the format was recorded. */
const UNRECORDED_FORMAT = 1;

/** The file in DATA_DIR recording its format. */
export const FORMAT_FILE = 'format.json';

/** One step forward: rewrites a data dir of format `to - 1`, which the caller has locked and backed up, into format `to`. */
export type Migration = { to: number; describe: string; run: (dir: string) => Promise<void> };

/**
 * The migrations, oldest first: each format adds the one step that brings the format before it forward. Format 2 keeps
 * every change in one group-commit log (store.log) instead of a journal per collection and transactions.log; an older
 * Bangfu would not read store.log, so it must refuse a format-2 data dir rather than start without its latest writes.
 */
export const MIGRATIONS: readonly Migration[] = [
  { to: 2, describe: 'one store log (store.log) replaces the per-collection journals and transactions.log', run: foldLegacyFormat },
];

/** What a backup before a migration reports. */
export type MigrationBackup = { dir: string; bytes: number };

/** How to settle the format: where to back up before migrating, and who hears what was done; tests set the versions. */
export type FormatOptions = {
  backup: (dest: string) => Promise<MigrationBackup>;
  backupDir: string;
  notice: (text: string) => void;
  version?: number;
  migrations?: readonly Migration[];
};

const recordSchema = z.object({ format: z.literal('bangfu-data-dir'), version: z.number().int().positive(), writtenBy: z.string() });

/** This Bangfu's version (package.json). */
export function bangfuVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** The recorded format of a data dir and the Bangfu that recorded it; undefined when none is recorded. */
export async function readFormat(dir: string): Promise<{ version: number; writtenBy: string } | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, FORMAT_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: ReturnType<typeof recordSchema.safeParse>;
  try {
    parsed = recordSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = recordSchema.safeParse(undefined);
  }
  if (!parsed.success) {
    throw new DataDirError(
      `${join(dir, FORMAT_FILE)} is not a valid format record. Restore the data dir from a backup; it was not changed.`,
    );
  }
  return { version: parsed.data.version, writtenBy: parsed.data.writtenBy };
}

/** Records the data dir's format (temp file, fsync, rename). */
export async function writeFormat(dir: string, version: number): Promise<void> {
  const path = join(dir, FORMAT_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(`${JSON.stringify({ format: 'bangfu-data-dir', version, writtenBy: bangfuVersion() })}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path).catch(async (error: unknown) => {
    await rm(temp, { force: true });
    throw error;
  });
  await syncDir(dir);
}

/**
 * Settles DATA_DIR's format before the store loads it (the caller holds the lock): a new data dir is recorded as this
 * format; an older one is backed up, then migrated step by step (each step recorded as it completes); a newer one is
 * refused, naming both formats, and left unchanged.
 */
export async function settleFormat(dir: string, options: FormatOptions): Promise<void> {
  // A temp file of a format write a crash interrupted: we own the dir, so nobody is writing it.
  for (const name of await readdir(dir)) if (/^format\.json\.\d+\.tmp$/.test(name)) await rm(join(dir, name), { force: true });
  const current = options.version ?? FORMAT_VERSION;
  const recorded = await readFormat(dir);
  const from = recorded?.version ?? ((await holdsData(dir)) ? UNRECORDED_FORMAT : current);
  if (from > current) {
    throw new DataDirError(
      `The data dir ${dir} has data format ${from} (written by Bangfu ${recorded?.writtenBy}), but this Bangfu ${bangfuVersion()} reads format ${current} and older. ` +
        'Run the newer Bangfu on it; to go back to this version, restore the backup taken before the upgrade into an empty DATA_DIR (npm run restore). The data dir was not changed.',
    );
  }
  if (from < current) await migrate(dir, from, current, options);
  else if (recorded === undefined) await writeFormat(dir, current);
}

async function migrate(dir: string, from: number, current: number, options: FormatOptions): Promise<void> {
  const steps = [...(options.migrations ?? MIGRATIONS)].filter((m) => m.to > from && m.to <= current).sort((a, b) => a.to - b.to);
  if (steps.map((m) => m.to).join() !== Array.from({ length: current - from }, (_, i) => from + i + 1).join()) {
    throw new Error(`Bangfu has no complete migration path from data format ${from} to ${current}.`);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dest = join(options.backupDir, `before-format-${current}-${stamp}`);
  const backup = await options.backup(dest).catch((error: unknown) => {
    throw new DataDirError(
      `The data dir ${dir} has data format ${from} and this Bangfu migrates it to format ${current}, backing it up first to ${dest}, which failed: ` +
        `${(error as Error).message}. Set UPGRADE_BACKUP_DIR to a directory Bangfu may write outside DATA_DIR (README, "Upgrades") and start again; nothing was changed.`,
    );
  });
  options.notice(
    `Data format ${from} is older than this Bangfu's format ${current}: backed up ${dir} to ${backup.dir} (${backup.bytes} bytes) before migrating.`,
  );
  for (const step of steps) {
    try {
      await step.run(dir);
    } catch (error) {
      throw new DataDirError(
        `Migrating the data dir ${dir} to format ${step.to} (${step.describe}) failed: ${(error as Error).message}. ` +
          `It may be partly changed. To return to the state before the upgrade, move DATA_DIR aside, create it empty and run: npm run restore -- ${backup.dir}`,
      );
    }
    await writeFormat(dir, step.to);
    options.notice(`Migrated the data dir ${dir} to format ${step.to}: ${step.describe}.`);
  }
}

async function holdsData(dir: string): Promise<boolean> {
  return (await readdir(dir)).some((name) => name.endsWith('.json') || name.endsWith('.log'));
}
