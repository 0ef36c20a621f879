import { FIRST_PASSWORD_FILE } from '../admin/bootstrap.js';
import { DEMO_KEY_FILE } from '../data-dir/hash-key.js';

/** The control socket a running Bangfu listens on for backup requests (under DATA_DIR: only its owner can reach it). */
export const CONTROL_SOCKET = '.backup.sock';

/** Prefix of the directories an online backup stages its hard links and journal copies in, inside DATA_DIR. */
export const STAGING_PREFIX = '.backup-staging-';

/** The directory of users' files (photos, voice, documents). */
export const UPLOADS_DIR = 'uploads';

/** What a backup does with an entry at the top of DATA_DIR. */
export type TopLevelRule = 'skip' | 'link' | 'copy' | 'uploads';

/**
 * How an entry at the top of DATA_DIR is backed up. Skipped: the lock, the control socket, staging dirs, temp files of
 * unfinished snapshot writes, the demo key file (a backup never holds a hash key) and a first-admin password (a
 * credential meant to be read once). Snapshots (`*.json`) are only ever replaced by a rename, so a hard link pins the
 * version of that instant; journals and everything else change in place and are copied.
 */
export function topLevelRule(name: string, isDirectory: boolean): TopLevelRule {
  if (name === '.lock' || name === CONTROL_SOCKET || name.startsWith(STAGING_PREFIX)) return 'skip';
  if (name === DEMO_KEY_FILE || name === FIRST_PASSWORD_FILE || name.endsWith('.tmp')) return 'skip';
  if (isDirectory) return name === UPLOADS_DIR ? 'uploads' : 'copy';
  return name.endsWith('.json') ? 'link' : 'copy';
}

/** Whether a file under uploads/ is skipped: a download still being written (`.part`, renamed when complete). */
export function skipUpload(name: string): boolean {
  return name.endsWith('.part');
}
