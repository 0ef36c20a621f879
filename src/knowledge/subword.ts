import type { QueryGroup } from './analyzer.js';
import { Bm25Index } from './bm25.js';
import { charGrams, wordGrams } from './char-grams.js';
import type { Information } from './information.js';
import type { Field, SubwordTuning } from './tuning.js';

/** How well one topic matches a question by the characters of its words. */
export type SubwordMatch = {
  /** BM25 over character n-grams, topic plus its best passage. */
  score: number;
  /** Information of the question's words whose characters the topic holds (n-grams of two or more count fully). */
  explained: number;
  /** A full-weight word shares two or more characters in a row with the topic. */
  strong: boolean;
};

/** A topic as the texts the sub-word index reads, already folded (normalized, concept groups applied). */
export type SubwordDoc = Record<Field, string> & { passages: readonly string[] };

/** Character n-gram retrieval: finds topics by parts of words (村路 ~ 道路, 残废 ~ 残疾) that whole-word BM25 misses. */
export type SubwordIndex = {
  /** Every topic sharing an n-gram with one of the words, with its score and the information it explains. */
  match(groups: readonly QueryGroup[]): Map<number, SubwordMatch>;
  /** Whether the topic's title, aliases or short answer hold a telling part (two characters, or one rare character) of a full-weight question word. */
  headed(doc: number, groups: readonly QueryGroup[]): boolean;
};

/** Builds the n-gram indexes over topics and their passages (no I/O); `fold` maps a question word as documents were mapped. */
export function createSubwordIndex(
  docs: readonly SubwordDoc[],
  fold: (word: string) => string,
  information: Information,
  tuning: SubwordTuning,
): SubwordIndex {
  const fields = (doc: SubwordDoc): Record<Field, string[]> => ({
    title: charGrams(doc.title),
    aliases: charGrams(doc.aliases),
    short: charGrams(doc.short),
    details: charGrams(doc.details),
  });
  const index = new Bm25Index<Field>(docs.map(fields), tuning.bm25);
  const passageOwner = docs.flatMap((doc, i) => doc.passages.map(() => i));
  const passageIndex = new Bm25Index<'text'>(
    docs.flatMap((doc) => doc.passages.map((text) => ({ text: charGrams(text) }))),
    tuning.passageBm25,
  );
  const heads = docs.map((doc) => new Set(charGrams(`${doc.title} ${doc.aliases} ${doc.short}`)));
  const maxIdf = Math.log(1 + (docs.length + 0.5) / 0.5) || 1;
  // How telling one character is among our topics: 1 when a single topic holds it, near 0 when all do (村, 钱).
  const specificity = (gram: string): number => index.idf(gram) / maxIdf;
  // What a matched n-gram is worth toward covering the characters it spans.
  const credit = (gram: string, length: number): number => (length > 1 ? 1 : tuning.charCredit * specificity(gram));

  const match = (groups: readonly QueryGroup[]): Map<number, SubwordMatch> => {
    const scores = new Map<number, number>();
    const passageScores = new Map<number, number>();
    const explained = new Map<number, number>();
    const strong = new Set<number>();
    for (const group of groups) {
      const word = fold(group.word);
      const length = Array.from(word).length;
      if (length === 0) continue;
      // A run of single characters (修村路) reads as one word: its parts can make it strong, its characters already count.
      const weight = group.run ? 1 : group.weight;
      const importance = group.weight * information(group.word);
      const covered = new Map<number, number[]>();
      for (const { gram, chars, skip } of wordGrams(word)) {
        const n = chars.length;
        // A part most topics hold (村, 钱) tells nothing and is the costliest to look up.
        if (specificity(gram) < tuning.minSpecificity) continue;
        const gramWeight = (weight * (tuning.gramWeights[n - 1] ?? 1) * (skip ? tuning.skipWeight : 1)) / length;
        const value = credit(gram, n);
        index.eachMatch(gram, gramWeight, (doc, score) => {
          scores.set(doc, (scores.get(doc) ?? 0) + score);
          if (n > 1 && weight === 1) strong.add(doc);
          const spans = covered.get(doc) ?? new Array<number>(length).fill(0);
          covered.set(doc, spans);
          for (const i of chars) spans[i] = Math.max(spans[i] ?? 0, value);
        });
        passageIndex.eachMatch(gram, gramWeight, (p, score) => passageScores.set(p, (passageScores.get(p) ?? 0) + score));
      }
      for (const [doc, spans] of covered) {
        const share = spans.reduce((sum, c) => sum + c, 0) / length;
        explained.set(doc, (explained.get(doc) ?? 0) + importance * share);
      }
    }
    const passageBest = new Map<number, number>();
    for (const [p, score] of passageScores) {
      const doc = passageOwner[p] as number;
      passageBest.set(doc, Math.max(passageBest.get(doc) ?? 0, score));
    }
    const out = new Map<number, SubwordMatch>();
    for (const [doc, score] of scores) {
      out.set(doc, {
        score: score + tuning.passageWeight * (passageBest.get(doc) ?? 0),
        explained: explained.get(doc) ?? 0,
        strong: strong.has(doc),
      });
    }
    return out;
  };

  const headed = (doc: number, groups: readonly QueryGroup[]): boolean => {
    const head = heads[doc];
    if (!head) return false;
    return groups.some(
      (g) =>
        (g.weight === 1 || g.run) &&
        wordGrams(fold(g.word)).some(
          ({ gram, chars }) => head.has(gram) && (chars.length > 1 || specificity(gram) >= tuning.headSpecificity),
        ),
    );
  };

  return { match, headed };
}
