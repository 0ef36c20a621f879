import { randomInt } from 'node:crypto';
import { halfWidth } from '../../core/text.js';
import type { Hasher } from '../../privacy/keyed-hash.js';

/** Digits in a household code: 10^10 possibilities, and digits are easy to read out over the phone. */
export const HOUSEHOLD_CODE_DIGITS = 10;
/** Days a household code stays valid. */
export const HOUSEHOLD_CODE_DAYS = 3;

/** A new random household code, e.g. `0478123956`. */
export function generateHouseholdCode(): string {
  return Array.from({ length: HOUSEHOLD_CODE_DIGITS }, () => String(randomInt(10))).join('');
}

/** The code in typed text (full-width digits, spaces and dashes allowed), or undefined when the text is not one. */
export function readHouseholdCode(text: string): string | undefined {
  const digits = halfWidth(text).replace(/[\s\-_]/g, '');
  return new RegExp(`^\\d{${HOUSEHOLD_CODE_DIGITS}}$`).test(digits) ? digits : undefined;
}

/** A code sent as the whole message, or within a message that says 核对码 ("核对码：04781 23956"). */
export function codeInMessage(text: string): string | undefined {
  return readHouseholdCode(text) ?? (text.includes('核对码') ? readHouseholdCode(halfWidth(text).replace(/\D/g, '')) : undefined);
}

/** The code as shown to the cadre, in two groups to read out: `04781 23956`. */
export function formatHouseholdCode(code: string): string {
  return `${code.slice(0, 5)} ${code.slice(5)}`;
}

/** The stored form of a code: a keyed hash, so the data dir alone cannot be searched for it. */
export function hashHouseholdCode(hasher: Hasher, code: string): string {
  return hasher.keyed('household-code', code);
}
