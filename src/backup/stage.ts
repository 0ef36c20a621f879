import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { copyFile, link, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE } from '../store/private-files.js';
import { STAGING_PREFIX, skipUpload, topLevelRule, UPLOADS_DIR } from './data-files.js';
import { processAlive } from './lock-owner.js';

/** Runs work while the store writes nothing (online: the write gate's hold; offline, with the lock taken: just runs it). */
export type Hold = <T>(work: () => Promise<T>) => Promise<T>;

/** A staged copy inside DATA_DIR, and how long the store's writes were held for it. */
export type Staged = { dir: string; heldMs: number };

/**
 * Stages a consistent copy of DATA_DIR in a new directory inside it, named after the process `owner` that will export
 * and remove it. While `hold` keeps the store from writing, snapshots are hard-linked (a rename replaces them, never an
 * in-place write, so the link keeps this instant's version) and journals and other files are copied. Uploads are linked
 * after the hold: each is complete (renamed into place) before any record names it, and never rewritten.
 */
export async function stageDataDir(dataDir: string, owner: number, hold: Hold): Promise<Staged> {
  await removeStaleStaging(dataDir);
  const dir = join(dataDir, `${STAGING_PREFIX}${owner}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { mode: PRIVATE_DIR_MODE });
  try {
    // From the gate closing (waiting for writes in flight included) to its opening: as long as a write may have waited.
    const started = performance.now();
    await hold(async () => {
      for (const entry of await readdir(dataDir, { withFileTypes: true })) {
        if (!entry.isFile() && !entry.isDirectory()) continue;
        const rule = topLevelRule(entry.name, entry.isDirectory());
        const from = join(dataDir, entry.name);
        if (rule === 'link') await place(from, join(dir, entry.name), true);
        else if (rule === 'copy') await copyEntry(from, join(dir, entry.name), entry.isDirectory());
      }
    });
    const heldMs = performance.now() - started;
    await copyTree(join(dataDir, UPLOADS_DIR), join(dir, UPLOADS_DIR), true);
    return { dir, heldMs };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Removes staging dirs whose process is gone (a backup killed before it cleaned up). */
export async function removeStaleStaging(dataDir: string): Promise<void> {
  for (const name of await readdir(dataDir).catch(() => [])) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(name.slice(STAGING_PREFIX.length).split('-')[0]);
    if (!processAlive(pid)) await rm(join(dataDir, name), { recursive: true, force: true });
  }
}

async function copyEntry(from: string, to: string, isDirectory: boolean): Promise<void> {
  if (isDirectory) await copyTree(from, to, false);
  else await place(from, to, false);
}

/** Copies (or, with `linked`, hard-links) a directory tree; symlinks are not followed, `.part` uploads skipped. */
async function copyTree(from: string, to: string, linked: boolean): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(from, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await mkdir(to, { mode: PRIVATE_DIR_MODE });
  for (const entry of entries) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) await copyTree(source, target, linked);
    else if (entry.isFile() && !(linked && skipUpload(entry.name))) await place(source, target, linked);
  }
}

/** Links or copies one file; one removed meanwhile (an upload deleted, a channel's state file replaced) is left out. */
async function place(from: string, to: string, linked: boolean): Promise<void> {
  try {
    if (linked) {
      try {
        await link(from, to);
        return;
      } catch (error) {
        // Another file system (uploads/ on its own mount) or one without hard links: copy instead.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
      }
    }
    await copyFile(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
