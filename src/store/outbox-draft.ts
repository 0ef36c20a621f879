import { randomUUID } from 'node:crypto';
import type { OutboxMessage } from '../model/outbox.js';
import type { Reply } from '../model/reply.js';
import type { OutboxAddress } from './chat-repos.js';

let lastCreated = 0;

/**
 * A new pending message as stored: to a sealed address it keeps only the sealed form. Messages are delivered oldest
 * first, so each one drafted in this process gets a later time than the one before (by a millisecond when they come
 * in the same one): a burst of notices (已受理, 正在整改…) keeps its order, in memory, after a restart and in a database.
 */
export function draftOutboxMessage(to: OutboxAddress, reply: Reply, now: Date): OutboxMessage {
  lastCreated = Math.max(now.getTime(), lastCreated + 1);
  const address = 'sealed' in to ? { userId: '', sealedTo: to.sealed } : { userId: to.userId };
  const createdAt = new Date(lastCreated).toISOString();
  return { id: randomUUID(), channel: to.channel, ...address, reply, createdAt, status: 'pending', attempts: 0 };
}
