import { type FileHandle, open, readFile, truncate } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from '../private-files.js';
import { type DiskGate, OPEN_GATE } from './disk-gate.js';

/** One collection's share of a change: the records it stores (whole) and the ids it removes. */
export type LogPart = { c: string; puts: { id: string }[]; dels: string[] };

type Waiter = { text: string; resolve: () => void; reject: (error: unknown) => void };

/** Log size (bytes) under which it is never folded into the snapshots. */
const MIN_CHECKPOINT_BYTES = 1024 * 1024;

/**
 * The store's write-ahead log (`store.log`) with group commit. A change — one record, or a transaction over several
 * collections — is one JSON line, so it is on disk entirely or not at all. Changes that arrive while a write is in
 * flight wait and then share one append and one fsync; each caller is answered only after that fsync.
 *
 * When the log outgrows half the snapshots (at least 1 MB), `checkpoint` writes the snapshot of every shard changed
 * since the last one and the log is emptied. Lines are replayed in order on load, over the snapshots; every line
 * holds whole records, so replaying one the snapshots already hold changes nothing.
 */
export class GroupLog {
  private waiting: Waiter[] = [];
  private running: Promise<void> | undefined;
  /** Set when an append may have left a partial line: the next batch checkpoints instead. */
  private broken = false;
  private size = 0;
  /** Bytes appended since open. */
  appendedBytes = 0;
  /** Appends (each one fsync) and changes committed since open: changes per append is the group-commit factor. */
  readonly stats = { appends: 0, changes: 0, checkpoints: 0 };

  constructor(
    readonly path: string,
    /** Writes every changed shard's snapshot; resolves with the bytes all snapshots now take. */
    private readonly checkpointAll: () => Promise<number>,
    private snapshotBytes = 0,
    /** Every append and checkpoint passes it (online backups hold it while they copy the files). */
    private readonly gate: DiskGate = OPEN_GATE,
  ) {}

  /** Bytes in the log file now (0 right after a checkpoint). */
  get bytes(): number {
    return this.size;
  }

  /** Reads the log, calling `apply` for each complete line; a torn last line (a crash mid-append) is cut off. */
  async replay(apply: (parts: LogPart[]) => void): Promise<number> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const lines = text.split('\n');
    // Everything after the last newline is an unfinished append: it was never confirmed, so it is dropped.
    const tail = lines.pop() ?? '';
    let good = Buffer.byteLength(text) - Buffer.byteLength(tail);
    let count = 0;
    for (const [i, line] of lines.entries()) {
      if (line === '') continue;
      let parts: LogPart[];
      try {
        parts = (JSON.parse(line) as { p: LogPart[] }).p;
      } catch (error) {
        if (i === lines.length - 1 && tail === '') {
          // A last line that is complete but garbled is a torn write too.
          good -= Buffer.byteLength(line) + 1;
          break;
        }
        throw new Error(
          `Store log ${this.path} line ${i + 1} is not valid JSON (${(error as Error).message}). Restore the data dir from a backup; it was not changed.`,
        );
      }
      apply(parts);
      count += 1;
    }
    if (good < Buffer.byteLength(text)) await truncate(this.path, good);
    this.size = good;
    return count;
  }

  /** Appends one change durably (the caller has already applied it in memory); resolves after the shared fsync. */
  commit(parts: LogPart[]): Promise<void> {
    const text = `${JSON.stringify({ p: parts })}\n`;
    return new Promise((resolve, reject) => {
      this.waiting.push({ text, resolve, reject });
      this.running ??= this.drain().finally(() => {
        this.running = undefined;
      });
    });
  }

  /** Folds the log into the snapshots now (after start-up upgrades; before a backup-friendly close). */
  checkpoint(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ text: '', resolve, reject });
      this.running ??= this.drain().finally(() => {
        this.running = undefined;
      });
    });
  }

  /** Waits for writes in flight. */
  async close(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      const text = batch.map((w) => w.text).join('');
      const bytes = Buffer.byteLength(text);
      try {
        const asked = batch.some((w) => w.text === '');
        await this.gate.run(async () => {
          if (this.broken || asked || this.size + bytes > Math.max(MIN_CHECKPOINT_BYTES, this.snapshotBytes / 2)) {
            // Memory already holds these changes, so the snapshots carry them and they need no line.
            await this.fold();
          } else {
            await this.append(text, bytes);
          }
        });
        this.stats.changes += batch.filter((w) => w.text !== '').length;
        for (const w of batch) w.resolve();
      } catch (error) {
        this.broken = true;
        for (const w of batch) w.reject(error);
        // Let the callers roll their changes back in memory before anything else is written from it.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  private async append(text: string, bytes: number): Promise<void> {
    await this.withFile(async (file) => {
      // appendFile writes on after a short write (a nearly full disk); a lone write() would report success for part of it.
      await file.appendFile(text);
      await file.datasync();
    });
    this.size += bytes;
    this.appendedBytes += bytes;
    this.stats.appends += 1;
  }

  private async fold(): Promise<void> {
    this.snapshotBytes = await this.checkpointAll();
    // Only now is every logged change in a snapshot; a crash before this line replays the log over them (harmless).
    await this.withFile(async (file) => {
      await file.truncate(0);
      await file.datasync();
    });
    this.size = 0;
    this.broken = false;
    this.stats.checkpoints += 1;
  }

  /**
   * Opens the log for one batch. An open and a close cost microseconds next to the fsync, and a log file that was
   * moved or replaced (a restore, an operator's mistake) is never written through a stale handle.
   */
  private async withFile(work: (file: FileHandle) => Promise<void>): Promise<void> {
    const file = await open(this.path, 'a', PRIVATE_FILE_MODE);
    try {
      await work(file);
    } finally {
      await file.close();
    }
  }
}
