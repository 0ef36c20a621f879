const DIGITS = new Map<string, number>();
for (const [value, chars] of ['零〇', '一壹', '二贰貳两兩', '三叁', '四肆', '五伍', '六陆陸', '七柒', '八捌', '九玖'].entries()) {
  for (const ch of chars) DIGITS.set(ch, value);
}
const UNITS = new Map<string, number>([
  ['十', 10],
  ['拾', 10],
  ['百', 100],
  ['佰', 100],
  ['千', 1000],
  ['仟', 1000],
  ['万', 10_000],
  ['萬', 10_000],
  ['亿', 100_000_000],
  ['億', 100_000_000],
]);
const TOKEN = /\d+(?:\.\d+)?|./gu;

type Token = { kind: 'num'; value: number; single: boolean } | { kind: 'zero' } | { kind: 'unit'; value: number };

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  for (const [piece] of text.matchAll(TOKEN)) {
    const unit = UNITS.get(piece);
    const digit = DIGITS.get(piece);
    if (unit !== undefined) tokens.push({ kind: 'unit', value: unit });
    else if (digit === 0) tokens.push({ kind: 'zero' });
    else if (digit !== undefined) tokens.push({ kind: 'num', value: digit, single: true });
    else if (/^\d/.test(piece)) tokens.push({ kind: 'num', value: Number(piece), single: /^[1-9]$/.test(piece) });
    else return undefined;
  }
  return tokens;
}

/** Chinese digits as Arabic ones, one by one (二〇 → "20"); other characters stay. */
function digitString(text: string): string {
  return [...text].map((ch) => DIGITS.get(ch) ?? ch).join('');
}

/** Digits read one by one (二〇二六, 五零); two non-zero digits side by side (两三) are a range, not a number. */
function positional(text: string): number | undefined {
  const digits = [...text].map((ch) => DIGITS.get(ch));
  if (digits.some((d) => d === undefined)) return undefined;
  if (digits.length === 2 && !digits.includes(0)) return undefined;
  return Number(digits.join(''));
}

/**
 * Reads a number written in Chinese numerals, Arabic digits or a mix, as people write amounts:
 * 两万五 = 25000, 一千五 = 1500, 一千零五 = 1005, 2万5千3 = 25300, 1.5万 = 15000, 二〇二六 = 2026.
 * A digit right after a unit counts in the next lower unit (两万五 → 5 thousands) unless a 零 comes
 * between. Anything that is not one clear number (2万万, 一千三千, 两三千, letters) gives undefined.
 * Expects half-width text without spaces; 点 is read as a decimal point.
 */
export function readNumeral(text: string): number | undefined {
  if (text === '') return undefined;
  if (/^[零〇一壹二贰貳两兩三叁四肆五伍六陆陸七柒八捌九玖]{2,}$/u.test(text)) return positional(text);
  const decimals = text.replace(
    /([\d零〇一二两三四五六七八九]+)点([\d零〇一二三四五六七八九]+)/gu,
    (_, whole: string, part: string) => `${digitString(whole)}.${digitString(part)}`,
  );
  const tokens = tokenize(decimals);
  if (!tokens?.length) return undefined;

  let total = 0;
  let section = 0;
  let pending: Extract<Token, { kind: 'num' }> | undefined;
  let pendingAfterUnit = false;
  let previous: Token | undefined;
  let lastUnit = Number.POSITIVE_INFINITY;
  let smallCap = 10_000;
  let bigCap = Number.POSITIVE_INFINITY;
  let afterZero = false;

  const closeSection = (): number | undefined => {
    if (!pending) return afterZero ? undefined : section;
    const elided = pending.single && pendingAfterUnit && !afterZero && lastUnit >= 100;
    if (elided) return section + (pending.value * lastUnit) / 10;
    return pending.value < lastUnit ? section + pending.value : undefined;
  };

  for (const token of tokens) {
    if (token.kind === 'num') {
      if (pending) return undefined;
      pending = token;
      pendingAfterUnit = previous?.kind === 'unit';
    } else if (token.kind === 'zero') {
      if (pending || previous?.kind !== 'unit') return undefined;
      afterZero = true;
    } else if (token.value < 10_000) {
      const count = pending?.value ?? (token.value === 10 && !afterZero ? 1 : undefined);
      if (count === undefined || count <= 0 || count >= 10 || token.value >= smallCap) return undefined;
      section += count * token.value;
      smallCap = token.value;
      lastUnit = token.value;
      pending = undefined;
      afterZero = false;
    } else {
      const count = closeSection();
      if (count === undefined || count <= 0 || count >= 10_000 || token.value >= bigCap) return undefined;
      total += count * token.value;
      bigCap = token.value;
      lastUnit = token.value;
      smallCap = 10_000;
      section = 0;
      pending = undefined;
      afterZero = false;
    }
    previous = token;
  }
  const rest = closeSection();
  return rest === undefined ? undefined : total + rest;
}
