import { maskPhone } from '../core/text.js';
import { maskIdNumber } from './id-number.js';

const ID_LIKE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9])(\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?![0-9])/g;

/** Masks anything that looks like an ID number or a mainland mobile number, for log text. */
export function redact(text: string): string {
  return text
    .replace(ID_LIKE, (id) => maskIdNumber(id))
    .replace(MOBILE, (_all, prefix: string | undefined, phone: string) => `${prefix ?? ''}${maskPhone(phone)}`);
}
