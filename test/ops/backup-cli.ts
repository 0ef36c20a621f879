import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../../bench/child.js';

/** How `npm run backup` / `npm run restore` ended. */
export type CliRun = { code: number; stdout: string; stderr: string };

/** Runs the backup CLI (`backup DIR` or `restore DIR`) as its own process, as `npm run` would, on DATA_DIR `dataDir`. */
export function runBackupCli(args: string[], dataDir: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/backup/cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Every directory and file under `dir` whose mode is not owner-only (0700 directories, 0600 files), as `path mode`. */
export async function notPrivate(dir: string): Promise<string[]> {
  const open: string[] = [];
  const own = await stat(dir);
  if ((own.mode & 0o777) !== 0o700) open.push(`. ${(own.mode & 0o777).toString(8)}`);
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const mode = (await stat(path)).mode & 0o777;
    if (mode !== (entry.isDirectory() ? 0o700 : 0o600)) open.push(`${path} ${mode.toString(8)}`);
  }
  return open;
}
