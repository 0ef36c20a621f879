import { type Analyzer, createAnalyzer, type QueryGroup } from './analyzer.js';
import { Bm25Index, type Bm25Options } from './bm25.js';
import { loadInformation } from './information.js';
import type { Lexicon } from './lexicon.js';
import { type Corrector, createCorrector } from './pinyin.js';
import type { PolicyTopic } from './topic.js';

/** What the bot should do with a question: answer it, ask which topic was meant, or admit it does not know. */
export type AskResult =
  | { kind: 'answer'; topic: PolicyTopic; related: PolicyTopic[]; score: number }
  | { kind: 'clarify'; candidates: PolicyTopic[] }
  | { kind: 'unknown' };

/** Policy Q&A over a fixed set of topics. */
export interface Knowledge {
  /** Finds the topic a free-text question is about; synchronous and fast. */
  ask(question: string): AskResult;
  /** The topic with this id, if any. */
  topic(id: string): PolicyTopic | undefined;
  /** All topics in load order. */
  topics(): PolicyTopic[];
  /** Whether free text (typed mid-form) reads as a policy question rather than an answer to the form. */
  looksLikeQuestion(text: string): boolean;
}

/** Fields of a topic that are indexed. */
export type Field = 'title' | 'aliases' | 'short' | 'details';

/** Knobs of retrieval and of the answer / clarify / unknown decision, tuned on the dev set. */
export type Tuning = {
  bm25: Bm25Options<Field>;
  /**
   * Share of the question's information (general-language IDF of its words) that the best topic
   * must explain before we answer; off-topic questions leave their key words (天气, 彩票) unexplained.
   */
  minCoverage: number;
  /**
   * Credit toward coverage for a word some other topic uses (扶贫 missing from the best topic's
   * text still shows the question is about our domain; 天气 appears nowhere and earns nothing).
   */
  domainCredit: number;
  /** A runner-up scoring at least this fraction of the winner makes the question ambiguous. */
  closeRatio: number;
  maxCandidates: number;
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
  minCoverage: 0.55,
  domainCredit: 0.3,
  closeRatio: 0.8,
  maxCandidates: 3,
  strongCoverage: 0.8,
};

const QUESTION_WORDS =
  /怎么|怎样|如何|为什么|多少|几[个天年月块岁次]|能不能|可不可以|可以吗|有没有|是不是|要不要|会不会|什么|哪|吗|呢|么[?？]?$|[?？]/;

type Ranked = { doc: number; score: number; coverage: number; strong: boolean };

/** Builds the knowledge base from parsed topics and a lexicon (no I/O). */
export function buildKnowledge(topics: PolicyTopic[], lexicon: Lexicon, tuning: Tuning = defaultTuning): Knowledge {
  const byId = new Map<string, PolicyTopic>();
  for (const topic of topics) {
    if (byId.has(topic.id)) throw new Error(`Duplicate policy topic id "${topic.id}": each id must be used once.`);
    byId.set(topic.id, topic);
  }
  // Short aliases are domain words (低宝, 村医) the segmenter should keep whole; longer ones are
  // phrases (低保怎么申请) that would swallow question words if made into single tokens.
  const aliasWords = topics.flatMap((t) => t.aliases).filter((a) => /^\p{Script=Han}{2,3}$/u.test(a));
  const analyzer: Analyzer = createAnalyzer(lexicon, aliasWords);
  const index = new Bm25Index<Field>(
    topics.map((t) => ({
      title: analyzer.documentTokens(t.title),
      aliases: t.aliases.flatMap((a) => analyzer.documentTokens(a)),
      short: analyzer.documentTokens(t.short),
      details: analyzer.documentTokens(t.details),
    })),
    tuning.bm25,
  );
  const correctionWords = [...lexicon.terms, ...topics.flatMap((t) => [t.title, ...t.aliases])].map(analyzer.normalize);
  const information = loadInformation();
  const correct: Corrector = createCorrector(correctionWords, (span) => index.has(span));

  const rank = (groups: QueryGroup[]): Ranked[] => {
    const score = new Map<number, number>();
    const explained = new Map<number, number>();
    // Docs matched by at least one full-weight word; a match on 的-like single characters or a bare
    // number ("3") alone is not evidence of a topic.
    const strong = new Set<number>();
    let total = 0;
    let inDomain = 0;
    for (const group of groups) {
      const importance = group.weight * information(group.word);
      total += importance;
      const best = new Map<number, { score: number; credit: number }>();
      for (const alt of group.alternatives) {
        for (const hit of index.matches(alt.term, alt.weight)) {
          const prev = best.get(hit.doc);
          best.set(hit.doc, {
            score: Math.max(prev?.score ?? 0, hit.score),
            credit: Math.max(prev?.credit ?? 0, alt.weight),
          });
        }
      }
      if (best.size > 0) inDomain += importance * tuning.domainCredit;
      for (const [doc, b] of best) {
        if (group.weight === 1) strong.add(doc);
        score.set(doc, (score.get(doc) ?? 0) + group.weight * b.score);
        const extra = importance * Math.max(0, b.credit - tuning.domainCredit);
        explained.set(doc, (explained.get(doc) ?? 0) + extra);
      }
    }
    const coverage = (doc: number): number => (total > 0 ? (inDomain + (explained.get(doc) ?? 0)) / total : 0);
    // Like Lucene's classic coord factor: a topic that explains more of the question ranks higher
    // than one that matches a single word very strongly (贫困户 in a title).
    return [...score]
      .map(([doc, s]) => ({ doc, score: s * coverage(doc), coverage: coverage(doc), strong: strong.has(doc) }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
  };

  const evaluate = (question: string): { result: AskResult; coverage: number } => {
    const ranked = rank(analyzer.queryGroups(question, correct));
    const top = ranked[0];
    if (!top?.strong || top.coverage < tuning.minCoverage) return { result: { kind: 'unknown' }, coverage: top?.coverage ?? 0 };
    const close = ranked.filter((r) => r.score >= tuning.closeRatio * top.score).slice(0, tuning.maxCandidates);
    const topicAt = (r: Ranked): PolicyTopic => topics[r.doc] as PolicyTopic;
    if (close.length > 1) return { result: { kind: 'clarify', candidates: close.map(topicAt) }, coverage: top.coverage };
    const topic = topicAt(top);
    const related = topic.related.flatMap((id) => byId.get(id) ?? []);
    return { result: { kind: 'answer', topic, related, score: top.score }, coverage: top.coverage };
  };

  return {
    ask: (question) => evaluate(question).result,
    topic: (id) => byId.get(id),
    topics: () => [...topics],
    looksLikeQuestion: (text) => {
      if (QUESTION_WORDS.test(analyzer.canonical(text).trim())) return true;
      const { result, coverage } = evaluate(text);
      return result.kind === 'answer' && coverage >= tuning.strongCoverage;
    },
  };
}
