import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from './private-files.js';

/** Thrown when another live process already owns the data dir. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The data dir ${dir} is in use by process ${pid} (probably the running server). Stop it first, or use the dashboard's import page.`,
    );
  }
}

/** Claims DATA_DIR for this process (a `.lock` file with our pid); returns a release function. */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, '.lock');
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx', mode: PRIVATE_FILE_MODE });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readFileSync(path, 'utf8').trim());
    if (owner && owner !== process.pid && isAlive(owner)) throw new DataDirLockedError(dir, owner);
    writeFileSync(path, String(process.pid), { mode: PRIVATE_FILE_MODE });
  }
  return () => {
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
