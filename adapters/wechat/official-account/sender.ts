import type { OutboxMessage } from '../../../src/model/outbox.js';
import type { Reply } from '../../../src/model/reply.js';
import { type LogId, processLogId } from '../../../src/privacy/log-id.js';
import type { InboundRepo, OutboxRepo } from '../../../src/store/legacy-store.js';
import { WECHAT_OA_CHANNEL, WECHAT_OA_MAX_BYTES } from '../channel.js';
import { realClock } from '../clock.js';
import { describeError } from '../describe-error.js';
import { renderReply } from '../render.js';
import type { QueueLog } from '../send-queue.js';
import { utf8Bytes } from '../split-text.js';
import { type WeChatApi, WeChatApiError } from './api.js';

/** The lastError of an outbox message held because the user has not written within 48 hours. */
export const OUTSIDE_WINDOW = 'outside the 48-hour window: kept until the user writes again';

/** What the sender works with. */
export type OaSenderOptions = {
  api: Pick<WeChatApi, 'sendText'>;
  outbox: Pick<OutboxRepo, 'due' | 'enqueue' | 'markSent' | 'markRetry' | 'markUnreachable'>;
  inbound: Pick<InboundRepo, 'lastInbound'>;
  log: QueueLog;
  now: () => Date;
  onError: (description: string) => void;
  intervalMs?: number;
  /** How openids appear in logs (default: a short keyed hash with a per-process key). */
  logId?: LogId;
};

type Verdict = 'outside-window' | 'quota' | 'unreachable' | 'retry';

const WINDOW_MS = 48 * 3600_000;
const HOLD_MS = 6 * 3600_000;
const QUOTA_WAIT_MS = 3600_000;
const BACKOFF_BASE_MS = 30_000;
// Every pending message, whatever its retry time (a four-digit year, as ISO strings compare).
const ALL = new Date('9999-12-31T00:00:00Z');

/** Renders a reply for the Official Account: numbered lines, split within WeChat's 2,048-byte text limit. */
export function renderOa(reply: Reply): string[] {
  return renderReply(reply, WECHAT_OA_MAX_BYTES, utf8Bytes);
}

/** Sends customer-service messages one user at a time, in order; drains the outbox within WeChat's 48-hour window and keeps the rest. */
export class OfficialAccountSender {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<string>();
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private sentCount = 0;
  private readonly logId: LogId;

  constructor(private readonly options: OaSenderOptions) {
    this.logId = options.logId ?? processLogId();
  }

  /** Texts accepted by WeChat since start. */
  get sent(): number {
    return this.sentCount;
  }

  /** Pending outbox messages: those that may go now, and those held for users outside the window. */
  counts(): { queue: number; outsideWindow: number } {
    const pending = this.options.outbox.due(WECHAT_OA_CHANNEL, ALL, 100_000);
    const outsideWindow = pending.filter((m) => m.lastError === OUTSIDE_WINDOW).length;
    return { queue: pending.length - outsideWindow, outsideWindow };
  }

  /** Sends replies after the passive one; what WeChat does not take now goes into the outbox for later. */
  send(openId: string, texts: string[]): Promise<void> {
    return this.chain(openId, async () => {
      for (const [i, text] of texts.entries()) {
        try {
          await this.options.api.sendText(openId, text);
          this.sentCount += 1;
        } catch (error) {
          await this.keepUnsent(openId, texts.slice(i), error);
          return;
        }
      }
    });
  }

  /** Sends the user's pending outbox messages now, whatever their retry time (the user just wrote: the window is open). */
  flush(openId: string): Promise<void> {
    return this.chain(openId, async () => {
      const mine = this.options.outbox.due(WECHAT_OA_CHANNEL, ALL, 100_000).filter((m) => m.userId === openId);
      for (const message of mine) if (!(await this.deliver(message))) return;
    });
  }

