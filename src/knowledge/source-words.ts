// Internal ids of the fact base (T17, F02.5) and its name mean nothing to a villager.
const FACT_BASE = /政策事实库\s*/g;
const INTERNAL_ID = /(?<![A-Za-z])[A-Z]\d{2}(?:\.\d+)?(?![\d.])/g;

/** A topic's `source` as people read it: the documents and dates in words, never internal ids. */
export function sourceInWords(source: string): string {
  let text = source
    .replace(FACT_BASE, '')
    .replace(INTERNAL_ID, '')
    .replace(/\s*[（(](\d{4})-(\d{1,2})-\d{1,2}[）)]/g, (_, year: string, month: string) => `，${year}年${Number(month)}月`);
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text
      // Separators left next to each other, at an edge of a bracket or of the text, by a removed id.
      .replace(/([、，,；;]\s*)+(?=[、，,；;）)]|$)/g, '')
      .replace(/([（(])\s*[、，,；;]+\s*/g, '$1')
      .replace(/^\s*[、，,；;]+\s*/, '')
      .replace(/[（(]\s*[）)]/g, '')
      .replace(/\s{2,}/g, ' ')
      .trim();
  }
  // "（江西公开网页）" alone after a removed id is the source itself.
  const bracketed = /^[（(]([^（）()]+)[）)]$/.exec(text);
  return bracketed?.[1] ?? text;
}

/** The first document of a source in words ("江西省脱贫攻坚现场推进会讲话，2017年5月 等"), for tight spaces. */
export function firstSource(words: string): string {
  const parts = words
    .split(/[；;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length > 1 ? `${parts[0]} 等` : words;
}
