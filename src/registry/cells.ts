import { cleanText, halfWidth } from '../core/text.js';
import type { Cell } from './table.js';

/** A cell read as a value, or the reason it cannot be, in plain Chinese. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const MOBILE = /^1[3-9]\d{9}$/;
const SIMPLE = /^[\x21-\x7e\u4e00-\u9fa5]*$/;
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

/** A cell as clean text, trimmed, as written (Chinese punctuation kept); numbers as written; dates as YYYY-MM-DD. */
export function cellText(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  if (cell instanceof Date) return isoDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  if (typeof cell === 'number') return Number.isSafeInteger(cell) || !Number.isInteger(cell) ? String(cell) : cell.toExponential();
  // Most cells are plain ASCII or common Chinese characters: skip the regex clean-up for them.
  return SIMPLE.test(cell) ? cell : cleanText(cell);
}

/** A cell as text with full-width digits, letters and punctuation folded to half-width (NFKC), for codes, numbers and dates. */
export function cellHalfWidth(cell: Cell | undefined): string {
  return typeof cell === 'string' && !SIMPLE.test(cell) ? halfWidth(cell) : cellText(cell);
}

/** Required text of at most `max` characters. */
export function parseText(cell: Cell | undefined, max: number): Parsed<string> {
  const text = cellText(cell);
  if (text === '') return bad('不能为空');
  return text.length > max ? bad(`太长了（最多 ${max} 个字）`) : ok(text);
}

/** Optional text of at most `max` characters; empty becomes undefined. */
export function parseOptionalText(cell: Cell | undefined, max: number): Parsed<string | undefined> {
  const text = cellText(cell);
  if (text === '') return ok(undefined);
  return text.length > max ? bad(`太长了（最多 ${max} 个字）`) : ok(text);
}

/** A code such as 户编号: letters, digits, `-`, `_`, `.`; a number Excel rounded is caught. */
export function parseCode(cell: Cell | undefined): Parsed<string> {
  if (typeof cell === 'number' && !Number.isSafeInteger(cell)) {
    return bad('被 Excel 存成了数字，后几位已经丢失；请把这一列设为“文本”格式后重新填写');
  }
  const text = cellHalfWidth(cell);
  if (text === '') return bad('不能为空');
  if (text.length > 40) return bad('太长了（最多 40 个字符）');
  return /^[0-9A-Za-z._-]+$/.test(text) ? ok(text) : bad('只能包含数字、字母和 - _ .');
}

/** A person's name: letters (any script), the middle dot of minority names, spaces; 1 to 30 characters. */
export function parseName(cell: Cell | undefined): Parsed<string> {
  const text = parseText(cell, 30);
  if (!text.ok) return text;
  if (!/^[\p{L}\p{M}·•・. ]+$/u.test(text.value)) return bad('只能是文字，不能有数字或符号');
  // Rosters pad two-character names for alignment (张  三); the spaces are not part of the name.
  return /^[\p{Script=Han} ]+$/u.test(text.value) ? ok(text.value.replace(/ +/g, '')) : text;
}

/** One of a fixed list of values; `aliases` map other spellings people use. */
export function parseChoice<T extends string>(cell: Cell | undefined, values: readonly T[], aliases: Record<string, T> = {}): Parsed<T> {
  const text = cellHalfWidth(cell).replace(/\s+/g, '');
  if (text === '') return bad(`不能为空，应填 ${values.join('、')} 之一`);
  const value = (values as readonly string[]).includes(text) ? (text as T) : aliases[text];
  return value ? ok(value) : bad(`“${text}”不对，应填 ${values.join('、')} 之一`);
}

/** A mainland mobile (1[3-9] + 9 digits) or a landline with area code (0796-8123456); empty becomes undefined. */
export function parsePhone(cell: Cell | undefined): Parsed<string | undefined> {
  const text = cellHalfWidth(cell).replace(/[\s()（）]/g, '');
  if (text === '') return ok(undefined);
  if (MOBILE.test(text)) return ok(text);
  const mobile = text.replace(/^(\+?86)(?=1\d{10}$)/, '').replace(/-/g, '');
  if (MOBILE.test(mobile)) return ok(mobile);
  const landline = /^(0\d{2,3})-?(\d{7,8})(-\d{1,6})?$/.exec(text);
  if (landline) {
    const [, area = '', number = '', extension = ''] = landline;
    // Without a dash, 010 and 02x are the three-digit area codes; all others have four.
    const split = text.includes('-') ? area.length : /^0[12]/.test(text) ? 3 : 4;
    const digits = `${area}${number}`;
    return ok(`${digits.slice(0, split)}-${digits.slice(split)}${extension}`);
  }
  return bad(`“${text}”不是有效的电话号码（手机 11 位，固话要带区号，如 0796-8123456）`);
}

