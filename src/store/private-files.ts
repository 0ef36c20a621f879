import { mkdir } from 'node:fs/promises';

/** Mode of the data dir and of every directory in it: the service user only. */
export const PRIVATE_DIR_MODE = 0o700;

/** Mode of every file in the data dir (names, phones, complaints, bindings): the service user only. */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates a directory and any missing parents with PRIVATE_DIR_MODE (an existing one is left to the start-up check). */
export async function makePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
}
