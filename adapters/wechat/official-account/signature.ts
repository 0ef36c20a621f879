import { createHash, timingSafeEqual } from 'node:crypto';

/** The query parameters WeChat signs every callback with (msg_signature only in 兼容模式 and 安全模式). */
export type SignedQuery = { signature?: unknown; msg_signature?: unknown; timestamp?: unknown; nonce?: unknown };

/** WeChat's callback signature: SHA-1 (hex) of the token and the other parts, sorted and joined (timestamp and nonce; plus the encrypted part for msg_signature). */
export function callbackSignature(token: string, ...parts: string[]): string {
  return createHash('sha1')
    .update([token, ...parts].sort().join(''))
    .digest('hex');
}

/** Whether the query's `signature` is right for our token: it covers the timestamp and nonce only, not the body. */
export function verifySignature(token: string, query: SignedQuery): boolean {
  const { signature, timestamp, nonce } = query;
  if (typeof timestamp !== 'string' || typeof nonce !== 'string') return false;
  return matches(signature, callbackSignature(token, timestamp, nonce));
}

/** Whether the query's `msg_signature` is right for our token and this encrypted part (安全模式: it covers the body too). */
export function verifyMsgSignature(token: string, query: SignedQuery, encrypted: string): boolean {
  const { msg_signature: signature, timestamp, nonce } = query;
  if (typeof timestamp !== 'string' || typeof nonce !== 'string') return false;
  return matches(signature, callbackSignature(token, timestamp, nonce, encrypted));
}

function matches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given.toLowerCase(), 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // Compared in constant time, so the answer time says nothing about how much of a guess was right.
  return a.length === b.length && timingSafeEqual(a, b);
}
