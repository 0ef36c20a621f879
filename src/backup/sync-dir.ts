import { open } from 'node:fs/promises';

/** Flushes a directory's entries (files created or renamed in it) to disk. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
