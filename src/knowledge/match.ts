import type { QueryGroup } from './analyzer.js';
import type { Bm25Index } from './bm25.js';
import type { Information } from './information.js';

/** How well one document matches a question. */
export type DocMatch = {
  /** BM25 summed over the question's words. */
  score: number;
  /** Information of the question's words this document explains (beyond the domain credit). */
  explained: number;
  /** Matched by at least one full-weight word, not only by 的-like single characters or a bare number. */
  strong: boolean;
};

/** Every document matching some word of the question, with the totals needed for coverage. */
export type Matches = {
  docs: Map<number, DocMatch>;
  /** Information of the whole question (general-language IDF of its words). */
  total: number;
  /** Information of the question's words that some document uses, times the domain credit. */
  inDomain: number;
};

/**
 * Scores every document that matches a word of the question. `domainCredit` is what a word earns
 * toward coverage just for being used somewhere in the index (扶贫 missing from the best topic still
 * shows the question is about our domain; 天气 appears nowhere and earns nothing).
 */
export function matchGroups<F extends string>(
  index: Bm25Index<F>,
  groups: readonly QueryGroup[],
  information: Information,
  domainCredit: number,
): Matches {
  const docs = new Map<number, DocMatch>();
  let total = 0;
  let inDomain = 0;
  for (const group of groups) {
    const importance = group.weight * information(group.word);
    total += importance;
    const best = new Map<number, { score: number; credit: number }>();
    for (const alt of group.alternatives) {
      index.eachMatch(alt.term, alt.weight, (doc, score) => {
        const prev = best.get(doc);
        if (!prev) best.set(doc, { score, credit: alt.weight });
        else {
          prev.score = Math.max(prev.score, score);
          prev.credit = Math.max(prev.credit, alt.weight);
        }
      });
    }
    if (best.size > 0) inDomain += importance * domainCredit;
    for (const [doc, b] of best) {
      const match = docs.get(doc) ?? { score: 0, explained: 0, strong: false };
      match.score += group.weight * b.score;
      match.explained += importance * Math.max(0, b.credit - domainCredit);
      if (group.weight === 1) match.strong = true;
      docs.set(doc, match);
    }
  }
  return { docs, total, inDomain };
}

/** Share of the question's information a document explains, counting the domain credit. */
export function coverage(matches: Matches, doc: number): number {
  return matches.total > 0 ? (matches.inDomain + (matches.docs.get(doc)?.explained ?? 0)) / matches.total : 0;
}
