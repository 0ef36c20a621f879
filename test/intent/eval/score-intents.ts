import { evaluate } from '../../knowledge/eval/run.js';
import type { CaseResult } from '../../knowledge/eval/score.js';
import type { EvalSet } from '../../knowledge/eval/set-schema.js';

/** What an intent route looks like in an observed label: an offer, a form, the status card, the menu, step help. */
const INTENT_ROUTE = /^(stayed:)?(offer:|status$|menu$|help$)|^form:/;

/** Pass counts for one group of cases. */
export type Tally = { n: number; pass: number };

/** The intent-routing figures of one set: intents (by label), small talk, near-misses, and the misses. */
export type IntentScore = {
  name: string;
  intents: Tally;
  byLabel: Map<string, Tally>;
  smalltalk: Tally;
  /** `intent: policy` cases: no intent route taken (the near-miss figure), and the strict policy check. */
  nearMiss: Tally;
  policyStrict: Tally;
  misses: string[];
};

const add = (t: Tally, pass: boolean) => {
  t.n++;
  if (pass) t.pass++;
};

/** Scores the small-talk and intent sections of a set end to end through the bot (policy sections are skipped). */
export async function scoreIntents(name: string, set: EvalSet): Promise<IntentScore> {
  const only: EvalSet = { ...set, policy_short: [], policy_long: [], offtopic: [] };
  const { results } = await evaluate(name, only);
  const score: IntentScore = {
    name,
    intents: { n: 0, pass: 0 },
    byLabel: new Map(),
    smalltalk: { n: 0, pass: 0 },
    nearMiss: { n: 0, pass: 0 },
    policyStrict: { n: 0, pass: 0 },
    misses: [],
  };
  set.intents.forEach((c, i) => {
    const r = results.filter((x) => x.section === 'intents')[i] as CaseResult;
    if (c.intent === 'policy') {
      const routed = INTENT_ROUTE.test(r.observed);
      add(score.nearMiss, !routed);
      add(score.policyStrict, r.pass);
      if (routed) score.misses.push(`near-miss ${c.q} → ${r.why}`);
      return;
    }
    add(score.intents, r.pass);
    const label = score.byLabel.get(r.expected) ?? { n: 0, pass: 0 };
    add(label, r.pass);
    score.byLabel.set(r.expected, label);
    if (!r.pass) score.misses.push(`${r.expected} ${c.q} → ${r.why}`);
  });
  for (const r of results.filter((x) => x.section === 'smalltalk')) {
    add(score.smalltalk, r.pass);
    if (!r.pass) score.misses.push(`smalltalk ${r.q} → ${r.why}`);
  }
  return score;
}

const pct = (t: Tally) => (t.n === 0 ? '–' : `${((100 * t.pass) / t.n).toFixed(1)}%`);
const fig = (t: Tally) => `${t.pass}/${t.n} = ${pct(t)}`;

/** One line of figures for a set. */
export function intentFigures(s: IntentScore): string {
  return `intents ${fig(s.intents)}; small talk ${fig(s.smalltalk)}; near-misses kept off intents ${fig(s.nearMiss)} (policy answered ${fig(s.policyStrict)})`;
}

/** Per-label lines for a set. */
export function labelLines(s: IntentScore): string[] {
  return [...s.byLabel].map(([label, t]) => `  ${label}: ${fig(t)}`);
}
