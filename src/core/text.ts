const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const EDGE_PUNCTUATION = /^[\s。，,.!！?？~～、;；:："“”'‘’]+|[\s。，,.!！?？~～、;；:："“”'‘’]+$/g;

/** Cleans user text as it will be stored: no control or bidi characters, trimmed (Chinese punctuation kept). */
export function cleanText(text: string): string {
  return text.replace(CONTROL_CHARS, '').trim();
}

/** Cleans text and folds full-width letters, digits and punctuation to half-width (NFKC), for parsing numbers, dates, codes. */
export function halfWidth(text: string): string {
  return cleanText(text.normalize('NFKC'));
}

/** A compact form for matching commands and labels: half-width, lower-case, no edge punctuation or inner spaces. */
export function matchKey(text: string): string {
  return halfWidth(text).toLowerCase().replace(EDGE_PUNCTUATION, '').replace(/\s+/g, '');
}

const CHINESE_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  两: 2,
  贰: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};

/** Parses a small Chinese numeral (一 … 九十九), or undefined. */
export function parseChineseNumber(text: string): number | undefined {
  const m = /^([一二两三四五六七八九壹贰叁肆伍陆柒捌玖]?)([十拾]?)([一二三四五六七八九零〇壹贰叁肆伍陆柒捌玖]?)$/.exec(text);
  if (!m || text === '') return undefined;
  const [, tensDigit = '', ten = '', ones = ''] = m;
  if (!ten) return tensDigit && !ones ? CHINESE_DIGITS[tensDigit] : undefined;
  const tens = tensDigit ? (CHINESE_DIGITS[tensDigit] ?? 0) : 1;
  return tens * 10 + (ones ? (CHINESE_DIGITS[ones] ?? 0) : 0);
}

/** Reads an option number the way people type it: "2", "２", "二", "第二个", "选2", "2号". */
export function parseOptionNumber(text: string): number | undefined {
  const key = matchKey(text)
    .replace(/^(第|选|选择|要)/, '')
    .replace(/(个|项|号|条)$/, '');
  if (/^\d{1,3}$/.test(key)) return Number(key);
  return parseChineseNumber(key);
}

/** Masks a mainland mobile or landline number for display: 138****5678. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
