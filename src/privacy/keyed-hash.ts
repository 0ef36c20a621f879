import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Keyed hashes of ID numbers: the same person always hashes the same under one key, and nobody without the key can test guesses. */
export type Hasher = {
  /** HMAC-SHA256 (hex) of the full ID number, upper-cased. */
  idHash(id: string): string;
  /** HMAC-SHA256 (hex) of `name|last6`: the chat verification key (name trimmed, spaces removed; tail upper-cased). */
  verifyHash(name: string, last6: string): string;
  /** HMAC-SHA256 (hex) of another secret or personal value, under a purpose label so no two uses can collide. */
  keyed(purpose: string, text: string): string;
};

/** The name of the key file kept in DATA_DIR when ID_HASH_KEY is not set. */
export const KEY_FILE = 'secret.key';

/** A Hasher over the given secret. */
export function createHasher(key: string): Hasher {
  // A KeyObject is prepared once; passing the raw string re-imports the key on every hash (2× slower).
  const secret = createSecretKey(Buffer.from(key, 'utf8'));
  const hmac = (text: string) => createHmac('sha256', secret).update(text, 'utf8').digest('hex');
  return {
    idHash: (id) => hmac(id.trim().toUpperCase()),
    verifyHash: (name, last6) => hmac(`${normaliseName(name)}|${last6.trim().toUpperCase()}`),
    // A NUL never occurs in an ID number or a name, so these inputs cannot equal an idHash or verifyHash input.
    keyed: (purpose, text) => hmac(`\u0000${purpose}\u0000${text}`),
  };
}

/** A person's name as typed or imported, in the one form that is hashed (NFKC, no spaces). */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}

/**
 * The hash key: `fromEnv` (config ID_HASH_KEY) when given, else DATA_DIR/secret.key, else a new random key
 * written there once with mode 0600. Losing it makes every stored hash useless, so back it up with the data.
 */
export async function loadHashKey(dataDir: string, fromEnv?: string): Promise<string> {
  if (fromEnv) return fromEnv;
  const path = join(dataDir, KEY_FILE);
  const existing = await readKey(path);
  if (existing !== undefined) return existing;
  await mkdir(dataDir, { recursive: true });
  const fresh = randomBytes(32).toString('hex');
  try {
    await writeFile(path, `${fresh}\n`, { flag: 'wx', mode: 0o600 });
    return fresh;
  } catch (error) {
    // Another process created it between our read and write: use theirs so both agree.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const theirs = await readKey(path);
    if (theirs === undefined) throw error;
    return theirs;
  }
}

async function readKey(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const key = text.trim();
  if (key.length < 32)
    throw new Error(
      `The hash key in ${path} is shorter than 32 characters. Restore it from a backup; deleting it makes every stored ID hash unusable.`,
    );
  return key;
}
