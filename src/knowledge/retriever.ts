import { alternation } from './alternation.js';
import { type Analyzer, createAnalyzer, isWeakWord, type QueryGroup } from './analyzer.js';
import type { AnswerShape } from './answer-type.js';
import { Bm25Index } from './bm25.js';
import { loadInformation } from './information.js';
import { chooseLead, residualShare, type ScoredPassage, shapeBoost } from './lead.js';
import type { Lexicon } from './lexicon.js';
import { coverage, matchGroups } from './match.js';
import { type Passage, topicPassages } from './passages.js';
import { type Corrector, createCorrector } from './pinyin.js';
import { arabicNumbers, createRejoiner } from './query-text.js';
import { createSubwordIndex, type SubwordMatch } from './subword.js';
import type { PolicyTopic } from './topic.js';
import type { Field, Tuning } from './tuning.js';

/** The longest word (or run of single characters) looked for by its parts. */
const MAX_SUBWORD_CHARS = 8;

/** A topic ranked for a question: its score, the share of the question it explains, and whether a full word matched. */
export type Ranked = { doc: number; score: number; coverage: number; strong: boolean };

/** The indexes over topics and their passages, and what the answer / clarify / refuse decision asks of them. */
export type Retriever = {
  analyzer: Analyzer;
  /** Repairs a question before segmentation: numbers, split words (脱了贫), homophone typos. */
  correct: Corrector;
  /** Whether text carries a word of our domain (贫困户, 低保, 报销…). */
  isDomainText(text: string): boolean;
  /** Topics matching the question, best first. */
  rank(groups: readonly QueryGroup[], shape: AnswerShape): Ranked[];
  /** Whether the topic's title, aliases or short answer name a full-weight word of the question. */
  headed(doc: number, groups: readonly QueryGroup[]): boolean;
  /**
   * Whether the topic holds what the question itself asks: one of its full words, or the question has none
   * ("能补多少" leans on the story before it; "能不能延期" asks about 延期, which a loans topic may not hold).
   */
  mentions(doc: number, groups: readonly QueryGroup[]): boolean;
  /** Whether the question names the topic with a telling domain word (低保, 过渡期). */
  anchored(doc: number, groups: readonly QueryGroup[]): boolean;
  /**
   * The topic's passages that answer, best first (see chooseLead); `asked` holds the words of the question
   * itself, so words only in the story before it weigh less.
   */
  lead(doc: number, groups: readonly QueryGroup[], shape: AnswerShape, asked: ReadonlySet<string>): Passage[];
  /** The best-scoring detail passage of the topic for a further question about it, if any word of it matches. */
  bestDetail(doc: number, groups: readonly QueryGroup[], shape: AnswerShape): Passage | undefined;
};

// A question word, or a synonym of it, that the topic names in its title, aliases or short answer.
const HEAD_CREDIT = 0.7;

/**
 * Whether a topic's head words name a question word: the word itself or a synonym, or parts that spell the
 * whole word (公益 + 岗位 for 公益岗位; 结婚 alone does not name 结婚证).
 */
function namesWord(group: QueryGroup, head: ReadonlySet<string>): boolean {
  if (group.alternatives.some((alt) => alt.weight >= HEAD_CREDIT && head.has(alt.term))) return true;
  const chars = Array.from(group.word);
  const covered = new Array<boolean>(chars.length).fill(false);
  for (const alt of group.alternatives) {
    if (!head.has(alt.term)) continue;
    const at = group.word.indexOf(alt.term);
    if (at < 0) continue;
    const start = Array.from(group.word.slice(0, at)).length;
    for (let i = 0; i < Array.from(alt.term).length; i++) covered[start + i] = true;
  }
  return chars.length > 1 && covered.every(Boolean);
}

