import { alternation } from '../knowledge/normalize.js';
import type { IntentId, IntentSpec, SmalltalkGroup, SmalltalkSpec } from './spec.js';

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
const ASKS =
  /怎么|怎样|如何|为什么|多少|(?<![好十百千万])几[个天年月块岁次号万千百]|能不能|可不可以|可以吗|能吗|有没有|是不是|要不要|会不会|什么|哪|吗|呢|么$|\?/u;

/**
 * Builds a classifier from intent specs and small-talk data. `canonical` folds text the way the
 * policy Q&A does (full-width, Traditional, dialect words), so one dialect table serves both.
 */
export function createClassifier(
  specs: readonly IntentSpec[],
  smalltalk: SmalltalkSpec,
  canonical: (text: string) => string,
): IntentClassifier {
  const ordered = [...specs].sort((a, b) => b.priority - a.priority);
  const fillers = alternation(smalltalk.fillers.map(canonical));

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
      const text = canonical(raw);
      const flat = text.replace(SEPARATORS, ' ').trim();
      const intents: Detected[] = [];
      for (const spec of ordered) {
        const gained = spec.cues.reduce((sum, cue) => sum + (cue.pattern.test(flat) ? cue.weight : 0), 0);
        if (gained === 0) continue;
        const score = gained - spec.against.reduce((sum, cue) => sum + (cue.pattern.test(flat) ? cue.weight : 0), 0);
        if (score >= spec.threshold) intents.push({ id: spec.id, score });
      }
      return { intents, smalltalk: smalltalkOf(text), asks: ASKS.test(text), length: flat.replace(/ /g, '').length };
    },
    specs: () => specs,
  };
}
