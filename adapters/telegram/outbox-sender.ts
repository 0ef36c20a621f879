import { type Api, GrammyError } from 'grammy';
import type { OutboxMessage } from '../../src/model/outbox.js';
import type { LogId } from '../../src/privacy/log-id.js';
import type { OutboxRepo } from '../../src/store/chat-repos.js';
import { sleep } from '../shared/sleep.js';
import type { CallbackTokens } from './callback-tokens.js';
import { TELEGRAM_CHANNEL } from './channel.js';
import { describeError, errorDetails } from './describe-error.js';
import type { RateLimiter } from './rate-limiter.js';
import { renderReply } from './render-reply.js';

/** Delivery counters since start, for the dashboard. */
export type OutboxStatus = { running: boolean; lastError: string | null; sent: number; failed: number; unreachable: number };

/** The logger calls the sender makes (fastify's pino logger fits). */
export type SenderLog = { warn: (details: object, message: string) => void; error: (details: object, message: string) => void };

/** What the sender works with. */
export type OutboxSenderOptions = {
  api: Api;
  outbox: Pick<OutboxRepo, 'claim' | 'release' | 'markSent' | 'markRetry' | 'markUnreachable'>;
  tokens: CallbackTokens;
  limiter: RateLimiter;
  log: SenderLog;
  /** How a chat id may appear in a log line. */
  logId: LogId;
  now: () => Date;
  /** How often to look for due messages when there is nothing to send. */
  intervalMs?: number;
  batchSize?: number;
};

type Verdict = { retryAfterMs: number } | { unreachable: true };

const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 60 * 60_000;
const DEFAULT_RETRY_AFTER_S = 5;
/**
 * How long a claimed batch is ours: a crashed instance's claim runs out after this and another sends its messages.
 * No send starts after the first half of the claim, and a send gives up after SEND_TIMEOUT_SECONDS, so every send
 * ends while the claim holds: another instance never sends the same message meanwhile.
 */
export const CLAIM_MS = 30_000;
/** How long one Bot API call of the outbox may take (see CLAIM_MS). */
export const SEND_TIMEOUT_SECONDS = 10;

/** Delivers the Telegram outbox within Telegram's limits; every failure is marked in the store, logged and counted. */
export class OutboxSender {
  private readonly counters: OutboxStatus = { running: false, lastError: null, sent: 0, failed: 0, unreachable: 0 };
  private readonly abort = new AbortController();
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: OutboxSenderOptions) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 100;
  }

  /** Starts the delivery loop in the background. */
  start(): void {
    if (this.loop) return;
    this.counters.running = true;
    this.loop = this.run().finally(() => {
      this.counters.running = false;
    });
  }

  /** Stops the loop after the message in flight. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  /** A snapshot of the counters. */
  status(): OutboxStatus {
    return { ...this.counters };
  }

  /** Records an error from outside the loop (polling, updates) as the last error. */
  noteError(description: string): void {
    this.counters.lastError = description;
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      let wait = this.intervalMs;
      try {
        wait = await this.tick();
      } catch (error) {
        this.counters.lastError = describeError(error);
        this.options.log.error(errorDetails(error), 'the Telegram outbox loop failed; trying again shortly');
      }
      await sleep(wait, this.abort.signal);
    }
  }

  /** Sends what may go now; returns how long to wait before looking again. */
  private async tick(): Promise<number> {
    const { outbox, now } = this.options;
    // Claimed, so another instance sending the same outbox skips them; what this round leaves is given back at the end
    // (giving back a message already marked sent or for retry changes nothing).
    const stopAt = Date.now() + CLAIM_MS / 2;
    const batch = await outbox.claim(TELEGRAM_CHANNEL, now(), { limit: this.batchSize, leaseMs: CLAIM_MS });
    try {
      return await this.sendBatch(batch, stopAt);
    } finally {
      await outbox.release(batch.map((m) => m.id));
    }
  }

  private async sendBatch(batch: OutboxMessage[], stopAt: number): Promise<number> {
    const { limiter } = this.options;
    // A chat left out of this round keeps the rest of its messages back too, so they stay in order.
    const later = new Set<string>();
    let wait = this.intervalMs;
    let delivered = 0;
    for (const message of batch) {
      if (this.abort.signal.aborted) return 0;
      // The rest goes back unsent and is claimed afresh at once (see CLAIM_MS).
      if (Date.now() >= stopAt) return 0;
      const chatWait = later.has(message.userId) ? 0 : limiter.chatWait(message.userId, Date.now());
      if (chatWait > 0) wait = Math.min(wait, chatWait);
      if (chatWait > 0 || later.has(message.userId)) {
        later.add(message.userId);
        continue;
      }
      if (await this.deliver(message)) delivered += 1;
      else later.add(message.userId);
    }
    return delivered > 0 ? 0 : wait;
  }

  private async deliver(message: OutboxMessage): Promise<boolean> {
    const { api, limiter, tokens } = this.options;
    try {
      for (const part of renderReply(message.reply, tokens)) {
        await sleep(limiter.globalWait(Date.now()), this.abort.signal);
        limiter.record(message.userId, Date.now());
        await api.sendMessage(message.userId, part.text, part.reply_markup ? { reply_markup: part.reply_markup } : {});
      }
    } catch (error) {
      await this.fail(message, error);
      return false;
    }
    await this.options.outbox.markSent(message.id, this.options.now());
    this.counters.sent += 1;
    return true;
  }

  private async fail(message: OutboxMessage, error: unknown): Promise<void> {
    const { outbox, limiter, log, now, logId } = this.options;
    const description = describeError(error);
    const verdict = classify(error, message.attempts);
    const details = { outboxId: message.id, chat: logId(message.userId), attempts: message.attempts + 1, error: description };
    this.counters.lastError = description;
    if ('unreachable' in verdict) {
      await outbox.markUnreachable(message.id, description);
      this.counters.unreachable += 1;
      log.warn(details, 'Telegram outbox: the chat cannot be reached (blocked or gone); the message is marked unreachable');
      return;
    }
    await outbox.markRetry(message.id, description, new Date(now().getTime() + verdict.retryAfterMs));
    // Later messages to this chat wait too, so a retried message is not overtaken.
    limiter.hold(message.userId, Date.now() + verdict.retryAfterMs);
    this.counters.failed += 1;
    log.warn({ ...details, retryInMs: verdict.retryAfterMs }, 'Telegram outbox: sending failed; will retry');
  }
}

/** How to treat a failed send: 429 waits retry_after, 403 and 400 (blocked, chat gone) are final, the rest back off. */
export function classify(error: unknown, attempts: number): Verdict {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) return { retryAfterMs: (error.parameters.retry_after ?? DEFAULT_RETRY_AFTER_S) * 1000 };
    if (error.error_code === 403 || error.error_code === 400) return { unreachable: true };
  }
  return { retryAfterMs: Math.min(BACKOFF_BASE_MS * 2 ** attempts, BACKOFF_MAX_MS) };
}
