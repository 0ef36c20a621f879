import { createHash } from 'node:crypto';

/**
 * A stand-in for a keyed hash in fixtures, shaped like the real ones (`s1:` + 64 hex digits): the PostgreSQL store
 * refuses anything else where a hash belongs, so a raw ID number can never be stored there by mistake.
 */
export function fakeHash(label: string): string {
  return `s1:${createHash('sha256').update(label).digest('hex')}`;
}
