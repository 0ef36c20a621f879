const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const CLEAN_ID = /^\d{17}[\dXx]$/;
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

/** The result of checking an ID number: the normalised number, or a reason in plain Chinese. */
export type IdCheck = { ok: true; value: string } | { ok: false; reason: string };

/** The GB 11643 check character for the first 17 digits of a resident ID number. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`idCheckChar needs exactly 17 digits, got ${first17.length} characters`);
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** Validates an 18-character resident ID number (GB 11643): format, province, birth date, check character. */
export function checkIdNumber(input: string, today: Date = new Date()): IdCheck {
  const id = (CLEAN_ID.test(input) ? input : input.normalize('NFKC').replace(/\s+/g, '')).toUpperCase();
  if (id === '') return { ok: false, reason: '不能为空' };
  if (/^\d(\.\d+)?E\+\d+$/.test(id)) {
    return { ok: false, reason: '被 Excel 存成了科学计数法，后几位已经丢失；请把这一列设为“文本”格式后重新填写' };
  }
  if (id.length !== 18) return { ok: false, reason: `应为 18 位，现在是 ${id.length} 位` };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: '前 17 位只能是数字，最后一位是数字或 X' };
  if (!PROVINCES.has(id.slice(0, 2))) return { ok: false, reason: `前两位“${id.slice(0, 2)}”不是有效的省份代码` };
  const birth = id.slice(6, 14);
  if (!isPlausibleBirth(birth, today)) return { ok: false, reason: `出生日期“${birth}”不是有效日期` };
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: '校验位不对，请核对号码是否抄错' };
  return { ok: true, value: id };
}

/** How many leading characters (province + prefecture) the display form keeps. */
const SHOWN_ID_CHARS = 4;

/**
 * The display and stored form of an ID number: the first 4 characters (province and prefecture, shared by a whole
 * county) and 14 stars. Nothing of the birth date, sequence or check character is kept, so the mask never overlaps the
 * last 6 that chat verification asks for. Pages, exports and chat apply it again to the stored mask, so neither a full
 * number slipped in by mistake nor a mask stored under older rules (first 4 + stars + last 4) is ever shown as stored.
 */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, SHOWN_ID_CHARS)}${'*'.repeat(18 - SHOWN_ID_CHARS)}`;
}

/** The last 6 characters, upper-cased: what a user types to verify in chat. */
export function idTail(id: string): string {
  return id.slice(-6).toUpperCase();
}

function isPlausibleBirth(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 1900 && date.getTime() <= today.getTime();
}
