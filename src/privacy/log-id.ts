import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Turns a channel user id (Telegram chat id, WeChat contact id, openId) into what a log line may show. */
export type LogId = (userId: string) => string;

/**
 * Log ids keyed with a key derived from the hash key: the same user always shows the same short id, so one
 * user's log lines can be followed, but nobody who has only the logs (or the logs and the data dir without the
 * key) can tell which chat account it is, or test a guessed id against it.
 */
export function createLogId(masterKey: string): LogId {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), Buffer.alloc(0), 'bangfu log-id v1', 32));
  return (userId) => `u:${createHmac('sha256', key).update(userId, 'utf8').digest('hex').slice(0, 12)}`;
}

/** Log ids under a key made up for this process only (adapters started without the app's key). */
export function processLogId(): LogId {
  return createLogId(randomBytes(32).toString('hex'));
}
