import { readdir, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DataDirLockedError, lockDataDir } from '../store/lock.js';
import { requestStaging } from './control-socket.js';
import { CONTROL_SOCKET, STAGING_PREFIX } from './data-files.js';
import { type Exported, exportStaged, prepareDestination } from './export.js';
import { liveLockOwner } from './lock-owner.js';
import { BackupError } from './manifest.js';
import { type Staged, stageDataDir } from './stage.js';

/** A finished backup, and how it was made: through the running Bangfu (online) or with the lock taken, and how long writes were held. */
export type BackupResult = Exported & { online: boolean; heldMs: number; seconds: number };

type Source = { staged: Staged; online: boolean; release?: () => void };

/**
 * Backs up DATA_DIR into `dest` (new or empty, outside DATA_DIR). When a running Bangfu owns the data dir, it is asked
 * (over DATA_DIR/.backup.sock) to stage a consistent copy while it holds its writes for a moment; otherwise this
 * process takes the lock and stages the copy itself. The staged copy is then exported with a manifest of checksums.
 */
export async function backupDataDir(dataDir: string, dest: string): Promise<BackupResult> {
  const started = performance.now();
  const source = resolve(dataDir);
  if (
    !(await stat(source)
      .then((s) => s.isDirectory())
      .catch(() => false))
  )
    throw new BackupError(`DATA_DIR ${source} does not exist.`);
  const target = await prepareDestination(dest, source);
  let from: Source | undefined;
  try {
    from = await stageFrom(source);
    const exported = await exportStaged(from.staged.dir, target.dir, { source, online: from.online });
    return { ...exported, online: from.online, heldMs: from.staged.heldMs, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    // The destination was new or empty: what is in it now is this failed attempt's.
    if (target.created) await rm(target.dir, { recursive: true, force: true });
    else for (const name of await readdir(target.dir).catch(() => [])) await rm(join(target.dir, name), { recursive: true, force: true });
    throw error;
  } finally {
    if (from) await rm(from.staged.dir, { recursive: true, force: true });
    from?.release?.();
  }
}

/** Backs up a data dir this process has locked (before a migration): nothing else writes it, so nothing is held. */
export async function backupLockedDataDir(dataDir: string, dest: string): Promise<Exported> {
  const target = await prepareDestination(dest, dataDir);
  const staged = await stageDataDir(dataDir, process.pid, (work) => work());
  try {
    return await exportStaged(staged.dir, target.dir, { source: dataDir, online: false });
  } finally {
    await rm(staged.dir, { recursive: true, force: true });
  }
}

async function stageFrom(dataDir: string): Promise<Source> {
  const owner = await liveLockOwner(dataDir);
  if (owner !== undefined) return { staged: await stageOnline(dataDir, owner), online: true };
  let release: () => void;
  try {
    release = lockDataDir(dataDir);
  } catch (error) {
    // A server started between our look at the lock and our claim: ask it instead.
    if (error instanceof DataDirLockedError) return { staged: await stageOnline(dataDir, error.pid), online: true };
    throw error;
  }
  try {
    return { staged: await stageDataDir(dataDir, process.pid, (work) => work()), online: false, release };
  } catch (error) {
    release();
    throw error;
  }
}

async function stageOnline(dataDir: string, owner: number): Promise<Staged> {
  let reply: Awaited<ReturnType<typeof requestStaging>>;
  try {
    reply = await requestStaging(dataDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') {
      throw new BackupError(
        `DATA_DIR ${dataDir} is in use by process ${owner}, which does not answer backup requests on ${join(dataDir, CONTROL_SOCKET)} ` +
          '(it is still starting, or it is a Bangfu from before online backups). Wait until it has started and try again, or stop it and run the backup then.',
      );
    }
    throw new BackupError(`Asking the running Bangfu (process ${owner}) for a backup failed: ${(error as Error).message}`);
  }
  if (!reply.ok) throw new BackupError(`The running Bangfu (process ${owner}) could not stage the backup: ${reply.error}`);
  // The staging dir is removed once exported: it must be one of DATA_DIR's own.
  if (basename(reply.staging) !== reply.staging || !reply.staging.startsWith(STAGING_PREFIX)) {
    throw new BackupError(`The running Bangfu (process ${owner}) named an unexpected staging dir (${reply.staging}); nothing was copied.`);
  }
  return { dir: join(dataDir, reply.staging), heldMs: reply.heldMs };
}
