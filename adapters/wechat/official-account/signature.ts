import { createHash, timingSafeEqual } from 'node:crypto';

/** The query parameters WeChat signs every callback with. */
export type SignedQuery = { signature?: unknown; timestamp?: unknown; nonce?: unknown };

/** WeChat's callback signature: SHA-1 (hex) of token, timestamp and nonce, sorted and joined. */
export function callbackSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/** Whether a callback's query carries a valid signature for our token (compared in constant time). */
export function verifySignature(token: string, query: SignedQuery): boolean {
  const { signature, timestamp, nonce } = query;
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string') return false;
  const expected = Buffer.from(callbackSignature(token, timestamp, nonce), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
