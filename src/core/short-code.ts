import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be confused when read aloud or off a screen: no 0/O, no 1/I. */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random code over CODE_ALPHABET, e.g. `K7PX3MWQ`. */
export function randomCode(length: number): string {
  return Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** A code as typed, normalised: full-width to half-width, upper case, spaces and dashes removed. */
export function normaliseCode(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_]/g, '');
}

/** Whether text has the shape of a code of this length (before any lookup). */
export function looksLikeCode(input: string, length: number): boolean {
  const code = normaliseCode(input);
  return code.length === length && [...code].every((c) => CODE_ALPHABET.includes(c));
}
