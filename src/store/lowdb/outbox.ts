import { randomUUID } from 'node:crypto';
import type { Reply } from '../../core/types.js';
import type { OutboxRepo } from '../store.js';
import type { OutboxMessage } from '../types.js';
import type { JsonCollection } from './collection.js';

/** The outbox over a lowdb collection; pending messages are also indexed in memory by channel. */
export class LowOutbox implements OutboxRepo {
  private readonly pending = new Map<string, Map<string, OutboxMessage>>();

  constructor(private readonly col: JsonCollection<OutboxMessage>) {
    for (const m of col.values()) if (m.status === 'pending') this.track(m);
  }

  async enqueue(channel: string, userId: string, reply: Reply, now = new Date()): Promise<OutboxMessage> {
    const message: OutboxMessage = {
      id: randomUUID(),
      channel,
      userId,
      reply,
      createdAt: now.toISOString(),
      status: 'pending',
      attempts: 0,
    };
    await this.col.put(message);
    this.track(message);
    return message;
  }

  due(channel: string, now: Date, limit: number): OutboxMessage[] {
    const iso = now.toISOString();
    const ready = [...(this.pending.get(channel)?.values() ?? [])].filter((m) => !m.notBefore || m.notBefore <= iso);
    return ready.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).slice(0, limit);
  }

  async takeFor(channel: string, userId: string, now: Date): Promise<OutboxMessage[]> {
    const mine = [...(this.pending.get(channel)?.values() ?? [])].filter((m) => m.userId === userId);
    if (mine.length === 0) return [];
    mine.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    await this.update(mine.map((m) => ({ ...m, status: 'sent' as const, attempts: m.attempts + 1, sentAt: now.toISOString() })));
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

  private async change(id: string, fn: (m: OutboxMessage) => OutboxMessage): Promise<void> {
    const message = this.col.get(id);
    if (message) await this.update([fn(message)]);
  }

  private async update(messages: OutboxMessage[]): Promise<void> {
    await this.col.put(...messages);
    for (const m of messages) {
      this.pending.get(m.channel)?.delete(m.id);
      if (m.status === 'pending') this.track(m);
    }
  }

  private track(m: OutboxMessage): void {
    const channel = this.pending.get(m.channel) ?? new Map<string, OutboxMessage>();
    channel.set(m.id, m);
    this.pending.set(m.channel, channel);
  }
}
