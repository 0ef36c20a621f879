import type { InboundRepo } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';

/** When a chat user last wrote to us on one channel; the id is `channel:userId`. */
export type InboundMark = { id: string; at: string };

// The window this serves is 48 hours; refreshing a mark more often than this only costs writes.
const REFRESH_MS = 10 * 60_000;

/** Last-inbound times over a small lowdb collection; a mark is rewritten at most every ten minutes per user. */
export class LowInbound implements InboundRepo {
  constructor(private readonly col: JsonCollection<InboundMark>) {}

  lastInbound(channel: string, userId: string): Date | undefined {
    const mark = this.col.get(`${channel}:${userId}`);
    return mark ? new Date(mark.at) : undefined;
  }

  async noteInbound(channel: string, userId: string, at: Date): Promise<void> {
    const previous = this.lastInbound(channel, userId);
    if (previous && at.getTime() - previous.getTime() < REFRESH_MS) return;
    await this.col.put({ id: `${channel}:${userId}`, at: at.toISOString() });
  }
}
