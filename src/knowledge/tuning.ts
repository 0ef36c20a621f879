import type { Bm25Options } from './bm25.js';
import type { LeadTuning } from './lead.js';

/** Fields of a topic that are indexed. */
export type Field = 'title' | 'aliases' | 'short' | 'details';

/** Knobs of the character n-gram (sub-word) signal. */
export type SubwordTuning = {
  bm25: Bm25Options<Field>;
  passageBm25: Bm25Options<'text'>;
  passageWeight: number;
  /** Query weight of a matched 1-, 2- and 3-gram (longer parts say more). */
  gramWeights: readonly [number, number, number];
  /** Factor on a pair of characters one apart (修村路 → 修路). */
  skipWeight: number;
  /** What a single matched character is worth toward coverage, times how few topics hold it. */
  charCredit: number;
  /** Parts less specific than this (held by most topics) are not looked up. */
  minSpecificity: number;
  /** A single character names a topic in its head only when at least this specific (0–1). */
  headSpecificity: number;
};

/** Knobs of retrieval and of the answer / clarify / unknown decision, tuned on the dev set. */
export type Tuning = LeadTuning & {
  bm25: Bm25Options<Field>;
  /** BM25 of passages (each bullet or sentence alone). */
  passageBm25: Bm25Options<'text'>;
  /** Weight of a topic's best passage score added to its topic score. */
  passageWeight: number;
  /**
   * Weight, when choosing the passage that answers, of question words the topic's title or aliases
   * already explain: 小额信贷 in "小额信贷怎么申请" found the topic; 申请 finds the passage.
   */
  nameWeightInLead: number;
  /** Weight, when choosing the passage, of words found only in the story told before the question. */
  contextWeightInLead: number;
  /**
   * Share of the question's information (general-language IDF of its words) that the best topic
   * must explain before we answer; off-topic questions leave their key words (天气, 彩票) unexplained.
   */
  minCoverage: number;
  /**
   * Lower share needed when the question names the best topic with a telling word (低保, 过渡期: general-language
   * information at least `anchorInformation`): a question about 低保 in dialect is still about 低保.
   */
  anchoredCoverage: number;
  anchorInformation: number;
  /**
   * Credit toward coverage for a word some other topic uses (扶贫 missing from the best topic's
   * text still shows the question is about our domain; 天气 appears nowhere and earns nothing).
   */
  domainCredit: number;
  /** A runner-up scoring at least this fraction of the winner makes the question ambiguous. */
  closeRatio: number;
  maxCandidates: number;
  subword: SubwordTuning;
  /** Weight of the sub-word score in the fused score, relative to the best word-level score. */
  subwordWeight: number;
  /** Factor on sub-word coverage where it stands in for word coverage (parts of words are weaker evidence). */
  subwordCoverage: number;
  /** Coverage at which a bare phrase mid-form ("低保") counts as a question even without 吗/怎么. */
  strongCoverage: number;
};

/** The tuning used unless a caller passes its own. */
export const defaultTuning: Tuning = {
  bm25: {
    weights: { title: 3, aliases: 2.5, short: 1, details: 0.5 },
    b: { title: 0.5, aliases: 0.5, short: 0.75, details: 0.75 },
    k1: 1.2,
  },
  passageBm25: { weights: { text: 1 }, b: { text: 0.75 }, k1: 1.2 },
  nameWeightInLead: 0.6,
  contextWeightInLead: 0.5,
  passageWeight: 0.5,
  answerTypeBoost: 2,
  unitBoost: 3,
  passageRatio: 0.9,
  generalResidual: 0.3,
  minCoverage: 0.5,
  anchoredCoverage: 0.3,
  anchorInformation: 7,
  domainCredit: 0.3,
  closeRatio: 0.9,
  maxCandidates: 3,
  strongCoverage: 0.8,
  subword: {
    bm25: {
      weights: { title: 3, aliases: 2.5, short: 1, details: 0.5 },
      b: { title: 0.5, aliases: 0.5, short: 0.75, details: 0.75 },
      k1: 1.2,
    },
    passageBm25: { weights: { text: 1 }, b: { text: 0.75 }, k1: 1.2 },
    passageWeight: 0.5,
    gramWeights: [0.3, 1, 1.5],
    skipWeight: 0.7,
    charCredit: 0.6,
    headSpecificity: 0.6,
    minSpecificity: 0.2,
  },
  subwordWeight: 0.15,
  subwordCoverage: 0.7,
};
