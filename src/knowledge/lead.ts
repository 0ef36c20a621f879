import type { QueryGroup } from './analyzer.js';
import { type AnswerShape, type AnswerType, answerType, shapeFit } from './answer-type.js';
import type { Information } from './information.js';
import type { Passage } from './passages.js';

/** Knobs of choosing the passage(s) that answer a question within its topic. */
export type LeadTuning = {
  /** Factor on a passage's score when it holds the kind of fact asked (a figure for 多少), or its label asks the same kind of question. */
  answerTypeBoost: number;
  /** Factor instead when it holds a figure in the very unit asked (几天 → "18个工作日"). */
  unitBoost: number;
  /** Further passages are offered (the reply shows those that fit) when they score at least this fraction of the best one. */
  passageRatio: number;
  /**
   * Share of the question's information left once the topic's title and aliases are matched, below
   * which the question just names the topic ("低保是什么") and the short answer is the right lead.
   */
  generalResidual: number;
};

/** One topic's passages with their scores for the question. */
export type ScoredPassage = { passage: Passage; score: number; tokens: ReadonlySet<string> };

const GENERAL_TYPES: ReadonlySet<AnswerType> = new Set(['what', 'other']);
// Two passages sharing this much of their words say the same thing (a short-answer sentence and its detail bullet).
const DUPLICATE_OVERLAP = 0.6;

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}

/** Share of the question's information that the topic's title and aliases do not explain. */
export function residualShare(groups: readonly QueryGroup[], names: ReadonlySet<string>, information: Information): number {
  let total = 0;
  let residual = 0;
  for (const group of groups) {
    const importance = group.weight * information(group.word);
    total += importance;
    if (!group.alternatives.some((alt) => names.has(alt.term))) residual += importance;
  }
  return total > 0 ? residual / total : 0;
}

/**
 * Factor on a passage's score for the shape of the answer asked: a figure in the unit asked, else the kind of
 * fact asked in its text or in its label ("多久办完" answers a 几天 question).
 */
export function shapeBoost(shape: AnswerShape, passage: Passage, tuning: LeadTuning): number {
  const fit = shapeFit(shape, passage.text);
  if (fit === 2) return tuning.unitBoost;
  const labelled = passage.heading !== undefined && !GENERAL_TYPES.has(shape.type) && answerType(passage.heading) === shape.type;
  return fit === 1 || labelled ? tuning.answerTypeBoost : 1;
}

/**
 * The passage(s) that answer the question, best first: the short answer's sentences when the
 * question just names the topic or no passage matches, else the best passage (boosted when it holds
 * the kind of fact asked) and those nearly as good that say something else.
 */
export function chooseLead(shape: AnswerShape, residual: number, scored: readonly ScoredPassage[], tuning: LeadTuning): Passage[] {
  const shortAnswer = scored.filter((s) => s.passage.from === 'short').map((s) => s.passage);
  if (GENERAL_TYPES.has(shape.type) && residual < tuning.generalResidual) return shortAnswer;
  const ranked = scored
    .filter((s) => s.score > 0)
    .map((s) => ({ ...s, score: s.score * shapeBoost(shape, s.passage, tuning) }))
    .sort((a, b) => b.score - a.score);
  // A figure in the very unit asked (几档 → "14档") is what the question wants: such a passage leads even when
  // another one shares more of the question's words.
  const inUnit = shape.unit ? ranked.filter((s) => shapeFit(shape, s.passage.text) === 2) : [];
  const [best] = inUnit.length ? inUnit : ranked;
  if (!best) return shortAnswer;
  if (inUnit.length) ranked.splice(0, ranked.length, ...inUnit, ...ranked.filter((s) => !inUnit.includes(s)));
  const chosen: ScoredPassage[] = [];
  for (const s of ranked) {
    if (s.score < tuning.passageRatio * best.score) break;
    if (chosen.every((c) => overlap(s.tokens, c.tokens) < DUPLICATE_OVERLAP)) chosen.push(s);
  }
  // The short answer summarises the topic's main facts: it fills whatever room the reply has left.
  const summary = scored.filter(
    (s) => s.passage.from === 'short' && chosen.every((c) => c !== s && overlap(s.tokens, c.tokens) < DUPLICATE_OVERLAP),
  );
  return [...chosen, ...summary].map((s) => s.passage);
}
