import { type FileHandle, open, readFile, truncate } from 'node:fs/promises';

/** One collection's share of a store transaction: the records it stores and the ids it removes. */
export type TxPart = { collection: string; puts: { id: string }[]; dels: string[] };

/** A committed store transaction as transactions.log holds it. */
export type TxRecord = { tx: number; parts: TxPart[] };

type Waiting = { record: TxRecord; apply: (seq: number) => Promise<void>; resolve: () => void; reject: (error: unknown) => void };

/** Bytes under which the log is not emptied even when every transaction in it is applied. */
const MIN_TRUNCATE_BYTES = 64 * 1024;

/**
 * The write-ahead log of changes that span collections (a status change and its notification; a visit, its
 * ledger items and its application link). A transaction is one fsynced JSON line: the commit point. Only then
 * is it applied to the collections (memory, and each shard's own journal as one line tagged with its number);
 * a crash in between is repaired at the next load by applying what the shards do not hold yet. The log is
 * emptied once every transaction in it has reached its collections.
 */
export class TxLog {
  private waiting: Waiting[] = [];
  private running: Promise<void> | undefined;
  private handle: FileHandle | undefined;
  private readonly applying = new Set<Promise<void>>();
  /** Transactions whose collection writes have not all succeeded yet: the log must keep them. */
  private unsettled = 0;
  /** Set when an append failed: a partial line may follow the last good byte. */
  private broken = false;
  private size = 0;
  private seq = 0;

  constructor(readonly path: string) {}

  /** Reads the committed transactions, cutting off a torn last line; later commits are numbered after `floor`. */
  async replay(floor: number): Promise<TxRecord[]> {
    let text = '';
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const lines = text.split('\n');
    const tail = lines.pop() ?? '';
    let good = Buffer.byteLength(text) - Buffer.byteLength(tail);
    const records: TxRecord[] = [];
    for (const [i, line] of lines.entries()) {
      if (line === '') continue;
      try {
        records.push(JSON.parse(line) as TxRecord);
      } catch (error) {
        if (i === lines.length - 1 && tail === '') {
          good -= Buffer.byteLength(line) + 1;
          break;
        }
        throw new Error(
          `Transaction log ${this.path} line ${i + 1} is not valid JSON (${(error as Error).message}). Restore the data dir from a backup; it was not changed.`,
        );
      }
    }
    if (good < Buffer.byteLength(text)) await truncate(this.path, good);
    this.size = good;
    this.seq = records.reduce((n, r) => Math.max(n, r.tx), floor);
    this.unsettled = records.length;
    return records;
  }

  /** Marks every replayed transaction as held by its collections, so the log may be emptied. */
  settleReplayed(): void {
    this.unsettled = 0;
  }

  /**
   * Commits one transaction: resolves once its line is durable and `apply` has changed memory (synchronously,
   * in commit order). A failed append rejects and nothing was applied. A failed collection write after the
   * commit is not the caller's failure: the log keeps the transaction and the next load applies it.
   */
  commit(parts: TxPart[], apply: (seq: number) => Promise<void>): Promise<void> {
    this.seq += 1;
    const record: TxRecord = { tx: this.seq, parts };
    return new Promise((resolve, reject) => {
      this.waiting.push({ record, apply, resolve, reject });
      this.running ??= this.drain().finally(() => {
        this.running = undefined;
      });
    });
  }

  /** Waits for commits and collection writes in flight, then closes the file. */
  async close(): Promise<void> {
    await this.running;
    await Promise.allSettled([...this.applying]);
    await this.handle?.close();
    this.handle = undefined;
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.append(batch.map((w) => `${JSON.stringify(w.record)}\n`).join(''));
      } catch (error) {
        for (const w of batch) w.reject(error);
        continue;
      }
      for (const w of batch) {
        this.unsettled += 1;
        let written: Promise<void>;
        try {
          written = w.apply(w.record.tx);
        } catch (error) {
          written = Promise.reject(error);
        }
        const tracked: Promise<void> = written.then(
          () => {
            this.unsettled -= 1;
          },
          () => {
            // Kept unsettled: the log keeps the transaction until a load has applied it again.
          },
        );
        this.applying.add(tracked);
        void tracked.finally(() => this.applying.delete(tracked));
        w.resolve();
      }
    }
  }

  private async append(text: string): Promise<void> {
    this.handle ??= await open(this.path, 'a');
    if (this.broken || (this.unsettled === 0 && this.size > MIN_TRUNCATE_BYTES)) {
      // Everything before is either applied everywhere or a partial line of a failed append: drop it.
      await this.handle.truncate(this.unsettled === 0 ? 0 : this.size);
      if (this.unsettled === 0) this.size = 0;
      this.broken = false;
    }
    const bytes = Buffer.from(text, 'utf8');
    try {
      await this.handle.write(bytes, 0, bytes.length);
      await this.handle.datasync();
    } catch (error) {
      this.broken = true;
      throw error;
    }
    this.size += bytes.length;
  }
}
