import type { OutboxMessage } from '../../model/outbox.js';
import type { Reply } from '../../model/reply.js';
import type { OutboxAddress, OutboxRepo } from '../chat-repos.js';
import { draftOutboxMessage } from '../outbox-draft.js';
import type { JsonCollection } from './collection.js';

/** Opens a sealed reply address (see src/privacy/reply-address.ts); undefined when it cannot. */
export type AddressOpener = (address: { channel: string; sealed: string }) => string | undefined;

/**
 * The outbox over a lowdb collection; pending messages are also indexed in memory by channel. A message to a
 * sealed address is stored with the sealed form only; the user id it opens to lives in memory alone. Claims live in
 * memory too: one process owns a lowdb data dir, and after a restart nothing is being sent.
 */
export class LowOutbox implements OutboxRepo {
  private readonly waiting = new Map<string, Map<string, OutboxMessage>>();
  /** User ids of sealed messages already opened (memory only), so each is decrypted once. */
  private readonly opened = new Map<string, string>();
  /** Message id → when its claim runs out (ms). */
  private readonly claims = new Map<string, number>();

  constructor(
    private readonly col: JsonCollection<OutboxMessage>,
    private readonly open: AddressOpener = () => undefined,
  ) {
    for (const m of col.values()) this.changed(undefined, m);
  }

  async enqueue(channel: string, userId: string, reply: Reply, now = new Date()): Promise<OutboxMessage> {
    const message = this.draft({ channel, userId }, reply, now);
    await this.update([message]);
    return message;
  }

  /** A new pending message, as stored (not yet written). */
  draft(to: OutboxAddress, reply: Reply, now: Date): OutboxMessage {
    return draftOutboxMessage(to, reply, now);
  }

  async claim(
    channel: string,
    now: Date,
    options: { limit: number; leaseMs: number; userId?: string; ignoreNotBefore?: boolean },
  ): Promise<OutboxMessage[]> {
    const iso = now.toISOString();
    const at = now.getTime();
    const claimed: OutboxMessage[] = [];
    // A chat's messages go oldest first: one behind an older message that is not claimable now stays (see PgOutbox).
    const held = new Set<string>();
    for (const m of this.addressed(channel).sort(oldestFirst)) {
      if (claimed.length >= options.limit) break;
      if (options.userId !== undefined && m.userId !== options.userId) continue;
      const ready = (options.ignoreNotBefore || !m.notBefore || m.notBefore <= iso) && (this.claims.get(m.id) ?? 0) <= at;
      if (ready && !held.has(m.userId)) claimed.push(m);
      else held.add(m.userId);
    }
    for (const m of claimed) this.claims.set(m.id, at + options.leaseMs);
    return claimed;
  }

  async release(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.claims.delete(id);
  }

  async takeFor(channel: string, userId: string, now: Date): Promise<OutboxMessage[]> {
    const mine = this.addressed(channel)
      .filter((m) => m.userId === userId && (this.claims.get(m.id) ?? 0) <= now.getTime())
      .sort(oldestFirst);
    if (mine.length === 0) return [];
    await this.update(mine.map((m) => this.stored({ ...m, status: 'sent' as const, attempts: m.attempts + 1, sentAt: now.toISOString() })));
    return mine;
  }

  markSent(id: string, now: Date): Promise<void> {
    return this.change(id, (m) => ({ ...m, status: 'sent', attempts: m.attempts + 1, sentAt: now.toISOString() }));
  }

  markRetry(id: string, error: string, notBefore: Date): Promise<void> {
    return this.change(id, (m) => ({ ...m, attempts: m.attempts + 1, lastError: error, notBefore: notBefore.toISOString() }));
  }

  markUnreachable(id: string, error: string): Promise<void> {
    return this.change(id, (m) => ({ ...m, status: 'unreachable', attempts: m.attempts + 1, lastError: error }));
  }

  async counts(): Promise<Record<OutboxMessage['status'], number>> {
    const counts = { pending: 0, sent: 0, unreachable: 0 };
    for (const m of this.col.values()) counts[m.status] += 1;
    return counts;
  }

  async pending(channel: string, limit: number): Promise<OutboxMessage[]> {
    return this.addressed(channel).sort(oldestFirst).slice(0, limit);
  }

  async countPending(channel: string, lastError?: string): Promise<number> {
    let n = 0;
    for (const m of this.waiting.get(channel)?.values() ?? []) if (lastError === undefined || m.lastError === lastError) n += 1;
    return n;
  }

  /** Keeps the in-memory index in step with a stored change (also for changes written by a store transaction). */
  changed(before: OutboxMessage | undefined, after: OutboxMessage | undefined): void {
    if (before) this.waiting.get(before.channel)?.delete(before.id);
    if (before) this.claims.delete(before.id);
    if (after?.status !== 'pending') {
      if (before) this.opened.delete(before.id);
      return;
    }
    const channel = this.waiting.get(after.channel) ?? new Map<string, OutboxMessage>();
    channel.set(after.id, after);
    this.waiting.set(after.channel, channel);
  }

  /**
   * A channel's pending messages with their user ids. Sealed addresses are opened here, when asked, not at load: the
   * key that opens them may only be known after the store is open. One that does not open (another key) stays pending
   * on disk but is never handed out.
   */
  private addressed(channel: string): OutboxMessage[] {
    const messages: OutboxMessage[] = [];
    for (const m of this.waiting.get(channel)?.values() ?? []) {
      if (m.sealedTo === undefined) {
        messages.push(m);
        continue;
      }
      const userId = this.opened.get(m.id) ?? this.open({ channel: m.channel, sealed: m.sealedTo });
      if (!userId) continue;
      this.opened.set(m.id, userId);
      messages.push({ ...m, userId });
    }
    return messages;
  }

  private async change(id: string, fn: (m: OutboxMessage) => OutboxMessage): Promise<void> {
    const message = this.col.get(id);
    if (message) await this.update([this.stored(fn(message))]);
  }

  private async update(messages: OutboxMessage[]): Promise<void> {
    const before = messages.map((m) => this.col.get(m.id));
    const written = this.col.put(...messages);
    for (const [i, m] of messages.entries()) this.changed(before[i], m);
    try {
      await written;
    } catch (error) {
      for (const [i, m] of messages.entries()) if (this.col.get(m.id) === before[i]) this.changed(m, before[i]);
      throw error;
    }
  }

  /** The form a message is stored in: a sealed message keeps no user id. */
  private stored(m: OutboxMessage): OutboxMessage {
    return m.sealedTo === undefined ? m : { ...m, userId: '' };
  }
}

function oldestFirst(a: OutboxMessage, b: OutboxMessage): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}
