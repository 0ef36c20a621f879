import type { ParseResult } from '../core/form/types.js';
import { readNumeral } from '../core/numerals.js';
import { halfWidth, maskPhone, matchKey } from '../core/text.js';

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

const CURRENCY = /人民币|块钱|元钱|块|元|圆|钱|rmb/g;
/** Hedges around one specific number: 两万左右 is 20000. */
const HEDGES = /左右|上下|大概|大约|大致|约|差不多|估计|一共|总共|共计|花了|用了|损失了/g;
/** Words that make a number a range or a bound (万把块, 几千, 一万多, 一两万, 上万, 不到两万): asked again, never guessed. */
const APPROXIMATE =
  /把|几|多|余|[\d一二两三四五六七八九十百千万]来|出头|上[百千万]|将近|接近|快|不到|不足|不止|超过|以上|以下|以内|[一二两三四五六七八九][一二两三四五六七八九][十百千万亿]|[十百千万亿][一二两三四五六七八九]{2}$|[\d一二两三四五六七八九十百千万][-~到至或][\d一二两三四五六七八九]/;

/** Reads an amount in yuan as people type it: 20000, 2万, 1.5万, 两万五, 一千五百块, 5k, 两万元左右. */
export function parseAmount(text: string, max = 100_000_000): ParseResult<number> {
  const key = matchKey(text)
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/(\d)k/g, '$1千')
    .replace(/(\d)w/g, '$1万')
    .replace(CURRENCY, '');
  if (APPROXIMATE.test(key)) {
    return { ok: false, reason: '能说个具体点的数吗？记不准也没关系，说个大概的数就行，比如"12000"或"两万左右"。' };
  }
  const value = readNumeral(key.replace(HEDGES, ''));
  if (value === undefined) return { ok: false, reason: '金额没看懂，请写数字，比如 20000 或 2万。' };
  if (value > max) return { ok: false, reason: '这个金额太大了，请再核对一下。' };
  const rounded = Math.round(value * 100) / 100;
  return { ok: true, value: rounded, shown: `${rounded}元` };
}
