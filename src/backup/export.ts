import { mkdir, open, readdir, rename } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { bangfuVersion, readFormat } from '../data-dir/format-version.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../store/private-files.js';
import { BackupError, copyHashed, MANIFEST_FILE, MANIFEST_VERSION, type Manifest, type ManifestFile } from './manifest.js';
import { syncDir } from './sync-dir.js';

/** A finished backup: where, its manifest, and its size in bytes (files and manifest). */
export type Exported = { dir: string; manifest: Manifest; bytes: number };

/**
 * Checks where a backup goes and creates it (0700): a new or empty directory outside DATA_DIR (a backup inside the
 * data dir would be copied into every later backup). Says whether it was created.
 */
export async function prepareDestination(dest: string, dataDir: string): Promise<{ dir: string; created: boolean }> {
  const target = resolve(dest);
  const rel = relative(resolve(dataDir), target);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new BackupError(
      `The backup directory ${target} is inside DATA_DIR (${resolve(dataDir)}). Give one outside it, e.g. /var/backups/bangfu/$(date +%F-%H%M).`,
    );
  }
  let entries: string[];
  try {
    entries = await readdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(target, { recursive: true, mode: PRIVATE_DIR_MODE });
    return { dir: target, created: true };
  }
  if (entries.length > 0) {
    throw new BackupError(
      `The backup directory ${target} is not empty. Give a new directory for each backup, e.g. /var/backups/bangfu/$(date +%F-%H%M).`,
    );
  }
  return { dir: target, created: false };
}

/** Copies a staged data dir into `dest` (files 0600, directories 0700, all fsynced) and writes the manifest last. */
export async function exportStaged(staging: string, dest: string, info: { source: string; online: boolean }): Promise<Exported> {
  const files: ManifestFile[] = [];
  const dirs = new Set<string>([dest]);
  for (const path of await listFiles(staging)) {
    const target = join(dest, path);
    if (!dirs.has(dirname(target))) {
      await mkdir(dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
      for (let dir = dirname(target); !dirs.has(dir); dir = dirname(dir)) dirs.add(dir);
    }
    files.push({ path, ...(await copyHashed(join(staging, path), target)) });
  }
  const format = await readFormat(staging);
  const manifest: Manifest = {
    kind: 'bangfu-backup',
    version: MANIFEST_VERSION,
    createdAt: new Date().toISOString(),
    bangfu: bangfuVersion(),
    ...(format ? { dataFormat: format.version } : {}),
    source: resolve(info.source),
    online: info.online,
    files,
  };
  const text = `${JSON.stringify(manifest, null, 1)}\n`;
  const temp = join(dest, `${MANIFEST_FILE}.tmp`);
  const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  // Every file's directory entry is durable before the manifest, whose presence says the backup is complete, appears.
  for (const dir of dirs) await syncDir(dir);
  await rename(temp, join(dest, MANIFEST_FILE));
  await syncDir(dest);
  return { dir: dest, manifest, bytes: files.reduce((n, f) => n + f.size, Buffer.byteLength(text)) };
}

/** Relative paths of every file under `dir`, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}
