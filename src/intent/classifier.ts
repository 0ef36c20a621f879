import { alternation } from '../knowledge/alternation.js';
import type { Cue, IntentId, IntentSpec, IntentWords, SmalltalkGroup, SmalltalkSpec } from './spec.js';

/** An intent whose evidence reached its threshold. */
export type Detected = { id: IntentId; score: number };

/** What a message says besides any policy question. */
export type IntentReading = {
  /** Intents whose evidence reached their threshold, highest priority first. */
  intents: Detected[];
  /** The small-talk group, when the message is nothing but small talk. */
  smalltalk?: SmalltalkGroup;
  /** Whether the message asks something (怎么, 多少, 吗, ?…). */
  asks: boolean;
  /** Characters of content (punctuation and spaces not counted). */
  length: number;
  /** The text the cues were matched against (folded, punctuation turned into single spaces). */
  folded: string;
};

/** Reads intents from free text; synchronous and fast. */
export type IntentClassifier = {
  read(text: string): IntentReading;
  /** The intent specs it was built from (for tests and evaluation). */
  specs(): readonly IntentSpec[];
};

const SEPARATORS = /[\p{P}\p{S}\p{Z}\s]+/gu;
// After small-talk words are cut out, what may remain of a message that is nothing but small talk.
const NOTHING_LEFT = /^[\p{P}\p{S}\p{M}\p{Z}\p{Cf}\s]*$/u;
const weigh = (cues: readonly Cue[], text: string): number =>
  cues.reduce((sum, cue) => sum + (cue.pattern.test(text) && !cue.unless?.test(text) ? cue.weight : 0), 0);

/**
 * Builds a classifier from intent specs, small-talk data and shared words. `canonical` folds text the way the
 * policy Q&A does (full-width, Traditional, dialect words), so one dialect table serves both; the rewrites of
 * words.yaml then fold what only intents need (我屋 → 我家, 哒 → 了).
 */
export function createClassifier(
  specs: readonly IntentSpec[],
  smalltalk: SmalltalkSpec,
  words: IntentWords,
  canonical: (text: string) => string,
): IntentClassifier {
  const ordered = [...specs].sort((a, b) => b.priority - a.priority);
  const rewrites = alternation(Object.keys(words.replace));
  const fold = (raw: string): string => {
    const text = canonical(raw);
    return rewrites ? text.replace(rewrites, (word) => words.replace[word] ?? word) : text;
  };
  const fillers = alternation(smalltalk.fillers.map(fold));
  const asks = new RegExp(words.groups.ask, 'u');

  // Groups cut their phrases out in file order, so the first group found is the one that answers.
  const smalltalkOf = (text: string): SmalltalkGroup | undefined => {
    const found: SmalltalkGroup[] = [];
    let rest = text;
    for (const group of smalltalk.groups) {
      const before = rest;
      for (const pattern of group.patterns) rest = rest.replace(pattern, ' ');
      if (rest !== before) found.push(group);
    }
    if (fillers) rest = rest.replace(fillers, ' ');
    return NOTHING_LEFT.test(rest) ? found[0] : undefined;
  };

  return {
    read: (raw) => {
      const text = fold(raw);
      const flat = text.replace(SEPARATORS, ' ').trim();
      const length = flat.replace(/ /g, '').length;
      const intents: Detected[] = [];
      for (const spec of ordered) {
        if (spec.maxLength !== undefined && length > spec.maxLength) continue;
        const gained = weigh(spec.cues, flat);
        if (gained === 0) continue;
        const score = gained - weigh(spec.against, flat);
        if (score >= spec.threshold) intents.push({ id: spec.id, score });
      }
      return { intents, smalltalk: smalltalkOf(text), asks: asks.test(text), length, folded: flat };
    },
    specs: () => specs,
  };
}
