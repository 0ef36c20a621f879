import type { QueryGroup } from './analyzer.js';
import { answerShape } from './answer-type.js';
import { type FoundQuestion, findQuestions, withContext } from './extract-question.js';
import type { Lexicon } from './lexicon.js';
import { createOutOfDomainTest } from './out-of-domain.js';
import type { Passage } from './passages.js';
import { createRetriever } from './retriever.js';
import type { PolicyTopic } from './topic.js';
import { defaultTuning, type Tuning } from './tuning.js';

export { defaultTuning, type Tuning } from './tuning.js';

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

// Dialect amounts (几多, 好多钱) and a clause-final 不 after a verb ("能领不", "报得不") ask too.
const QUESTION_WORDS =
  /怎么|怎样|如何|为什么|为啥|多少|几多|好多钱|几[个天年月块岁次元成档]|能不能|可不可以|可以吗|有没有|是不是|要不要|会不会|什么|啥|哪|吗|呢|么[?？]?$|[能可要得行有]不[?？]?$|[?？]/;

// A negated identity or status ("不是低保户", "没有评上贫困户"): a condition of the question, not its topic.
const NEGATED = /(?:不是|并非|非|没有?|不算)[^，,？?]{0,6}?(?:户|对象|人员|人口|家庭)/g;

/** One question's decision with what the reply needs; `own` when the question's own words (not only its story) are in the topic. */
type Evaluation = { result: AskResult; coverage: number; own?: boolean; named?: boolean };

