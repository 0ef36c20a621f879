import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import { PRIVATE_FILE_MODE } from '../private-files.js';

/** A lowdb adapter that writes compact JSON atomically (temp file, fsync, rename) and coalesces concurrent writes. */
export class DurableJsonFile<T> implements Adapter<T> {
  private latest: T | undefined;
  private inflight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** Bytes written by the last flush; benchmarks read it. */
  lastWriteBytes = 0;
  /** Total bytes written since open; benchmarks read it. */
  totalWriteBytes = 0;
  /** Bytes of the file as last read or written. */
  size = 0;

  constructor(private readonly path: string) {}

  /** Reads and parses the file, or null when it does not exist yet. */
  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    this.size = Buffer.byteLength(text);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(
        `Data file ${this.path} is not valid JSON (${(error as Error).message}). Restore it from a backup; it was not changed.`,
      );
    }
  }

  /** Resolves once a write that includes `data` as it is now has reached the disk. */
  write(data: T): Promise<void> {
    this.latest = data;
    if (!this.queued) {
      const previous = this.inflight ?? Promise.resolve();
      // Every caller that arrives while a write is in flight shares one follow-up write of the newest data.
      this.queued = previous
        .catch(() => {})
        .then(() => {
          this.queued = undefined;
          this.inflight = this.flush(JSON.stringify(this.latest));
          return this.inflight;
        });
    }
    return this.queued;
  }

  private async flush(text: string): Promise<void> {
    const temp = `${this.path}.${process.pid}.tmp`;
    try {
      const handle = await open(temp, 'w', PRIVATE_FILE_MODE);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.path);
    } catch (error) {
      // A half-written temp file on a full disk would keep the disk full: remove it.
      await rm(temp, { force: true }).catch(() => {});
      throw error;
    }
    await syncDirectory(dirname(this.path));
    this.lastWriteBytes = Buffer.byteLength(text);
    this.size = this.lastWriteBytes;
    this.totalWriteBytes += this.lastWriteBytes;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // The rename is only durable once the directory entry itself is flushed. Asynchronously: a blocking fsync here
  // stalled every other chat turn for the length of a disk flush (bench/README-performance.md).
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
