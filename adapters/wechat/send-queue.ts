import type { LogId } from '../../src/privacy/log-id.js';
import type { Clock } from './clock.js';
import { describeError } from './describe-error.js';
import type { WeChatLog } from './log.js';
import type { SendThrottle } from './throttle.js';

/** One message for one conversation, already split into texts; sent part by part, in order. */
export type SendJob = {
  /** The conversation: a contact id or a room id. */
  to: string;
  parts: string[];
  /** Set for an outbox message, so the outbox is not fed the same message twice. */
  outboxId?: string;
  /** Called once the puppet accepted every part. */
  onSent?: () => Promise<void>;
  /** Called instead of retrying in place when a part fails while logged in; the job leaves the queue. */
  onFailed?: (error: unknown) => Promise<void>;
};

/** The logger calls the queue makes. */
export type QueueLog = Pick<WeChatLog, 'warn' | 'error'>;

/** What the queue works with. */
export type SendQueueOptions = {
  send: (to: string, text: string) => Promise<void>;
  /** Whether the account is logged in; while it is not, nothing is tried and nothing is dropped. */
  online: () => boolean;
  throttle: SendThrottle;
  clock: Clock;
  log: QueueLog;
  /** How a contact or room id may appear in a log line. */
  logId: LogId;
  /** Told about every failed send (for the status page). */
  onError?: (description: string) => void;
  /** Told about every accepted text. */
  onSent?: () => void;
};

type QueuedJob = SendJob & { next: number; tries: number };

const MAX_TRIES = 3;
const RETRY_BASE_MS = 5_000;

/** The one queue every WeChat send goes through (replies and outbox alike), paced by the throttle and paused while logged out. */
export class SendQueue {
  private readonly jobs: QueuedJob[] = [];
  private readonly abort = new AbortController();
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: SendQueueOptions) {}

  /** Adds a job at the end; empty jobs are ignored. */
  push(job: SendJob): void {
    if (job.parts.length === 0) return;
    this.jobs.push({ ...job, next: 0, tries: 0 });
    this.wake();
  }

  /** How many texts wait to be sent. */
  size(): number {
    return this.jobs.reduce((n, job) => n + job.parts.length - job.next, 0);
  }

  /** Whether an outbox message is already queued. */
  hasOutbox(id: string): boolean {
    return this.jobs.some((job) => job.outboxId === id);
  }

  /** How many outbox messages are queued. */
  outboxCount(): number {
    return this.jobs.filter((job) => job.outboxId !== undefined).length;
  }

  /** Looks again after a change from outside (login). */
  wake(): void {
    this.woken = true;
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }

  /** Starts sending in the background. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Stops after the text in flight; queued replies are dropped, queued outbox messages stay pending in the store. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { clock, throttle, online } = this.options;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      const job = this.jobs[0];
      if (!job || !online()) {
        await this.waitForWake();
        continue;
      }
      await clock.sleep(throttle.delayBefore(clock.now()), signal);
      if (signal.aborted) return;
      // The account may have logged out during the pause; the job stays first in line.
      if (!online()) continue;
      const text = job.parts[job.next] ?? '';
      try {
        await this.options.send(job.to, text);
      } catch (error) {
        await this.failed(job, error);
        continue;
      }
      throttle.record(clock.now());
      this.options.onSent?.();
      job.next += 1;
      if (job.next < job.parts.length) continue;
      // Leave the queue only once recorded: until then the outbox must not hand the same message out again.
      await job
        .onSent?.()
        .catch((error: unknown) =>
          this.options.log.error({ err: error, to: this.options.logId(job.to) }, 'WeChat: recording a sent message failed'),
        );
      this.remove(job);
    }
  }

  private async failed(job: QueuedJob, error: unknown): Promise<void> {
    const { log, clock } = this.options;
    const description = describeError(error);
    this.options.onError?.(description);
    // Logged out mid-send: keep the job first in line; it goes when the account is back.
    if (!this.options.online()) return;
    job.tries += 1;
    const to = this.options.logId(job.to);
    const details = { to, tries: job.tries, error: description };
    if (job.onFailed) {
      this.remove(job);
      await job.onFailed(error).catch((e: unknown) => log.error({ err: e, to }, 'WeChat: recording a failed outbox message failed'));
      return;
    }
    if (job.tries >= MAX_TRIES) {
      this.remove(job);
      log.error(
        { ...details, text: job.parts.slice(job.next).join('\n').slice(0, 200) },
        'WeChat: a reply could not be sent after 3 tries; dropped',
      );
      return;
    }
    log.warn(details, 'WeChat: sending failed; trying again shortly');
    await clock.sleep(RETRY_BASE_MS * 2 ** (job.tries - 1), this.abort.signal);
  }

  private remove(job: QueuedJob): void {
    const index = this.jobs.indexOf(job);
    if (index >= 0) this.jobs.splice(index, 1);
  }

  private waitForWake(): Promise<void> {
    if (this.woken || this.abort.signal.aborted) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.wakeUp = () => {
        this.woken = false;
        resolve();
      };
    });
  }
}
