import type { Reply } from './reply.js';

/** A proactive message waiting for, or done with, its channel's adapter. */
export type OutboxMessage = {
  id: string;
  channel: string;
  /** Empty on disk when `sealedTo` is set; the outbox opens it in memory for the adapter. */
  userId: string;
  /** The recipient's sealed reply address (an anonymous reporter): no chat id on disk. */
  sealedTo?: string;
  reply: Reply;
  createdAt: string;
  status: 'pending' | 'sent' | 'unreachable';
  attempts: number;
  lastError?: string;
  sentAt?: string;
  /** Do not try again before this time (after a rate limit or an outage). */
  notBefore?: string;
};