/** A whole number from `min` to `max` ("5", "5人", 5). */
export function parseCount(cell: Cell | undefined, min: number, max: number): Parsed<number> {
  const text = cellHalfWidth(cell).replace(/人$/, '');
  if (text === '') return bad('不能为空');
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isInteger(n) && n >= min && n <= max ? ok(n) : bad(`应为 ${min} 到 ${max} 之间的整数`);
}

/** A year such as 2019 ("2019", "2019年", 2019), also from a date or a month (2017.05, 2017年5月, 2017/5/3, a date cell or serial); empty becomes undefined. */
export function parseYear(cell: Cell | undefined): Parsed<number | undefined> {
  if (cell instanceof Date || (typeof cell === 'number' && cell > 2100)) {
    const date = parseDate(cell);
    return date.ok ? checkYear(Number(date.value.slice(0, 4)), cellText(cell)) : date;
  }
  const text = cellHalfWidth(cell).replace(/\s+/g, '');
  if (text === '') return ok(undefined);
  const m = /^(\d{4})(?:年(?:(\d{1,2})月(?:\d{1,2}日?)?)?|[-/.](\d{1,2})(?:[-/.]\d{1,2})?)?$/.exec(text);
  const month = Number(m?.[2] ?? m?.[3] ?? 1);
  return checkYear(m && month >= 1 && month <= 12 ? Number(m[1]) : Number.NaN, text);
}

function checkYear(year: number, shown: string): Parsed<number> {
  return year >= 2000 && year <= 2100 ? ok(year) : bad(`“${shown}”不是有效年份，应写成 2019 这样的四位数`);
}

/** An amount in yuan with at most 2 decimals, as integer fen, parsed from the digits so no float error creeps in ("12.30" → 1230). */
export function parseAmountFen(cell: Cell | undefined): Parsed<number> {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return bad('不是有效的金额');
    if (cell < 0) return bad('不能是负数');
    const fen = Math.round(cell * 100);
    if (Math.abs(cell * 100 - fen) > 1e-6) return bad('最多两位小数（精确到分）');
    return fen > 99_999_999_999 ? bad('金额过大，请核对') : ok(fen);
  }
  const text = cellHalfWidth(cell)
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '')
    .replace(/\s+/g, '');
  if (text === '') return bad('不能为空（没有金额的措施请填 0）');
  if (text.startsWith('-')) return bad('不能是负数');
  const plain = /^\d{1,3}(,\d{3})+(\.\d*)?$/.test(text) ? text.replace(/,/g, '') : text;
  const m = /^(\d+)(?:\.(\d*))?$/.exec(plain);
  if (!m) return bad(`“${text}”不是有效的金额，应写成 1200 或 12.30 这样的数字`);
  const [, yuan = '', decimals = ''] = m;
  if (decimals.length > 2) return bad('最多两位小数（精确到分）');
  const digits = yuan.replace(/^0+(?=\d)/, '');
  if (digits.length > 9) return bad('金额过大，请核对');
  return ok(Number(digits) * 100 + Number(decimals.padEnd(2, '0')));
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const WHICH_DAY = '请写上是哪一天，如 2017-05-03（不知道具体日子的，请向经办人核实）';
const DAY_MS = 86_400_000;

/** A real calendar date as YYYY-MM-DD from 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, an Excel date cell or a date serial number. */
export function parseDate(cell: Cell | undefined): Parsed<string> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return bad('不是有效日期');
    return checkDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate(), cellText(cell));
  }
  if (typeof cell === 'number') {
    // Typed as 2017.05 (or 2017), Excel keeps a number: a month or a year, not a day count (that would be 1905).
    if (cell >= 1990 && cell < 2101) return bad(`“${cell}”只写到了${Number.isInteger(cell) ? '年' : '月'}，${WHICH_DAY}`);
    // Excel's day count from 1899-12-30 (right for every date after February 1900).
    if (cell < 61 || cell > 2_958_465) return bad(`“${cell}”不是有效日期`);
    const date = new Date(EXCEL_EPOCH + Math.floor(cell) * DAY_MS);
    return checkDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), String(cell));
  }
  const text = cellHalfWidth(cell);
  if (text === '') return bad('不能为空');
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) {
    const month = /^\d{4}(年\d{1,2}月?|[-/.]\d{1,2})$/.test(text);
    return bad(month ? `“${text}”只写到了月，${WHICH_DAY}` : `“${text}”不是有效日期，应写成 2026-03-05 或 2026/3/5`);
  }
  return checkDate(Number(m[1]), Number(m[2]), Number(m[3]), text);
}

function checkDate(year: number, month: number, day: number, shown: string): Parsed<string> {
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real) return bad(`“${shown}”不是真实存在的日期`);
  if (year < 1990 || year > 2100) return bad(`“${shown}”的年份不对`);
  return ok(isoDate(year, month, day));
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
