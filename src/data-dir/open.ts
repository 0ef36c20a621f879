import { basename, dirname, join, resolve } from 'node:path';
import { backupLockedDataDir } from '../backup/backup.js';
import type { Config } from '../config.js';
import { createHasher, type Hasher } from '../privacy/keyed-hash.js';
import { createLogId, type LogId } from '../privacy/log-id.js';
import { createReplyAddressBook, type ReplyAddressBook } from '../privacy/reply-address.js';
import { openLowStore } from '../store/lowdb/open-store.js';
import { openPgStore } from '../store/postgres/open-store.js';
import type { SealedAddresses } from '../store/postgres/outbox.js';
import { makePrivateDir } from '../store/private-files.js';
import type { Store } from '../store/store.js';
import { DataDirError } from './errors.js';
import { settleFormat } from './format-version.js';
import { loadHashKey } from './hash-key.js';
import { type DataDirMode, settleMode, type WantedMode } from './mode.js';
import { securePermissions } from './permissions.js';

/**
 * An open data dir: its store; the ID hasher, the reply-address book and the log-id hash, all under its key; its mode;
 * and what the operator should be told.
 */
export type OpenDataDir = {
  store: Store;
  hasher: Hasher;
  addresses: ReplyAddressBook;
  logId: LogId;
  mode: DataDirMode;
  notices: string[];
};

/** The meta record holding a check value of the ID hash key, so a wrong key is refused instead of matching nobody. */
export const KEY_CHECK_META = 'idHash:keyCheck';

/** The settings opening a data dir reads. */
export type DataDirSettings = Pick<Config, 'DATA_DIR' | 'ID_HASH_KEY' | 'ID_HASH_KEY_FILE' | 'UPGRADE_BACKUP_DIR'> &
  Partial<Pick<Config, 'DATABASE_URL'>>;

/** Where the backup taken before a data format migration goes: UPGRADE_BACKUP_DIR, else `<DATA_DIR>-backups` beside DATA_DIR. */
export function upgradeBackupDir(settings: Pick<Config, 'DATA_DIR' | 'UPGRADE_BACKUP_DIR'>): string {
  const dataDir = resolve(settings.DATA_DIR);
  return resolve(settings.UPGRADE_BACKUP_DIR ?? join(dirname(dataDir), `${basename(dataDir)}-backups`));
}

/**
 * Opens the store for the server or the import CLI: with DATABASE_URL the PostgreSQL store (its schema migrated),
 * else the lowdb store in DATA_DIR (claimed, its format settled, loaded). DATA_DIR is created private either way (it
 * holds uploads, and a demo key). Then tightens permissions, settles the mode (demo or real, recorded in the store) and
 * loads the ID hash key the mode allows, checked against the store's key check value. Refuses (DataDirError) with a
 * message that names the setting and what to do.
 */
export async function openDataDir(
  settings: DataDirSettings,
  wanted: WantedMode,
  demoHouseholdIds: () => Promise<ReadonlySet<string>>,
): Promise<OpenDataDir> {
  const dir = settings.DATA_DIR;
  const notices: string[] = [];
  await makePrivateDir(dir);
  // The key is loaded only once the mode is known (a demo dir may keep it inside), so the outbox's opener is bound late.
  let addresses: ReplyAddressBook | undefined;
  const notice = (text: string) => notices.push(text);
  const store = settings.DATABASE_URL
    ? await openDatabase(settings.DATABASE_URL, {
        open: (address) => addresses?.open(address),
        tag: (address) => addresses?.tag(address) ?? '',
      })
    : await openLowStore(dir, {
        notice,
        openAddress: (address) => addresses?.open(address),
        beforeLoad: () =>
          settleFormat(dir, { backupDir: upgradeBackupDir(settings), notice, backup: (dest) => backupLockedDataDir(dir, dest) }),
      });
  try {
    const tightened = await securePermissions(dir);
    if (tightened.length > 0) {
      const shown = tightened.slice(0, 5).map((path) => path || '(the data dir itself)');
      notices.push(
        `Permissions: other users could read these and they are now owner-only (0700 directories, 0600 files), in ${dir}: ` +
          `${shown.join(', ')}${tightened.length > 5 ? ', …' : ''} (${tightened.length} in all). If this data dir was copied or restored, check who could read it meanwhile.`,
      );
    }
    const mode = await settleMode(store, dir, wanted, demoHouseholdIds);
    // The key check is looked at first: once it is recorded, the registry is never counted (a full scan in a province).
    const canCreate = (await store.meta.get(KEY_CHECK_META)) === undefined && (await store.households.count()) === 0;
    const loaded = await loadHashKey(dir, mode, settings, canCreate);
    notices.push(...loaded.notices);
    const hasher = createHasher(loaded.key);
    await checkKey(store, hasher, settings);
    addresses = createReplyAddressBook(loaded.key);
    return { store, hasher, addresses, logId: createLogId(loaded.key), mode, notices };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The PostgreSQL store at `url`, or a DataDirError saying which database could not be opened (password hidden). */
async function openDatabase(url: string, sealed: SealedAddresses): Promise<Store> {
  try {
    return await openPgStore({ url, addresses: sealed });
  } catch (error) {
    throw new DataDirError(
      `Cannot open the PostgreSQL store at DATABASE_URL=${withoutPassword(url)}: ${(error as Error).message}. ` +
        'Check that the database runs and this user may connect and create tables, or unset DATABASE_URL to use lowdb in DATA_DIR.',
    );
  }
}

/** A connection URL as it may be logged: its password replaced. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

async function checkKey(store: Store, hasher: Hasher, settings: DataDirSettings): Promise<void> {
  const check = await hasher.idHash('bangfu-key-check');
  const recorded = await store.meta.get(KEY_CHECK_META);
  if (recorded === undefined) await store.meta.set(KEY_CHECK_META, check);
  else if (recorded !== check) {
    const source = settings.ID_HASH_KEY
      ? 'ID_HASH_KEY'
      : settings.ID_HASH_KEY_FILE
        ? `ID_HASH_KEY_FILE=${settings.ID_HASH_KEY_FILE}`
        : 'the key file';
    throw new DataDirError(
      `The ID hash key (${source}) is not the key this data dir's ID numbers were hashed with: no household could verify. ` +
        'Restore the right key from your key backup and start again.',
    );
  }
}
