import { chmod, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { bangfuVersion, FORMAT_VERSION } from '../data-dir/format-version.js';
import { DataDirLockedError, lockDataDir } from '../store/lock.js';
import { makePrivateDir, PRIVATE_DIR_MODE } from '../store/private-files.js';
import { BackupError, copyHashed, type Manifest, readManifest, verifyFiles } from './manifest.js';
import { syncDir } from './sync-dir.js';

/** What a restore wrote. */
export type Restored = { dir: string; manifest: Manifest; bytes: number };

const SHOWN_PROBLEMS = 10;

/**
 * Restores a backup into DATA_DIR, which must be empty or missing: checks the manifest and every file's SHA-256 first,
 * then copies (files 0600, directories 0700, fsynced). A missing DATA_DIR is filled beside it and renamed into place,
 * so an interrupted restore leaves no half data dir behind; an empty one is locked while it is filled.
 */
export async function restoreBackup(from: string, dataDir: string): Promise<Restored> {
  const source = resolve(from);
  const target = resolve(dataDir);
  const manifest = await readManifest(source);
  if (manifest.dataFormat !== undefined && manifest.dataFormat > FORMAT_VERSION) {
    throw new BackupError(
      `${source} was made by Bangfu ${manifest.bangfu} from a data dir of format ${manifest.dataFormat}; this Bangfu ${bangfuVersion()} reads format ${FORMAT_VERSION} and older. Restore it with Bangfu ${manifest.bangfu} or newer.`,
    );
  }
  const problems = await verifyFiles(source, manifest);
  if (problems.length > 0) {
    const more = problems.length > SHOWN_PROBLEMS ? `\n  … and ${problems.length - SHOWN_PROBLEMS} more` : '';
    throw new BackupError(
      `The backup ${source} does not match its manifest, so nothing was restored:\n  ${problems.slice(0, SHOWN_PROBLEMS).join('\n  ')}${more}`,
    );
  }
  const existing = await readdir(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing && existing.length > 0) {
    const shown = existing.slice(0, 3).join(', ');
    throw new BackupError(
      `DATA_DIR ${target} is not empty (${existing.length} entries: ${shown}${existing.length > 3 ? ', …' : ''}). A restore never overwrites data: ` +
        `stop Bangfu, move the old data dir aside (mv ${target} ${target}.old) or point DATA_DIR at a new directory, then run the restore again.`,
    );
  }
  const bytes = existing ? await intoEmpty(source, target, manifest) : await intoMissing(source, target, manifest);
  return { dir: target, manifest, bytes };
}

async function intoMissing(source: string, target: string, manifest: Manifest): Promise<number> {
  await makePrivateDir(dirname(target));
  const temp = `${target}.restoring-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { mode: PRIVATE_DIR_MODE });
  try {
    const bytes = await copyFiles(source, temp, manifest);
    await rename(temp, target);
    await syncDir(dirname(target));
    return bytes;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

async function intoEmpty(source: string, target: string, manifest: Manifest): Promise<number> {
  let release: () => void;
  try {
    release = lockDataDir(target);
  } catch (error) {
    if (error instanceof DataDirLockedError)
      throw new BackupError(`DATA_DIR ${target} is in use by process ${error.pid}. Stop it, then run the restore again.`);
    throw error;
  }
  try {
    await chmod(target, PRIVATE_DIR_MODE);
    return await copyFiles(source, target, manifest);
  } catch (error) {
    for (const name of await readdir(target).catch(() => []))
      if (name !== '.lock') await rm(join(target, name), { recursive: true, force: true });
    throw error;
  } finally {
    release();
  }
}

/** Copies the manifest's files, checking each copy's SHA-256 again (the backup could change between check and copy). */
async function copyFiles(source: string, target: string, manifest: Manifest): Promise<number> {
  const dirs = new Set<string>([target]);
  let bytes = 0;
  for (const file of manifest.files) {
    const to = join(target, file.path);
    if (!dirs.has(dirname(to))) {
      await mkdir(dirname(to), { recursive: true, mode: PRIVATE_DIR_MODE });
      for (let dir = dirname(to); !dirs.has(dir); dir = dirname(dir)) dirs.add(dir);
    }
    const copied = await copyHashed(join(source, file.path), to);
    if (copied.sha256 !== file.sha256)
      throw new BackupError(`${join(source, file.path)} changed while it was being restored; nothing was restored.`);
    bytes += copied.size;
  }
  for (const dir of dirs) await syncDir(dir);
  return bytes;
}
