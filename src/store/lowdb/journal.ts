import { type FileHandle, open, readFile, truncate } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from '../private-files.js';
import { type DiskGate, OPEN_GATE } from './disk-gate.js';

/**
 * One change to a collection, as a journal line: a whole record stored, an id removed, or the share of one
 * store transaction (transactions.log) this file holds, as one line so that it is there entirely or not at all.
 */
export type JournalEntry<T> = { put: T } | { del: string } | { tx: number; puts: T[]; dels: string[] };

/** Journal size (bytes) under which it is never folded into the snapshot. */
const MIN_COMPACT_BYTES = 256 * 1024;

/**
 * An append-only journal of changes next to a collection's JSON snapshot (`name.json` + `name.log`).
 *
 * A change is appended as one JSON line and fsynced (concurrent changes share one write and one fsync), so a
 * chat turn writes the size of its record, not the size of the file. When the journal outgrows half the
 * snapshot, `compact` rewrites the snapshot (temp file, fsync, rename) and empties the journal: about two
 * bytes rewritten per byte appended. Lines are replayed in order on load; replaying a line twice is harmless.
 */
export class Journal<T extends { id: string }> {
  private pending: string[] = [];
  /** Set when a waiting commit asked for the journal to be folded into the snapshot (to erase what it held). */
  private compactAsked = false;
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private running: Promise<void> | undefined;
  private handle: FileHandle | undefined;
  /** Set when an append may have left a partial line: the next commit rewrites the snapshot instead. */
  private broken = false;
  /** Bytes in the journal file now. */
  size = 0;
  /** Bytes appended since open (benchmarks read it). */
  appendedBytes = 0;

  constructor(
    readonly path: string,
    /** Writes the whole in-memory state as the snapshot; resolves once it is durable. */
    private readonly snapshot: () => Promise<number>,
    private snapshotBytes = 0,
    /** Every append and compaction passes it (online backups hold it while they copy the files). */
    private readonly gate: DiskGate = OPEN_GATE,
  ) {}

  /** Reads the journal, calling `apply` for each complete line; a torn last line (a crash mid-append) is cut off. */
  async replay(apply: (entry: JournalEntry<T>) => void): Promise<number> {
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
      let entry: JournalEntry<T>;
      try {
        entry = JSON.parse(line) as JournalEntry<T>;
      } catch (error) {
        if (i === lines.length - 1 && tail === '') {
          // A last line that is complete but garbled is a torn write too.
          good -= Buffer.byteLength(line) + 1;
          break;
        }
        throw new Error(
          `Journal ${this.path} line ${i + 1} is not valid JSON (${(error as Error).message}). Restore the data dir from a backup; it was not changed.`,
        );
      }
      apply(entry);
      count += 1;
    }
    if (good < Buffer.byteLength(text)) await truncate(this.path, good);
    this.size = good;
    return count;
  }

  /**
   * Appends entries durably; resolves once they (or a snapshot containing them) are on disk. With `compact`, the
   * journal is folded into the snapshot instead, so no earlier line of it (e.g. a finished form's answers) survives.
   */
  commit(entries: JournalEntry<T>[], options: { compact?: boolean } = {}): Promise<void> {
    const text = entries.map((e) => `${JSON.stringify(e)}\n`).join('');
    if (options.compact) this.compactAsked = true;
    return new Promise((resolve, reject) => {
      this.pending.push(text);
      this.waiters.push({ resolve, reject });
      this.running ??= this.drain().finally(() => {
        this.running = undefined;
      });
    });
  }

  /** Closes the journal file. */
  async close(): Promise<void> {
    await this.running;
    await this.handle?.close();
    this.handle = undefined;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const text = this.pending.join('');
      const waiters = this.waiters;
      const compactAsked = this.compactAsked;
      this.pending = [];
      this.waiters = [];
      this.compactAsked = false;
      try {
        await this.gate.run(async () => {
          if (this.broken || compactAsked || this.size + Buffer.byteLength(text) > Math.max(MIN_COMPACT_BYTES, this.snapshotBytes / 2)) {
            // The in-memory state already holds these changes, so the snapshot carries them and they need no line.
            await this.compact();
          } else {
            await this.append(text);
          }
        });
        for (const w of waiters) w.resolve();
      } catch (error) {
        this.broken = true;
        for (const w of waiters) w.reject(error);
        // Let the callers roll their records back before anything else is written from memory.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  private async append(text: string): Promise<void> {
    this.handle ??= await open(this.path, 'a', PRIVATE_FILE_MODE);
    const bytes = Buffer.from(text, 'utf8');
    // appendFile writes on after a short write (a nearly full disk); a lone write() would report success for part of it.
    await this.handle.appendFile(bytes);
    await this.handle.datasync();
    this.size += bytes.length;
    this.appendedBytes += bytes.length;
  }

  private async compact(): Promise<void> {
    this.snapshotBytes = await this.snapshot();
    // Only now is every journalled change in the snapshot; a crash before this line replays the journal over it (harmless).
    this.handle ??= await open(this.path, 'a', PRIVATE_FILE_MODE);
    await this.handle.truncate(0);
    await this.handle.datasync();
    this.size = 0;
    this.broken = false;
  }
}
