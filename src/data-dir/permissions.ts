import { chmod, lstat, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../store/private-files.js';
import { DataDirError } from './errors.js';

const OPEN_TO_OTHERS = 0o077;

/**
 * Start-up check of DATA_DIR: every directory in it must be 0700 and every file 0600 (owner only). Anything more open
 * (a data dir copied or restored under a loose umask) is tightened, and its relative path returned so the operator
 * learns of it ('' for DATA_DIR itself); symlinks are neither followed nor changed. Throws a DataDirError when a mode cannot be changed.
 */
export async function securePermissions(dir: string): Promise<string[]> {
  const tightened: string[] = [];
  const visit = async (path: string, isRoot: boolean): Promise<void> => {
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      // DATA_DIR itself may be a symlink the operator chose; links inside it are not ours to follow.
      info = isRoot ? await stat(path) : await lstat(path);
    } catch (error) {
      // A temp file renamed away while we looked: nothing left to check.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (info.isSymbolicLink()) return;
    const isDir = info.isDirectory();
    if (Number(info.mode) & OPEN_TO_OTHERS) {
      await tighten(path, isDir ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE, dir);
      tightened.push(relative(dir, path));
    }
    if (isDir) for (const name of await readdir(path)) await visit(join(path, name), false);
  };
  await visit(dir, true);
  return tightened;
}

async function tighten(path: string, mode: number, dir: string): Promise<void> {
  try {
    await chmod(path, mode);
  } catch (error) {
    throw new DataDirError(
      `${path} can be read by other users and Bangfu cannot change that (${(error as NodeJS.ErrnoException).code}). ` +
        `As the owner of the files run: chmod -R go-rwx ${dir}, then start again.`,
    );
  }
}
