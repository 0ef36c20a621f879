import type { OutboxMessage } from '../../src/model/outbox.js';
import type { OutboxRepo } from '../../src/store/legacy-store.js';
import { WECHAT_CAPABILITIES, WECHAT_CHANNEL } from './channel.js';
import { realClock } from './clock.js';
import { describeError } from './describe-error.js';
import { renderReply } from './render.js';
import type { QueueLog, SendQueue } from './send-queue.js';
import { conversationOf } from './user-id.js';

/** What the feeder works with. */
export type OutboxFeederOptions = {
  outbox: Pick<OutboxRepo, 'due' | 'markSent' | 'markRetry' | 'markUnreachable'>;
  queue: SendQueue;
  online: () => boolean;
  now: () => Date;
  log: QueueLog;
  /** How often to look for due messages (default 5 s). */
  intervalMs?: number;
};

// The throttle lets ~20 messages a minute through; holding more in memory only delays interactive replies behind them.
const MAX_QUEUED = 5;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 6 * 3600_000;

/** Moves due WeChat outbox messages into the send queue; each is marked sent only after the puppet accepted all its parts. */
export class OutboxFeeder {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: OutboxFeederOptions) {}

  /** Starts looking in the background. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Stops looking; queued messages stay pending in the store until sent. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  /** Queues what is due now (also called right after a login). */
  feed(): void {
    const { outbox, queue, now, online } = this.options;
    if (!online()) return;
    const room = MAX_QUEUED - queue.outboxCount();
    if (room <= 0) return;
    const due = outbox.due(WECHAT_CHANNEL, now(), room + MAX_QUEUED).filter((m) => !queue.hasOutbox(m.id));
    for (const message of due.slice(0, room)) queue.push(this.jobOf(message));
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        this.feed();
      } catch (error) {
        this.options.log.error({ err: error }, 'WeChat: reading the outbox failed; trying again shortly');
      }
      await realClock.sleep(this.options.intervalMs ?? 5_000, this.abort.signal);
    }
  }

  private jobOf(message: OutboxMessage) {
    const { outbox, now, log } = this.options;
    return {
      to: conversationOf(message.userId),
      parts: renderReply(message.reply, WECHAT_CAPABILITIES.maxTextLength),
      outboxId: message.id,
      onSent: () => outbox.markSent(message.id, now()),
      onFailed: async (error: unknown) => {
        const retryInMs = Math.min(BACKOFF_BASE_MS * 2 ** message.attempts, BACKOFF_MAX_MS);
        await outbox.markRetry(message.id, describeError(error), new Date(now().getTime() + retryInMs));
        log.warn(
          { outboxId: message.id, attempts: message.attempts + 1, retryInMs, error: describeError(error) },
          'WeChat outbox: sending failed; will retry',
        );
      },
    };
  }
}
