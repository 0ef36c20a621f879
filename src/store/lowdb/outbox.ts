import { randomUUID } from 'node:crypto';
import type { OutboxMessage } from '../../model/outbox.js';
import type { Reply } from '../../model/reply.js';
import type { OutboxAddress, OutboxRepo } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';

/** Opens a sealed reply address (see src/privacy/reply-address.ts); undefined when it cannot. */
export type AddressOpener = (address: { channel: string; sealed: string }) => string | undefined;

/**
 * The outbox over a lowdb collection; pending messages are also indexed in memory by channel. A message to a
 * sealed address is stored with the sealed form only; the user id it opens to lives in memory alone.
 */
export class LowOutbox implements OutboxRepo {
  private readonly pending = new Map<string, Map<string, OutboxMessage>>();
  /** User ids of sealed messages already opened (memory only), so each is decrypted once. */
  private readonly opened = new Map<string, string>();

  constructor(
    private readonly col: JsonCollection<OutboxMessage>,
    private readonly open: AddressOpener = () => undefined,
  ) {
    for (const m of col.values()) this.changed(undefined, m);
  }

  async enqueue(channel: string, userId: string, reply: Reply, now = new Date()): Promise<OutboxMessage> {
    const message = this.draft({ channel, userId }, reply, now);
    await this.col.put(message);
    this.changed(undefined, message);
    return message;
  }

  /** A new pending message, as stored (not yet written). */
  draft(to: OutboxAddress, reply: Reply, now: Date): OutboxMessage {
    const address = 'sealed' in to ? { userId: '', sealedTo: to.sealed } : { userId: to.userId };
    return { id: randomUUID(), channel: to.channel, ...address, reply, createdAt: now.toISOString(), status: 'pending', attempts: 0 };
  }

  due(channel: string, now: Date, limit: number): OutboxMessage[] {
    const iso = now.toISOString();
    const ready = this.addressed(channel).filter((m) => !m.notBefore || m.notBefore <= iso);
    return ready.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).slice(0, limit);
  }

  async takeFor(channel: string, userId: string, now: Date): Promise<OutboxMessage[]> {
    const mine = this.addressed(channel).filter((m) => m.userId === userId);
    if (mine.length === 0) return [];
    mine.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
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

  counts(): Record<OutboxMessage['status'], number> {
    const counts = { pending: 0, sent: 0, unreachable: 0 };
    for (const m of this.col.values()) counts[m.status] += 1;
    return counts;
  }

  /** Keeps the in-memory index in step with a stored change (also for changes written by a store transaction). */
  changed(before: OutboxMessage | undefined, after: OutboxMessage | undefined): void {
    if (before) this.pending.get(before.channel)?.delete(before.id);
    if (after?.status !== 'pending') {
      if (before) this.opened.delete(before.id);
      return;
    }
    const channel = this.pending.get(after.channel) ?? new Map<string, OutboxMessage>();
    channel.set(after.id, after);
    this.pending.set(after.channel, channel);
  }

  /**
   * A channel's pending messages with their user ids. Sealed addresses are opened here, when asked, not at load: the
   * key that opens them may only be known after the store is open. One that does not open (another key) stays pending
   * on disk but is never handed out.
   */
  private addressed(channel: string): OutboxMessage[] {
    const messages: OutboxMessage[] = [];
    for (const m of this.pending.get(channel)?.values() ?? []) {
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
    if (message) await this.update([fn(message)]);
  }

  private async update(messages: OutboxMessage[]): Promise<void> {
    const before = messages.map((m) => this.col.get(m.id));
    await this.col.put(...messages);
    for (const [i, m] of messages.entries()) this.changed(before[i], m);
  }

  /** The form a message is stored in: a sealed message keeps no user id. */
  private stored(m: OutboxMessage): OutboxMessage {
    return m.sealedTo === undefined ? m : { ...m, userId: '' };
  }
}