  /** Starts draining the outbox in the background. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Stops draining and waits for sends in flight. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await Promise.all(this.chains.values());
  }

  /** One pass over the due outbox (exposed for tests; the loop calls it). */
  async drain(): Promise<void> {
    const due = this.options.outbox.due(WECHAT_OA_CHANNEL, this.options.now(), 100);
    const users = [...new Set(due.map((m) => m.userId))];
    await Promise.all(
      users.map((openId) =>
        this.chain(openId, async () => {
          for (const message of due.filter((m) => m.userId === openId)) {
            if (!this.inWindow(openId)) await this.hold(message, 'outside-window');
            else if (!(await this.deliver(message))) return;
          }
        }),
      ),
    );
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        await this.drain();
      } catch (error) {
        this.options.log.error({ err: error }, 'WeChat Official Account: the outbox pass failed; trying again shortly');
      }
      await realClock.sleep(this.options.intervalMs ?? 5_000, this.abort.signal);
    }
  }

  private inWindow(openId: string): boolean {
    const last = this.options.inbound.lastInbound(WECHAT_OA_CHANNEL, openId);
    return last !== undefined && this.options.now().getTime() - last.getTime() < WINDOW_MS;
  }

  /** Sends one outbox message; false when it failed (later messages to the user wait, to keep the order). */
  private async deliver(message: OutboxMessage): Promise<boolean> {
    if (this.inFlight.has(message.id)) return true;
    this.inFlight.add(message.id);
    try {
      for (const text of renderOa(message.reply)) {
        await this.options.api.sendText(message.userId, text);
        this.sentCount += 1;
      }
      await this.options.outbox.markSent(message.id, this.options.now());
      return true;
    } catch (error) {
      await this.hold(message, classify(error), error);
      return false;
    } finally {
      this.inFlight.delete(message.id);
    }
  }

  private async hold(message: OutboxMessage, verdict: Verdict, error?: unknown): Promise<void> {
    const { outbox, log, now } = this.options;
    const description = error === undefined ? OUTSIDE_WINDOW : describeError(error);
    const details = { outboxId: message.id, user: this.logId(message.userId), attempts: message.attempts + 1, error: description };
    if (error !== undefined) this.options.onError(description);
    if (verdict === 'unreachable') {
      await outbox.markUnreachable(message.id, description);
      log.warn(
        details,
        'WeChat Official Account: the user cannot be reached (unfollowed or invalid openid); the message is marked unreachable',
      );
      return;
    }
    if (verdict === 'outside-window') {
      // Reported once per message, not on every pass.
      if (message.lastError !== OUTSIDE_WINDOW)
        log.warn(details, 'WeChat Official Account: the user has not written within 48 hours; the message is kept until they do');
      await outbox.markRetry(message.id, OUTSIDE_WINDOW, new Date(now().getTime() + HOLD_MS));
      return;
    }
    const waitMs = verdict === 'quota' ? QUOTA_WAIT_MS : Math.min(BACKOFF_BASE_MS * 2 ** message.attempts, HOLD_MS);
    await outbox.markRetry(message.id, description, new Date(now().getTime() + waitMs));
    log.warn({ ...details, retryInMs: waitMs }, 'WeChat Official Account: sending failed; will retry');
  }

  private async keepUnsent(openId: string, texts: string[], error: unknown): Promise<void> {
    const description = describeError(error);
    this.options.onError(description);
    if (classify(error) === 'unreachable') {
      this.options.log.warn(
        { user: this.logId(openId), error: description },
        'WeChat Official Account: a reply could not be delivered; the user cannot be reached',
      );
      return;
    }
    await this.options.outbox.enqueue(WECHAT_OA_CHANNEL, openId, { text: texts.join('\n') }, this.options.now());
    this.options.log.warn(
      { user: this.logId(openId), error: description },
      'WeChat Official Account: a reply could not be sent now; it waits in the outbox',
    );
  }

  private chain(openId: string, task: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(openId) ?? Promise.resolve()).then(task).catch((error: unknown) => {
      this.options.log.error({ err: error, user: this.logId(openId) }, 'WeChat Official Account: sending failed unexpectedly');
    });
    this.chains.set(openId, next);
    void next.then(() => {
      if (this.chains.get(openId) === next) this.chains.delete(openId);
    });
    return next;
  }
}

/** How to treat a failed customer-service send. */
export function classify(error: unknown): Verdict {
  if (!(error instanceof WeChatApiError)) return 'retry';
  if (error.errcode === 45015) return 'outside-window';
  if (error.errcode === 45047) return 'quota';
  if (error.errcode === 43004 || error.errcode === 40003) return 'unreachable';
  return 'retry';
}
