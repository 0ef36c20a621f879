import { OUTSIDE_WINDOW } from '../../adapters/wechat/official-account/sender.js';
import type { OutboxMessage } from '../model/outbox.js';
import type { StoreCall } from './observe-store.js';

/** Why an outbox send failed, coarse enough to be a metric label. */
export type FailureReason = 'unreachable' | 'outside-window' | 'rate-limited' | 'network' | 'other';

/** Where outbox events go (counters). */
export type OutboxSink = {
  delivered(channel: string, count: number): void;
  failed(channel: string, reason: FailureReason): void;
};

/** The outbox calls OutboxEvents reads. */
export const OUTBOX_METHODS = new Set(['claim', 'release', 'takeFor', 'markSent', 'markRetry', 'markUnreachable']);

const RATE_LIMITED = /\b429\b|errcode 4500[49]|errcode 45047|too many requests|rate.?limit|quota/i;
const NETWORK = /ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|socket|network|fetch failed|timed? ?out/i;

/** Sorts a retried send's recorded error into a reason; the adapters record free text (masked), this keeps labels few. */
export function retryReason(error: string): FailureReason {
  if (error === OUTSIDE_WINDOW) return 'outside-window';
  if (RATE_LIMITED.test(error)) return 'rate-limited';
  if (NETWORK.test(error)) return 'network';
  return 'other';
}

/**
 * Turns outbox store calls into deliveries and failures by channel. markSent/markRetry/markUnreachable name only the
 * message id, so the channel is remembered from `claim`, which every sender asks before it sends.
 */
export class OutboxEvents {
  private readonly channels = new Map<string, string>();

  constructor(private readonly sink: OutboxSink) {}

  /** Reads one settled outbox call; failed calls changed nothing and are ignored. */
  observe(call: StoreCall): void {
    if (call.error !== undefined) return;
    const id = String(call.args[0]);
    switch (call.method) {
      case 'claim':
        for (const m of call.result as OutboxMessage[]) this.channels.set(m.id, m.channel);
        return;
      case 'release':
        for (const released of call.args[0] as readonly string[]) this.channels.delete(released);
        return;
      case 'takeFor': {
        const taken = call.result as OutboxMessage[];
        for (const m of taken) this.channels.delete(m.id);
        if (taken.length > 0) this.sink.delivered(String(call.args[0]), taken.length);
        return;
      }
      case 'markSent':
        this.sink.delivered(this.channelOf(id), 1);
        this.channels.delete(id);
        return;
      case 'markRetry':
        this.sink.failed(this.channelOf(id), retryReason(String(call.args[1])));
        return;
      case 'markUnreachable':
        this.sink.failed(this.channelOf(id), 'unreachable');
        this.channels.delete(id);
        return;
    }
  }

  private channelOf(id: string): string {
    return this.channels.get(id) ?? 'unknown';
  }
}
