import { createHmac, randomBytes } from 'node:crypto';

/** Turns a chat user id (an openid) into what logs may show. */
export type LogId = (userId: string) => string;

/**
 * A short keyed hash of a chat user id, for logs: the same user reads the same while the process runs, so one user's sends can be
 * followed, but the key lives only in memory, so logs cannot be matched to the bindings file or to a user id someone already knows.
 */
export function logIdHasher(key: Buffer = randomBytes(32)): LogId {
  return (userId) => `u:${createHmac('sha256', key).update(userId, 'utf8').digest('hex').slice(0, 12)}`;
}
