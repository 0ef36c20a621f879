import { randomBytes } from 'node:crypto';
import { readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../store/private-files.js';
import { DataDirError } from './errors.js';
import type { DataDirMode } from './mode.js';

/** The key file a demo data dir keeps inside itself (fictional data: nothing to protect). */
export const DEMO_KEY_FILE = 'secret.key';

/** Where the key may come from (config ID_HASH_KEY / ID_HASH_KEY_FILE). */
export type KeySettings = { ID_HASH_KEY?: string; ID_HASH_KEY_FILE?: string };

/** The key, and what loading it did that the operator must know (a key file created). */
export type LoadedKey = { key: string; notices: string[] };

const EXAMPLE_FILE = '/etc/bangfu/id-hash.key';

/**
 * The ID hash key. A real data dir takes it only from ID_HASH_KEY or from ID_HASH_KEY_FILE outside DATA_DIR, so that a
 * copy of the data dir is not enough to test guesses; a demo data dir may keep it in DATA_DIR/secret.key. A missing key
 * file is created only when `canCreate` (no ID has been hashed yet): with any other key the stored hashes are useless.
 */
export async function loadHashKey(dataDir: string, mode: DataDirMode, settings: KeySettings, canCreate: boolean): Promise<LoadedKey> {
  if (settings.ID_HASH_KEY && settings.ID_HASH_KEY_FILE) throw new DataDirError('Set either ID_HASH_KEY or ID_HASH_KEY_FILE, not both.');
  const inside = join(dataDir, DEMO_KEY_FILE);
  if (mode === 'demo') {
    if (settings.ID_HASH_KEY) return { key: settings.ID_HASH_KEY, notices: [] };
    return settings.ID_HASH_KEY_FILE
      ? readOrCreate(resolve(settings.ID_HASH_KEY_FILE), canCreate, 'ID_HASH_KEY_FILE')
      : readOrCreate(inside, true, DEMO_KEY_FILE);
  }
  if (await exists(inside)) throw new DataDirError(keyInsideMessage(inside, Boolean(settings.ID_HASH_KEY || settings.ID_HASH_KEY_FILE)));
  if (settings.ID_HASH_KEY) return { key: settings.ID_HASH_KEY, notices: [] };
  if (!settings.ID_HASH_KEY_FILE) {
    throw new DataDirError(
      `ID_HASH_KEY_FILE (or ID_HASH_KEY) must be set: ${dataDir} holds real data, and the key that protects ID numbers must not live inside it. ` +
        `Set ID_HASH_KEY_FILE=${EXAMPLE_FILE} (a path outside DATA_DIR; on first start the file is created there) and back that file up separately from the data.`,
    );
  }
  const path = resolve(settings.ID_HASH_KEY_FILE);
  if (await isInside(path, dataDir)) {
    throw new DataDirError(
      `ID_HASH_KEY_FILE=${settings.ID_HASH_KEY_FILE} is inside DATA_DIR (${dataDir}): anyone with a copy of the data dir would have the key. ` +
        `Move the file out (e.g. to ${EXAMPLE_FILE}), point ID_HASH_KEY_FILE at it and start again.`,
    );
  }
  return readOrCreate(path, canCreate, 'ID_HASH_KEY_FILE');
}

async function readOrCreate(path: string, canCreate: boolean, variable: string): Promise<LoadedKey> {
  const existing = await readKey(path, variable);
  if (existing !== undefined) return { key: existing, notices: await openToOthers(path) };
  if (!canCreate) {
    throw new DataDirError(
      `${variable}=${path} does not exist. This data dir's ID hashes were made with a key: restore that file from your key backup and start again.`,
    );
  }
  await makePrivateDir(dirname(path));
  const fresh = randomBytes(32).toString('hex');
  try {
    await writeFile(path, `${fresh}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
  } catch (error) {
    // Another process created it between our read and write: use theirs so both agree.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const theirs = await readKey(path, variable);
    if (theirs === undefined) throw error;
    return { key: theirs, notices: [] };
  }
  return {
    key: fresh,
    notices: [`Created the ID hash key ${path}. Back it up now, apart from the data: without it no household can verify.`],
  };
}

async function readKey(path: string, variable: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataDirError(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code}). Let the service user read it.`);
  }
  const key = text.trim();
  if (key.length < 32)
    throw new DataDirError(
      `The hash key in ${path} is shorter than 32 characters. Restore it from a backup; replacing it makes every stored ID hash unusable.`,
    );
  return key;
}

async function openToOthers(path: string): Promise<string[]> {
  const mode = (await stat(path)).mode & 0o777;
  return mode & 0o007 ? [`The ID hash key ${path} can be read by every user (mode ${mode.toString(8)}): run chmod 600 ${path}.`] : [];
}

function keyInsideMessage(inside: string, configured: boolean): string {
  return configured
    ? `${inside} holds a hash key inside a real data dir. Move it next to your key backup (away from the data) and remove it from DATA_DIR, then start again.`
    : `This real data dir keeps its ID hash key inside it (${inside}), so a copy of the data dir is enough to recover ID numbers. ` +
        `Move the key out and point ID_HASH_KEY_FILE at it, e.g.: mkdir -p /etc/bangfu && mv ${inside} ${EXAMPLE_FILE} && chmod 600 ${EXAMPLE_FILE}; ` +
        `then start with ID_HASH_KEY_FILE=${EXAMPLE_FILE}, and back the key up separately from the data.`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function isInside(path: string, dir: string): Promise<boolean> {
  // Compares real paths, so neither a symlink nor `..` hides a key file inside DATA_DIR.
  const target = await realpath(path).catch(async () => join(await realpath(dirname(path)).catch(() => dirname(path)), basename(path)));
  const rel = relative(await realpath(dir).catch(() => resolve(dir)), target);
  return !rel.startsWith('..') && !isAbsolute(rel);
}
