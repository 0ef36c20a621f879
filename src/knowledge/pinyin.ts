import { pinyin } from 'pinyin-pro';

const HAN_RUN = /\p{Script=Han}+/gu;

/** Toneless pinyin, one syllable per character of a run of Han characters (低保 → di bao). */
export function syllables(hanText: string): string[] {
  return pinyin(hanText, { toneType: 'none', type: 'array', v: true });
}

/**
 * Folds the sounds that southern speakers (and their pinyin typing) merge:
 * zh/z, ch/c, sh/s, n/l and the finals ang/an, eng/en, ing/in.
 */
export function fuzzySyllable(syllable: string): string {
  return syllable
    .replace(/^([zcs])h/, '$1')
    .replace(/^n(?!g$)/, 'l')
    .replace(/([aei])ng$/, '$1n');
}

/** Rewrites homophone typos in normalized text into the domain word they sound like. */
export type Corrector = (text: string) => string;

type Entry = { word: string; exact: string };

const MIN_LENGTH = 2;
const MAX_LENGTH = 8;

function sameCharacters(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  return left.filter((char, i) => char === right[i]).length;
}

// An IME slip swaps a character or two, it does not retype a whole word: at least one character
// must already be right and no more than half may differ, otherwise a real word that merely
// sounds like a domain word would be rewritten.
function plausibleTypo(typed: string, word: string): boolean {
  const same = sameCharacters(typed, word);
  const length = Array.from(typed).length;
  return same >= 1 && length - same <= Math.max(1, Math.floor(length / 2));
}

/**
 * Builds a corrector over domain words (2–8 Han characters). `isKnown` says whether a span is
 * already a real word of the index; such spans are left alone.
 */
export function createCorrector(words: readonly string[], isKnown: (span: string) => boolean): Corrector {
  const byFuzzy = new Map<string, Entry[]>();
  // Word lengths per first (folded) syllable, so a position only tries spans some word could fill.
  const lengthsByFirst = new Map<string, number[]>();
  for (const word of new Set(words)) {
    const length = Array.from(word).length;
    if (length < MIN_LENGTH || length > MAX_LENGTH || !/^\p{Script=Han}+$/u.test(word)) continue;
    const sounds = syllables(word);
    const fuzzy = sounds.map(fuzzySyllable);
    const key = fuzzy.join(' ');
    byFuzzy.set(key, [...(byFuzzy.get(key) ?? []), { word, exact: sounds.join(' ') }]);
    const first = fuzzy[0] ?? '';
    const lengths = lengthsByFirst.get(first) ?? [];
    if (!lengths.includes(length))
      lengthsByFirst.set(
        first,
        [...lengths, length].sort((a, b) => b - a),
      );
  }
  if (byFuzzy.size === 0) return (text) => text;

  // The longest domain word that the span starting at `i` spells or sounds like, if any.
  const matchAt = (chars: string[], sounds: string[], fuzzy: string[], i: number): { text: string; length: number } | undefined => {
    for (const length of lengthsByFirst.get(fuzzy[i] ?? '') ?? []) {
      if (i + length > chars.length) continue;
      const candidates = byFuzzy.get(fuzzy.slice(i, i + length).join(' '));
      if (!candidates) continue;
      const span = chars.slice(i, i + length).join('');
      if (candidates.some((c) => c.word === span) || isKnown(span)) return { text: span, length };
      const exact = sounds.slice(i, i + length).join(' ');
      // Prefer a word that sounds exactly the same over one that only matches with folded sounds.
      const ordered = [...candidates].sort((a, b) => Number(b.exact === exact) - Number(a.exact === exact));
      const hit = ordered.find((c) => plausibleTypo(span, c.word));
      if (hit) return { text: hit.word, length };
    }
    return undefined;
  };

  const correctRun = (run: string): string => {
    // Array.from keeps characters outside the BMP whole, so they stay aligned with their syllables.
    const chars = Array.from(run);
    const sounds = syllables(run);
    if (sounds.length !== chars.length) return run;
    const fuzzy = sounds.map(fuzzySyllable);
    let out = '';
    let i = 0;
    while (i < chars.length) {
      const match = matchAt(chars, sounds, fuzzy, i);
      out += match ? match.text : (chars[i] ?? '');
      i += match ? match.length : 1;
    }
    return out;
  };

  return (text) => text.replace(HAN_RUN, correctRun);
}
