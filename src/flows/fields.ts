import type { ParseResult } from '../core/form/types.js';
import { halfWidth, maskPhone } from '../core/text.js';

/** Reads a mainland mobile (11 digits, 1[3-9]…) or a landline with area code; the shown form is masked. */
export function parsePhone(text: string): ParseResult<string> {
  const digits = halfWidth(text)
    .replace(/[\s-－—()（）]/g, '')
    .replace(/^\+?86/, '');
  if (/^1[3-9]\d{9}$/.test(digits) || /^0\d{2,3}\d{7,8}$/.test(digits)) {
    return { ok: true, value: digits, shown: maskPhone(digits) };
  }
  return { ok: false, reason: '电话号码好像不对，手机号是 11 位数字，座机请带区号。' };
}

/** Reads free text between `min` and `max` characters. */
export function parseFreeText(text: string, min: number, max: number): ParseResult<string> {
  const length = [...text].length;
  if (length < min) return { ok: false, reason: `请多写几个字，至少 ${min} 个字，说清楚一点。` };
  if (length > max) return { ok: false, reason: `内容太长了，请控制在 ${max} 个字以内。` };
  return { ok: true, value: text };
}
