/** The longest character n-gram indexed: 1–3 covers Chinese words, which are mostly one to three characters. */
export const MAX_GRAM = 3;

// Runs of letters and digits (Han included); n-grams never cross punctuation or spaces.
const RUN = /[\p{L}\p{N}]+/gu;

/** Every character n-gram (1..MAX_GRAM) of the text's runs of letters and digits, in order, repeats kept. */
export function charGrams(text: string): string[] {
  const grams: string[] = [];
  for (const [run] of text.matchAll(RUN)) {
    const chars = Array.from(run);
    for (let start = 0; start < chars.length; start++) {
      for (let n = 1; n <= MAX_GRAM && start + n <= chars.length; n++) grams.push(chars.slice(start, start + n).join(''));
    }
  }
  return grams;
}

/** One n-gram of a question word: the characters of the word it stands for, and whether it skips one. */
export type WordGram = { gram: string; chars: readonly number[]; skip: boolean };

/**
 * A word's n-grams (1..MAX_GRAM), plus its pairs of characters one apart (修村路 → 修路, 贷的款 → 贷款): colloquial
 * words often wrap a part of the official one around another character.
 */
export function wordGrams(word: string): WordGram[] {
  const chars = Array.from(word);
  const out: WordGram[] = [];
  for (let start = 0; start < chars.length; start++) {
    for (let n = 1; n <= MAX_GRAM && start + n <= chars.length; n++) {
      out.push({ gram: chars.slice(start, start + n).join(''), chars: Array.from({ length: n }, (_, i) => start + i), skip: false });
    }
    if (start + 2 < chars.length) out.push({ gram: `${chars[start]}${chars[start + 2]}`, chars: [start, start + 2], skip: true });
  }
  return out;
}