/** Builds the knowledge base from parsed topics and a lexicon (no I/O). */
export function buildKnowledge(topics: PolicyTopic[], lexicon: Lexicon, tuning: Tuning = defaultTuning): Knowledge {
  const byId = new Map<string, PolicyTopic>();
  for (const topic of topics) {
    if (byId.has(topic.id)) throw new Error(`Duplicate policy topic id "${topic.id}": each id must be used once.`);
    byId.set(topic.id, topic);
  }
  const retriever = createRetriever(topics, lexicon, tuning);
  const { analyzer } = retriever;
  const topicAt = (doc: number): PolicyTopic => topics[doc] as PolicyTopic;
  const outOfDomain = createOutOfDomainTest(lexicon.outOfDomain);
  const topicText = topics.map((t) => analyzer.canonical([t.title, ...t.aliases, t.short, t.details].join('\n')));

  // What is learnt about a clause is kept for the rest of the message: its readings share clauses.
  type Scope = { groupsOf: (clause: string) => QueryGroup[]; isDomain: (text: string) => boolean };
  const memo = <T>(compute: (text: string) => T): ((text: string) => T) => {
    const cache = new Map<string, T>();
    return (text) => {
      if (!cache.has(text)) cache.set(text, compute(text));
      return cache.get(text) as T;
    };
  };
  const newScope = (): Scope => ({
    groupsOf: memo((clause) => analyzer.queryGroups(clause, retriever.correct)),
    isDomain: memo(retriever.isDomainText),
  });

  // `story` (every clause told before the question) only helps choose the passage within the topic found.
  const evaluate = (question: string, context: readonly string[], { groupsOf }: Scope, story: readonly string[] = []): Evaluation => {
    const asked = groupsOf(question);
    const askedWords = new Set(asked.map((g) => g.word));
    const told = new Map<string, QueryGroup>();
    for (const g of context.flatMap(groupsOf)) if (!askedWords.has(g.word) && !told.has(g.word)) told.set(g.word, g);
    const groups = [...told.values(), ...asked];
    const shape = answerShape(analyzer.canonical(question));
    const ranked = retriever.rank(groups, shape);
    const top = ranked[0];
    // Refuse only what is not about our domain: too little of the question explained (less is enough when a
    // telling domain word names the topic), or the topic uses its words only deep in its details (结婚 in
    // "not for weddings").
    const needed = top && retriever.anchored(top.doc, groups) ? tuning.anchoredCoverage : tuning.minCoverage;
    const strong = top && (top.strong || top.coverage >= tuning.strongCoverage);
    if (!top || !strong || top.coverage < needed || !retriever.headed(top.doc, groups)) {
      return { result: { kind: 'unknown' }, coverage: top?.coverage ?? 0 };
    }
    // An everyday subject (天气, 话费, 猪 + 生病) the topic does not speak of is not ours, unless a telling
    // domain word names the topic (下大雨房子漏了 危房改造怎么申请).
    const foreign = outOfDomain(analyzer.canonical(question), (word) => topicText[top.doc]?.includes(word) ?? false);
    if (foreign.length > 0 && !retriever.anchored(top.doc, asked)) return { result: { kind: 'unknown' }, coverage: top.coverage };
    const close = ranked.filter((r) => r.score >= tuning.closeRatio * top.score).slice(0, tuning.maxCandidates);
    if (close.length > 1) return { result: { kind: 'clarify', candidates: close.map((r) => topicAt(r.doc)) }, coverage: top.coverage };
    const topic = topicAt(top.doc);
    const known = new Set(groups.map((g) => g.word));
    const storyGroups = story.flatMap(groupsOf).filter((g) => !known.has(g.word) && known.add(g.word));
    const passages = retriever.lead(top.doc, [...storyGroups, ...groups], shape, askedWords);
    const related = topic.related.flatMap((id) => byId.get(id) ?? []);
    const own = retriever.mentions(top.doc, asked);
    // "不是低保户也能领吗" states a condition: a negated word does not name the topic.
    const named = retriever.anchored(top.doc, groupsOf(question.replace(NEGATED, '')));
    const result: AskResult = { kind: 'answer', topic, related, score: top.score, passages, others: [] };
    return { result, coverage: top.coverage, own, named };
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
    // The story fills in what the question leaves out: a question that names its topic with a telling word keeps
    // that answer (a story about 打工 must not turn "怎么知道我家的帮扶干部是谁" into a question about jobs).
    const readings = contexts.map((c) => evaluate(found.question, c, scope, found.story));
    const alone = readings[0];
    if (alone?.result.kind === 'answer' && alone.named) return alone;
    return readings.reduce((best, next) => (better(next, best) ? next : best));
  };

  // A further question about the answered topic ("能贷多少？要不要抵押？") is answered in the same reply by
  // its best detail; one about another topic becomes a choice.
  const furtherPassage = (doc: number, question: string, scope: Scope): Passage | undefined =>
    retriever.bestDetail(doc, scope.groupsOf(question), answerShape(analyzer.canonical(question)));

  // A long message is reduced to its questions first. The first one we can answer from its own words is
  // answered (else the first answered through its story, else the first about our domain gets its
  // clarification or refusal); the others become choices.
  const ask = (message: string): Evaluation => {
    const scope = newScope();
    const found = findQuestions(message, scope.isDomain);
    const evaluations = found.map((f) => evaluateFound(f, scope));
    const ownAnswer = evaluations.findIndex((e) => e.result.kind === 'answer' && e.own);
    const answered = ownAnswer >= 0 ? ownAnswer : evaluations.findIndex((e) => e.result.kind === 'answer');
    const domain = found.findIndex((f) => scope.isDomain(withContext(f, scope.isDomain)));
    const mainIndex = answered >= 0 ? answered : Math.max(0, domain);
    const evaluation = evaluations[mainIndex];
    if (!evaluation) return { result: { kind: 'unknown' }, coverage: 0 };
    const { result } = evaluation;
    if (result.kind !== 'answer') return evaluation;
    const doc = topics.indexOf(result.topic);
    const others = new Map<string, PolicyTopic>();
    // Each clause of the main question ("能贷多少，要不要抵押") and later questions that name no topic of
    // their own ("在哪里申请？") each add their best passage, in the order asked.
    const clauses = (found[mainIndex]?.question ?? '').split('，');
    const further = [result.passages[0], ...(clauses.length > 1 ? clauses.map((clause) => furtherPassage(doc, clause, scope)) : [])];
    for (const [i, e] of evaluations.entries()) {
      if (i === mainIndex) continue;
      const question = found[i]?.question ?? '';
      const otherTopic = e.result.kind === 'answer' && e.result.topic.id !== result.topic.id ? e.result.topic : undefined;
      if (otherTopic && retriever.anchored(topics.indexOf(otherTopic), scope.groupsOf(question))) others.set(otherTopic.id, otherTopic);
      else if (otherTopic || i > mainIndex) further.push(...question.split('，').map((clause) => furtherPassage(doc, clause, scope)));
    }
    const passages = [...new Set([...further.flatMap((p) => p ?? []), ...result.passages])];
    return { ...evaluation, result: { ...result, passages, others: [...others.values()] } };
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
