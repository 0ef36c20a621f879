import type { Lexicon } from './lexicon.js';
import { createCanonicalizer, createNormalizer, type Normalizer } from './normalize.js';
import type { Corrector } from './pinyin.js';
import { createSegmenter, type Segmenter } from './segment.js';

/** A term that may stand for a query word, with how much a match on it is worth (0–1). */
export type Alternative = { term: string; weight: number };

/** One word of the question and the index terms that count as matching it. */
export type QueryGroup = {
  word: string;
  weight: number;
  alternatives: Alternative[];
  /**
   * A run of single characters the segmenter could not join (修村路 → 修/村/路, 先干后补): likely one word it
   * does not know. It has weight 0 and no alternatives (its characters are groups of their own); only the
   * sub-word signal reads it whole.
   */
  run?: true;
};

/** Turns documents into index tokens and questions into weighted query groups. */
export type Analyzer = {
  /** Full-width, Traditional and dialect folded; fillers and punctuation kept. */
  canonical: Normalizer;
  normalize: Normalizer;
  segmenter: Segmenter;
  documentTokens(text: string): string[];
  queryGroups(question: string, correct: Corrector): QueryGroup[];
};

// A word found inside the user's word (信贷 in 小额信贷) or a synonym from the lexicon is weaker
// evidence than the word itself; single characters and short numbers (3, 500) are ambiguous and
// count half.
const SUBWORD_WEIGHT = 0.5;
const SYNONYM_WEIGHT = 0.7;
const WEAK_WORD_WEIGHT = 0.5;
const COUNT_WEIGHT = 0.2;
// Two single characters side by side (人 + 管) are as often two words as one; three or more (修村路) rarely are.
const MIN_RUN = 3;

// A count with its measure word (三样, 几百块, 一个月, 哪几类) says what kind of answer is wanted,
// not which topic: it should neither make a topic likely nor, missing from the text, make it unlikely.
const COUNT =
  /^(?:[几多哪每\d一二三四五六七八九十两百千万]+)(?:个|块|元|样|类|种|项|条|道|年|月|天|次|成|岁|分|毛|角|钱|人|户|口|万|千|百|十|档|倍|级|期|批|顿|趟|回|遍|斤|亩|周|星期|工作日)+$/;
// The measure word of a count (档 in 几档): it finds the figure written in that unit ("14档").
const MEASURE = /(?:个|块|元|样|类|种|项|条|道|年|月|天|次|成|岁|档|倍|级|期|亩|周|工作日)$/;

/** Whether a word is too ambiguous to identify a topic on its own. */
export function isWeakWord(word: string): boolean {
  return Array.from(word).length === 1 || /^\d{1,4}$/.test(word) || COUNT.test(word);
}

function wordWeight(word: string): number {
  if (COUNT.test(word)) return COUNT_WEIGHT;
  return isWeakWord(word) ? WEAK_WORD_WEIGHT : 1;
}

/**
 * Builds the analyzer for a lexicon; its terms and `extraTerms` (e.g. topic aliases) go into the
 * segmenter's dictionary.
 */
export function createAnalyzer(lexicon: Lexicon, extraTerms: readonly string[] = []): Analyzer {
  const canonical = createCanonicalizer(lexicon);
  const normalize = createNormalizer(lexicon);
  const stop = new Set(lexicon.stopwords.map((w) => canonical(w)));
  const segmenter = createSegmenter([...lexicon.terms, ...Object.keys(lexicon.expand), ...extraTerms].map(canonical));
  const keep = (token: string): boolean => !stop.has(token);

  const documentTokens = (text: string): string[] => segmenter.cutForSearch(normalize(text)).filter(keep);

  // Segment each synonym phrase once, not on every question.
  const synonyms = Object.entries(lexicon.expand).map(([key, phrases]) => ({
    key: canonical(key),
    alternatives: phrases.flatMap((phrase) => {
      const whole = normalize(phrase);
      return segmenter
        .cutForSearch(whole)
        .filter(keep)
        .map((term) => ({ term, weight: term === whole ? SYNONYM_WEIGHT : SYNONYM_WEIGHT * SUBWORD_WEIGHT }));
    }),
  }));
  // A one-character key only matches a whole word: 路 should expand 路 but not 路费.
  const synonymsOf = (word: string): Alternative[] =>
    synonyms.filter(({ key }) => (Array.from(key).length > 1 ? word.includes(key) : word === key)).flatMap((s) => s.alternatives);

  const queryGroups = (question: string, correct: Corrector): QueryGroup[] => {
    const text = correct(normalize(question));
    const seen = new Set<string>();
    const groups: QueryGroup[] = [];
    let run = '';
    const endRun = (): void => {
      if (Array.from(run).length >= MIN_RUN && !seen.has(run)) {
        seen.add(run);
        groups.push({ word: run, weight: 0, alternatives: [], run: true });
      }
      run = '';
    };
    for (const word of segmenter.cut(text)) {
      if (!keep(word)) {
        endRun();
        continue;
      }
      if (/^\p{Script=Han}$/u.test(word)) run += word;
      else endRun();
      if (seen.has(word)) continue;
      seen.add(word);
      const inner = segmenter
        .cutForSearch(word)
        .filter((t) => t !== word && keep(t))
        .map((term) => ({ term, weight: SUBWORD_WEIGHT }));
      const measure = COUNT.test(word) ? MEASURE.exec(word)?.[0] : undefined;
      const unit = measure && !inner.some((a) => a.term === measure) ? [{ term: measure, weight: SUBWORD_WEIGHT }] : [];
      groups.push({ word, weight: wordWeight(word), alternatives: [{ term: word, weight: 1 }, ...inner, ...unit, ...synonymsOf(word)] });
    }
    endRun();
    return groups;
  };

  return { canonical, normalize, segmenter, documentTokens, queryGroups };
}
