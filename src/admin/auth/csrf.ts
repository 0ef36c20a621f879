import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** The form field every dashboard form carries its CSRF token in. */
export const CSRF_FIELD = '_csrf';
/** The header API clients may send the token in instead (multipart uploads). */
export const CSRF_HEADER = 'x-csrf-token';
/** The cookie holding the login form's token, before any session exists (double submit). */
export const LOGIN_CSRF_COOKIE = 'bangfu_login_csrf';

/** Compares two tokens in constant time; a missing token never matches. */
export function tokensMatch(expected: string | undefined, actual: unknown): boolean {
  if (!expected || typeof actual !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a browser says the request came from another site (an Origin header that is not ours). */
export function crossOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  // Under helmet's Referrer-Policy: no-referrer, browsers send `Origin: null` even for our own forms; the token decides then.
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host !== request.host;
  } catch {
    return true;
  }
}
