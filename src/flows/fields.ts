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

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10_000 };

function chineseAmount(text: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const ch of text) {
    if (ch in DIGIT) digit = DIGIT[ch];
    else if (ch === '万') {
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = undefined;
    } else if (ch in UNIT) {
      section += (digit ?? 1) * (UNIT[ch] ?? 1);
      digit = undefined;
    } else return undefined;
  }
  return total + section + (digit ?? 0);
}

/** Reads an amount in yuan as people type it: 20000, 2万, 1.5万, 两万元左右, 一千五百块. */
export function parseAmount(text: string, max = 100_000_000): ParseResult<number> {
  const t = halfWidth(text).replace(/[,\s]|元|块钱|块|钱|大概|左右|约|差不多|多/g, '');
  const unit = /^(\d+(?:\.\d{1,2})?)(万|千)?$/.exec(t);
  const value = unit ? Number(unit[1]) * (unit[2] === '万' ? 10_000 : unit[2] === '千' ? 1000 : 1) : t ? chineseAmount(t) : undefined;
  if (value === undefined || !Number.isFinite(value) || value > max) return { ok: false, reason: '请填金额（元），比如 20000 或 2万。' };
  const rounded = Math.round(value * 100) / 100;
  return { ok: true, value: rounded, shown: `${rounded}元` };
}
