import type { Clock } from './clock.js';
import { describeError } from './describe-error.js';

/** What the reconnector works with. */
export type ReconnectOptions = {
  /** Stops and starts the puppet again (a fresh login QR code, a new connection to the puppet service). */
  restart: () => Promise<void>;
  loggedIn: () => boolean;
  /** When the puppet last showed a login QR code (ms); a recent one means it is alive and waiting for a person. */
  lastScanAt: () => number | undefined;
  clock: Clock;
  log: { warn: (details: object, message: string) => void };
  baseMs?: number;
  maxMs?: number;
};

/** After a logout or a puppet failure: waits with exponential backoff and restarts the puppet until it logs in again. */
export class Reconnector {
  private attempt = 0;
  private scheduled = false;
  private restarting = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: ReconnectOptions) {}

  /** Whether a restart is in progress (its own logout and error events are expected then). */
  get busy(): boolean {
    return this.restarting;
  }

  /** Starts watching unless already watching; it ends by itself once the account is logged in. */
  schedule(reason: string): void {
    if (this.scheduled || this.abort.signal.aborted) return;
    this.scheduled = true;
    void this.watch(reason);
  }

  /** Forgets past failures (after a login). */
  reset(): void {
    this.attempt = 0;
  }

  /** Stops watching. */
  stop(): void {
    this.abort.abort();
  }

  private async watch(reason: string): Promise<void> {
    const { clock, log, loggedIn, lastScanAt } = this.options;
    const base = this.options.baseMs ?? 5_000;
    const max = this.options.maxMs ?? 5 * 60_000;
    try {
      while (!this.abort.signal.aborted) {
        const delay = Math.min(base * 2 ** this.attempt, max);
        await clock.sleep(delay, this.abort.signal);
        if (this.abort.signal.aborted || loggedIn()) return;
        const scan = lastScanAt();
        // A QR code shown since the last look: the puppet works and waits for someone to scan it.
        if (scan !== undefined && clock.now() - scan < delay) continue;
        this.attempt += 1;
        log.warn({ attempt: this.attempt, reason, delayMs: delay }, 'WeChat: not logged in; restarting the puppet');
        this.restarting = true;
        try {
          await this.options.restart();
        } catch (error) {
          log.warn({ error: describeError(error) }, 'WeChat: restarting the puppet failed; will try again');
        } finally {
          this.restarting = false;
        }
      }
    } finally {
      this.scheduled = false;
    }
  }
}
