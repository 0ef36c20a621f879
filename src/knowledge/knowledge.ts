import { type Analyzer, createAnalyzer, isWeakWord, type QueryGroup } from './analyzer.js';
import { type AnswerShape, answerShape } from './answer-type.js';
import { Bm25Index, type Bm25Options } from './bm25.js';
import { type FoundQuestion, findQuestions, withContext } from './extract-question.js';
import { loadInformation } from './information.js';
import { chooseLead, type LeadTuning, residualShare, type ScoredPassage, shapeBoost } from './lead.js';
import type { Lexicon } from './lexicon.js';
import { coverage, matchGroups } from './match.js';
import { type Passage, topicPassages } from './passages.js';
import { type Corrector, createCorrector } from './pinyin.js';
import { arabicNumbers, createRejoiner } from './query-text.js';
import type { PolicyTopic } from './topic.js';

/** What the bot should do with a question: answer it, ask which topic was meant, or admit it does not know. */
export type AskResult =
  | {
      kind: 'answer';
      topic: PolicyTopic;
      related: PolicyTopic[];
      score: number;
      /**
       * The passage(s) that answer, best first, then the short answer's other sentences; only the
       * short answer's sentences when the question just names the topic ("低保是什么").
       */
      passages: Passage[];
      /** Topics of further questions in the same message ("另外…"), to offer as choices. */
      others: PolicyTopic[];
    }
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
};

const QUESTION_WORDS =
  /怎么|怎样|如何|为什么|多少|几[个天年月块岁次]|能不能|可不可以|可以吗|有没有|是不是|要不要|会不会|什么|哪|吗|呢|么[?？]?$|[?？]/;

// A question word, or a synonym of it, that the topic names in its title, aliases or short answer.
const HEAD_CREDIT = 0.7;
type Ranked = { doc: number; score: number; coverage: number; strong: boolean };

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

