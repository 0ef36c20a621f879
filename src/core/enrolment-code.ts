import { createHash, randomInt } from 'node:crypto';

// No 0/O or 1/I: the code is read off a screen and typed on a phone.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Length of a cadre enrolment code (32^8 ≈ 10^12 possibilities). */
export const ENROLMENT_CODE_LENGTH = 8;
/** How long a fresh code stays valid. */
export const ENROLMENT_CODE_DAYS = 7;

/** A new random enrolment code, e.g. `K7PX3MWQ`. */
export function generateEnrolmentCode(): string {
  return Array.from({ length: ENROLMENT_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** The code as typed, normalised: full-width to half-width, upper case, spaces and dashes removed. */
export function normaliseEnrolmentCode(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_]/g, '');
}

/** Whether a typed text could be an enrolment code at all (before any lookup). */
export function looksLikeEnrolmentCode(input: string): boolean {
  const code = normaliseEnrolmentCode(input);
  return code.length === ENROLMENT_CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c));
}

/** The stored form of a code: SHA-256 of its normalised text; the chat side hashes what the cadre types the same way. */
export function hashEnrolmentCode(code: string): string {
  return createHash('sha256')
    .update(`bangfu-enrolment:${normaliseEnrolmentCode(code)}`, 'utf8')
    .digest('hex');
}
