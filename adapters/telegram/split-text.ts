const SENTENCE_END = /[。！？；!?;.\s]/;

/** Splits text into parts of at most `max` UTF-16 units: at a line break if there is one late enough, else after a sentence, else hard. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    parts.push(rest.slice(0, cut.end));
    rest = rest.slice(cut.resume);
  }
  parts.push(rest);
  return parts.filter((part) => part.trim() !== '');
}

function cutPoint(text: string, max: number): { end: number; resume: number } {
  // A break in the first half would leave a stub of a message; a hard cut reads better than that.
  const floor = Math.floor(max / 2);
  const newline = text.lastIndexOf('\n', max);
  if (newline > floor) return { end: newline, resume: newline + 1 };
  for (let i = max - 1; i > floor; i -= 1) {
    if (SENTENCE_END.test(text.charAt(i))) return { end: i + 1, resume: i + 1 };
  }
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return { end, resume: end };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
