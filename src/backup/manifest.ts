import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { z } from 'zod';
import { PRIVATE_FILE_MODE } from '../store/private-files.js';

/** The file in a backup listing what it holds. */
export const MANIFEST_FILE = 'manifest.json';

/** The manifest format this Bangfu writes and reads. */
export const MANIFEST_VERSION = 1;

const CHUNK = 1024 * 1024;

const fileSchema = z.object({ path: z.string().min(1), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

const manifestSchema = z.object({
  kind: z.literal('bangfu-backup'),
  version: z.number().int().positive(),
  createdAt: z.string(),
  bangfu: z.string(),
  dataFormat: z.number().int().positive().optional(),
  source: z.string(),
  online: z.boolean(),
  files: z.array(fileSchema),
});

/** One file in a backup: its path relative to the backup dir, its size and its SHA-256. */
export type ManifestFile = z.infer<typeof fileSchema>;

/** What a backup holds and how it was made. */
export type Manifest = z.infer<typeof manifestSchema>;

/** Thrown when a backup cannot be made or restored; the message says why and what to do. */
export class BackupError extends Error {}

/** Copies a file (created 0600, fsynced), hashing it on the way; returns its size and SHA-256. */
export async function copyHashed(from: string, to: string): Promise<{ size: number; sha256: string }> {
  const source = await open(from, 'r');
  try {
    const target = await open(to, 'wx', PRIVATE_FILE_MODE);
    try {
      const hash = createHash('sha256');
      const buffer = Buffer.alloc(CHUNK);
      let size = 0;
      for (;;) {
        const { bytesRead } = await source.read(buffer, 0, CHUNK, null);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
        await target.write(buffer, 0, bytesRead);
        size += bytesRead;
      }
      await target.sync();
      return { size, sha256: hash.digest('hex') };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** Size and SHA-256 of a file. */
export async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.alloc(CHUNK);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { size, sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

/** Reads and checks a backup's manifest, refusing one that is missing, garbled, newer, or names a path outside the backup. */
export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError(
      code === 'ENOENT'
        ? `${dir} is not a complete Bangfu backup: it has no ${MANIFEST_FILE} (written last, so the backup may have been interrupted).`
        : `Cannot read ${path} (${code}).`,
    );
  }
  let manifest: Manifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new BackupError(`${path} is not a valid Bangfu backup manifest (${(error as Error).message.split('\n')[0]}).`);
  }
  if (manifest.version > MANIFEST_VERSION) {
    throw new BackupError(
      `${dir} was made by Bangfu ${manifest.bangfu} with manifest version ${manifest.version}; this Bangfu reads version ${MANIFEST_VERSION}.`,
    );
  }
  const unsafe = manifest.files.find((f) => !isSafePath(f.path));
  if (unsafe) throw new BackupError(`${path} names a file outside the backup (${unsafe.path}); it was not restored.`);
  return manifest;
}

/** The files of a backup whose size or SHA-256 differs from its manifest (or that are missing), as messages. */
export async function verifyFiles(dir: string, manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  for (const file of manifest.files) {
    let actual: { size: number; sha256: string };
    try {
      actual = await hashFile(join(dir, file.path));
    } catch (error) {
      problems.push(`${file.path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (error as Error).message}`);
      continue;
    }
    if (actual.size !== file.size) problems.push(`${file.path}: ${actual.size} bytes, the manifest says ${file.size}`);
    else if (actual.sha256 !== file.sha256) problems.push(`${file.path}: its SHA-256 differs from the manifest`);
  }
  return problems;
}

function isSafePath(path: string): boolean {
  return !isAbsolute(path) && normalize(path) === path && !path.split(sep).includes('..') && path !== MANIFEST_FILE;
}
