// Mobile numbers, landlines with an area code, 400 numbers and 123xx hotlines (12317), never inside a longer number,
// a masked number (138****5678) or an amount (12300元). The web page links the same numbers (public/render.js).
const PHONE = /(?<![\d*])(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4}|123\d{2})(?![\d*元块万%.年月日号])/g;
const LEADING = /^[\s，。；、,;.]+/;

/**
 * Puts every phone number of a text on a line of its own: WeChat then offers to call or copy it with one long press,
 * where a number inside a sentence has to be picked out by hand.
 */
export function phoneLines(text: string): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const parts: string[] = [];
      let rest = line;
      for (const match of line.matchAll(PHONE)) {
        const at = rest.indexOf(match[0]);
        parts.push(rest.slice(0, at).trimEnd(), match[0]);
        rest = rest.slice(at + match[0].length).replace(LEADING, '');
      }
      parts.push(rest);
      const kept = parts.filter((p) => p !== '' && p !== '。');
      return kept.length ? kept : [''];
    })
    .join('\n');
}