/** Builds the indexes over topics and passages (no I/O). */
export function createRetriever(topics: readonly PolicyTopic[], lexicon: Lexicon, tuning: Tuning): Retriever {
  // Short aliases are domain words (低宝, 村医) the segmenter should keep whole; longer ones are
  // phrases (低保怎么申请) that would swallow question words if made into single tokens.
  const aliasWords = topics.flatMap((t) => t.aliases).filter((a) => /^\p{Script=Han}{2,3}$/u.test(a));
  const analyzer = createAnalyzer(lexicon, aliasWords);
  const index = new Bm25Index<Field>(
    topics.map((t) => ({
      title: analyzer.documentTokens(t.title),
      aliases: t.aliases.flatMap((a) => analyzer.documentTokens(a)),
      short: analyzer.documentTokens(t.short),
      details: analyzer.documentTokens(t.details),
    })),
    tuning.bm25,
  );
  const passages = topics.flatMap((t, doc) =>
    topicPassages(t).map((passage) => ({ passage, doc, tokens: analyzer.documentTokens(passage.text) })),
  );
  const passageIndex = new Bm25Index<'text'>(
    passages.map((p) => ({ text: p.tokens })),
    tuning.passageBm25,
  );
  const passagesOf = topics.map((): number[] => []);
  for (const [i, p] of passages.entries()) passagesOf[p.doc]?.push(i);
  const passageTokens = passages.map((p) => new Set(p.tokens));
  const names = topics.map((t) => new Set([t.title, ...t.aliases].flatMap((text) => analyzer.documentTokens(text))));
  const titles = topics.map((t) => new Set(analyzer.documentTokens(t.title)));
  // What a topic is about: the words of its title, aliases and short answer.
  const heads = topics.map((t, doc) => new Set([...(names[doc] ?? []), ...analyzer.documentTokens(t.short)]));
  // Words that say a clause is about our domain, for finding the question inside a long message.
  const domainWords = new Set(
    [...names.flatMap((n) => [...n]), ...[...lexicon.terms, ...Object.keys(lexicon.expand)].map(analyzer.normalize)].filter(
      (w) => !isWeakWord(w),
    ),
  );
  const information = loadInformation();
  // Everyday words read as the official term they stand for (本金 → 资金), in documents and questions alike.
  const conceptWords = Object.entries(lexicon.concepts).flatMap(([term, words]) =>
    words.map((w) => [analyzer.normalize(w), analyzer.normalize(term)] as const),
  );
  const conceptOf = new Map(conceptWords);
  const conceptPattern = alternation(conceptWords.map(([w]) => w));
  const fold = (text: string): string => (conceptPattern ? text.replace(conceptPattern, (w) => conceptOf.get(w) ?? w) : text);
  const passageTexts = topics.map((t) => topicPassages(t).map((p) => fold(analyzer.normalize(p.text))));
  const subword = createSubwordIndex(
    topics.map((t, doc) => ({
      title: fold(analyzer.normalize(t.title)),
      aliases: fold(t.aliases.map(analyzer.normalize).join(' ')),
      short: fold(analyzer.normalize(t.short)),
      details: fold(analyzer.normalize(t.details)),
      passages: passageTexts[doc] ?? [],
    })),
    fold,
    information,
    tuning.subword,
  );
  // Words that by themselves say a question is about one of our policies: the lexicon's domain terms and the
  // topic titles' words, when rare in everyday language (低保, 过渡期; not 政策 or 孩子).
  const anchors = new Set(
    [...lexicon.terms.map(analyzer.normalize), ...titles.flatMap((t) => [...t])].filter(
      (w) => !isWeakWord(w) && information(w) >= tuning.anchorInformation,
    ),
  );
  const correctionWords = [...lexicon.terms, ...topics.flatMap((t) => [t.title, ...t.aliases])].map(analyzer.normalize);
  const homophones = createCorrector(correctionWords, (span) => index.has(span));
  const rejoin = createRejoiner((word) => index.has(word));

  // Words no topic uses, and runs of single characters: what the sub-word signal reads.
  // A "word" longer than a few characters is an unsegmented string, not a word: looking for its parts would cost
  // time quadratic in its length (a 2,000-character message took minutes) and tell nothing.
  const unknownWords = (groups: readonly QueryGroup[]): QueryGroup[] =>
    groups.filter((g) => Array.from(g.word).length <= MAX_SUBWORD_CHARS && (g.run || !g.alternatives.some((alt) => index.has(alt.term))));

  // Only one topic's passages are scored: each word counts with its best alternative, as in ranking.
  const scored = (doc: number, groups: readonly QueryGroup[]): ScoredPassage[] =>
    (passagesOf[doc] ?? []).map((p) => ({
      passage: (passages[p] as (typeof passages)[number]).passage,
      score: groups.reduce(
        (sum, g) => sum + g.weight * Math.max(0, ...g.alternatives.map((alt) => passageIndex.scoreIn(p, alt.term, alt.weight))),
        0,
      ),
      tokens: passageTokens[p] as Set<string>,
    }));
  // Words the topic's title or aliases already explain weigh less when choosing its passage: 小额信贷 in
  // "小额信贷怎么申请" found the topic; 申请 finds the passage.
  const leadGroups = (doc: number, groups: readonly QueryGroup[], asked?: ReadonlySet<string>): QueryGroup[] =>
    groups.map((g) => {
      const named = g.alternatives.some((alt) => names[doc]?.has(alt.term)) ? tuning.nameWeightInLead : 1;
      const told = asked && !asked.has(g.word) ? tuning.contextWeightInLead : 1;
      return { ...g, weight: g.weight * named * told };
    });

  return {
    analyzer,
    correct: (text) => homophones(rejoin(arabicNumbers(text))),
    isDomainText: (text) => analyzer.segmenter.cutForSearch(analyzer.normalize(text)).some((w) => domainWords.has(w)),
    // Topics ranked by their own BM25 plus their best passage's (boosted when it holds the kind of fact
    // asked), times coverage: like Lucene's classic coord factor, a topic that explains more of the
    // question ranks higher than one that matches a single word very strongly (贫困户 in a title).
    rank: (groups, shape) => {
      const topicMatches = matchGroups(index, groups, information, tuning.domainCredit);
      const passageMatches = matchGroups(passageIndex, groups, information, tuning.domainCredit);
      const bestPassage = new Map<number, number>();
      for (const [p, match] of passageMatches.docs) {
        const entry = passages[p];
        if (!entry) continue;
        const score = match.score * shapeBoost(shape, entry.passage, tuning);
        bestPassage.set(entry.doc, Math.max(bestPassage.get(entry.doc) ?? 0, score));
      }
      const words = new Map(
        [...topicMatches.docs].map(([doc, match]) => {
          const share = coverage(topicMatches, doc);
          return [doc, { score: share * (match.score + tuning.passageWeight * (bestPassage.get(doc) ?? 0)), share, strong: match.strong }];
        }),
      );
      // Words no topic uses (村路, 利钱) and runs of single characters (修村路) are looked for by their parts: what they find adds to the
      // word-level score, scaled to it, and explains the question at a discount (parts of words are weaker evidence).
      const unknown = unknownWords(groups);
      const parts = unknown.length ? subword.match(unknown) : new Map<number, SubwordMatch>();
      const topWord = Math.max(0, ...[...words.values()].map((w) => w.score));
      const topPart = Math.max(0, ...[...parts.values()].map((p) => p.score));
      const scale = topPart > 0 ? (tuning.subwordWeight * (topWord || 1)) / topPart : 0;
      const total = topicMatches.total;
      return [...new Set([...words.keys(), ...parts.keys()])]
        .map((doc) => {
          const word = words.get(doc);
          const part = parts.get(doc);
          const share = coverage(topicMatches, doc) + (total > 0 ? (tuning.subwordCoverage * (part?.explained ?? 0)) / total : 0);
          const strong = (word?.strong ?? false) || (part?.strong ?? false);
          return { doc, score: (word?.score ?? 0) + scale * (part?.score ?? 0), coverage: share, strong };
        })
        .sort((a, b) => b.score - a.score || a.doc - b.doc);
    },
    mentions: (doc, groups) => {
      const full = groups.filter((g) => g.weight === 1);
      return full.length === 0 || full.some((g) => g.alternatives.some((alt) => index.scoreIn(doc, alt.term, 1) > 0));
    },
    headed: (doc, groups) =>
      groups.some((g) => g.weight === 1 && namesWord(g, heads[doc] as Set<string>)) || subword.headed(doc, unknownWords(groups)),
    anchored: (doc, groups) => groups.some((g) => g.weight === 1 && anchors.has(g.word) && heads[doc]?.has(g.word)),
    lead: (doc, groups, shape, asked) => {
      // Aliases are how people ask about one side of a topic (识别标准); only the title names it whole.
      const residual = residualShare(groups, titles[doc] as Set<string>, information);
      return chooseLead(shape, residual, scored(doc, leadGroups(doc, groups, asked)), tuning);
    },
    bestDetail: (doc, groups, shape) =>
      scored(doc, leadGroups(doc, groups))
        .filter((s) => s.score > 0 && s.passage.from === 'details')
        .map((s) => ({ passage: s.passage, score: s.score * shapeBoost(shape, s.passage, tuning) }))
        .sort((a, b) => b.score - a.score)[0]?.passage,
  };
}