/** One question's decision with what the reply needs. */
type Evaluation = { result: AskResult; coverage: number };

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
  const isDomainText = (text: string): boolean => analyzer.segmenter.cutForSearch(analyzer.normalize(text)).some((w) => domainWords.has(w));
  const correctionWords = [...lexicon.terms, ...topics.flatMap((t) => [t.title, ...t.aliases])].map(analyzer.normalize);
  const information = loadInformation();
  // Words that by themselves say a question is about one of our policies: the lexicon's domain terms and the
  // topic titles' words, when rare in everyday language (低保, 过渡期; not 政策 or 孩子).
  const anchors = new Set(
    [...lexicon.terms.map(analyzer.normalize), ...titles.flatMap((t) => [...t])].filter(
      (w) => !isWeakWord(w) && information(w) >= tuning.anchorInformation,
    ),
  );
  const homophones: Corrector = createCorrector(correctionWords, (span) => index.has(span));
  const rejoin = createRejoiner((word) => index.has(word));
  const correct: Corrector = (text) => homophones(rejoin(arabicNumbers(text)));
  const topicAt = (doc: number): PolicyTopic => topics[doc] as PolicyTopic;

  // Topics ranked by their own BM25 plus their best passage's, times coverage: like Lucene's classic
  // coord factor, a topic that explains more of the question ranks higher than one that matches a
  // single word very strongly (贫困户 in a title).
  const rank = (groups: QueryGroup[], shape: AnswerShape): Ranked[] => {
    const topicMatches = matchGroups(index, groups, information, tuning.domainCredit);
    const passageMatches = matchGroups(passageIndex, groups, information, tuning.domainCredit);
    const bestPassage = new Map<number, number>();
    for (const [p, match] of passageMatches.docs) {
      const entry = passages[p];
      if (!entry) continue;
      const score = match.score * shapeBoost(shape, entry.passage, tuning);
      bestPassage.set(entry.doc, Math.max(bestPassage.get(entry.doc) ?? 0, score));
    }
    return [...topicMatches.docs]
      .map(([doc, match]) => {
        const share = coverage(topicMatches, doc);
        const score = share * (match.score + tuning.passageWeight * (bestPassage.get(doc) ?? 0));
        return { doc, score, coverage: share, strong: match.strong };
      })
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
  };

  // `asked` holds the words of the question itself; words only in the story before it weigh less
  // when choosing the passage (养鸡 in "想贷点款养鸡，小额信贷怎么申请" should not pick a poultry example).
  const answer = (doc: number, score: number, shape: AnswerShape, groups: QueryGroup[], asked: ReadonlySet<string>): AskResult => {
    const topic = topicAt(doc);
    const topicNames = names[doc] as Set<string>;
    const leadGroups = groups.map((g) => {
      const named = g.alternatives.some((alt) => topicNames.has(alt.term)) ? tuning.nameWeightInLead : 1;
      return { ...g, weight: g.weight * named * (asked.has(g.word) ? 1 : tuning.contextWeightInLead) };
    });
    // Only this topic's passages are scored: each word counts with its best alternative, as in ranking.
    const scoreOf = (p: number): number =>
      leadGroups.reduce(
        (sum, g) => sum + g.weight * Math.max(0, ...g.alternatives.map((alt) => passageIndex.scoreIn(p, alt.term, alt.weight))),
        0,
      );
    const scored: ScoredPassage[] = (passagesOf[doc] ?? []).map((p) => ({
      passage: (passages[p] as (typeof passages)[number]).passage,
      score: scoreOf(p),
      tokens: passageTokens[p] as Set<string>,
    }));
    // Aliases are how people ask about one side of a topic (识别标准); only the title names it whole.
    const residual = residualShare(groups, titles[doc] as Set<string>, information);
    const lead = chooseLead(shape, residual, scored, tuning);
    const related = topic.related.flatMap((id) => byId.get(id) ?? []);
    return { kind: 'answer', topic, related, score, passages: lead, others: [] };
  };

  // What is learnt about a clause is kept for the rest of the message: its readings share clauses.
  type Scope = { groupsOf: (clause: string) => QueryGroup[]; isDomain: (text: string) => boolean };
  const memo = <T>(compute: (text: string) => T): ((text: string) => T) => {
    const cache = new Map<string, T>();
    return (text) => {
      if (!cache.has(text)) cache.set(text, compute(text));
      return cache.get(text) as T;
    };
  };
  const newScope = (): Scope => ({ groupsOf: memo((clause) => analyzer.queryGroups(clause, correct)), isDomain: memo(isDomainText) });

  const evaluate = (question: string, context: readonly string[], { groupsOf }: Scope): Evaluation => {
    const asked = groupsOf(question);
    const askedWords = new Set(asked.map((g) => g.word));
    const told = new Map<string, QueryGroup>();
    for (const g of context.flatMap(groupsOf)) if (!askedWords.has(g.word) && !told.has(g.word)) told.set(g.word, g);
    const groups = [...told.values(), ...asked];
    const shape = answerShape(analyzer.canonical(question));
    const ranked = rank(groups, shape);
    const top = ranked[0];
    // A topic that uses the question's words only deep in its details (结婚 in "not for weddings")
    // is not what the question is about.
    const headed = (doc: number): boolean => groups.some((g) => g.weight === 1 && namesWord(g, heads[doc] as Set<string>));
    const anchored = (doc: number): boolean => groups.some((g) => g.weight === 1 && anchors.has(g.word) && heads[doc]?.has(g.word));
    const needed = top && anchored(top.doc) ? tuning.anchoredCoverage : tuning.minCoverage;
    const strong = top && (top.strong || top.coverage >= tuning.strongCoverage);
    if (!top || !strong || top.coverage < needed || !headed(top.doc)) {
      return { result: { kind: 'unknown' }, coverage: top?.coverage ?? 0 };
    }
    const close = ranked.filter((r) => r.score >= tuning.closeRatio * top.score).slice(0, tuning.maxCandidates);
    if (close.length > 1) return { result: { kind: 'clarify', candidates: close.map((r) => topicAt(r.doc)) }, coverage: top.coverage };
    return { result: answer(top.doc, top.score, shape, groups, askedWords), coverage: top.coverage };
  };

  // A question is read alone and with the story told before it; the reading that gets the surer
  // result wins: an answer over a clarification over "don't know", then the answer with more
  // evidence (the story often names what the question leaves out: "不是低保户也能领吗").
  const KIND_RANK = { answer: 2, clarify: 1, unknown: 0 } as const;
  const evidence = (e: Evaluation): number => (e.result.kind === 'answer' ? e.result.score : e.coverage);
  const better = (a: Evaluation, b: Evaluation): boolean =>
    KIND_RANK[a.result.kind] > KIND_RANK[b.result.kind] || (a.result.kind === b.result.kind && evidence(a) > evidence(b));
  const evaluateFound = (found: FoundQuestion, scope: Scope): Evaluation => {
    const nearest = scope.isDomain(found.question) ? found.context.slice(-1) : found.context;
    const contexts = [[], nearest, found.context].filter((c, i, all) => all.findIndex((o) => o.length === c.length) === i);
    return contexts.map((c) => evaluate(found.question, c, scope)).reduce((best, next) => (better(next, best) ? next : best));
  };

  // A long message is reduced to its questions first. The first one we can answer is answered (else
  // the first about our domain gets its clarification or refusal); the others become choices.
  const ask = (message: string): Evaluation => {
    const scope = newScope();
    const found = findQuestions(message, scope.isDomain);
    const evaluations = found.map((f) => evaluateFound(f, scope));
    const answered = evaluations.findIndex((e) => e.result.kind === 'answer');
    const domain = found.findIndex((f) => scope.isDomain(withContext(f, scope.isDomain)));
    const mainIndex = answered >= 0 ? answered : Math.max(0, domain);
    const evaluation = evaluations[mainIndex];
    if (!evaluation) return { result: { kind: 'unknown' }, coverage: 0 };
    const { result } = evaluation;
    if (result.kind !== 'answer') return evaluation;
    const others = new Map<string, PolicyTopic>();
    for (const e of evaluations) {
      if (e.result.kind === 'answer' && e.result.topic.id !== result.topic.id) others.set(e.result.topic.id, e.result.topic);
    }
    return { ...evaluation, result: { ...result, others: [...others.values()] } };
  };

  return {
    ask: (question) => ask(question).result,
    topic: (id) => byId.get(id),
    topics: () => [...topics],
    looksLikeQuestion: (text) => {
      if (QUESTION_WORDS.test(analyzer.canonical(text).trim())) return true;
      const { result, coverage } = ask(text);
      return result.kind === 'answer' && coverage >= tuning.strongCoverage;
    },
  };
}
