/** How long a piece of text is for a limit: UTF-16 units (personal chats) or UTF-8 bytes (Official Account). */
export type Measure = (text: string) => number;

/** UTF-16 length. */
export const chars: Measure = (text) => text.length;

/** UTF-8 byte length. */
export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, 'utf8');

const SENTENCE_END = /[。！？；!?;]/;

/** Splits text into parts within `max`: whole lines where they fit, a long line after a sentence end, else hard. */
export function splitText(text: string, max: number, measure: Measure = chars): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const joined = current === '' ? line : `${current}\n${line}`;
    if (measure(joined) <= max) {
      current = joined;
      continue;
    }
    if (current !== '') parts.push(current);
    current = '';
    let rest = line;
    while (measure(rest) > max) {
      const cut = cutLine(rest, max, measure);
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  if (current !== '') parts.push(current);
  return parts.filter((part) => part.trim() !== '');
}

function cutLine(line: string, max: number, measure: Measure): number {
  const points = Array.from(line);
  let fit = 0;
  let width = 0;
  for (const char of points) {
    if (width + measure(char) > max) break;
    width += measure(char);
    fit += char.length;
  }
  // A sentence end in the second half reads better than a hard cut; earlier would leave a stub.
  for (let i = fit - 1; i > fit / 2; i -= 1) if (SENTENCE_END.test(line.charAt(i))) return i + 1;
  return Math.max(fit, 1);
}
