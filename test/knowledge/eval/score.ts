import type { EvalBot, Turn } from './driver.js';
import { CHECKS, judgeIntent, judgePolicy } from './judge.js';
import { hasFacts, observedLabel } from './observe.js';
import { type EvalSet, type IntentCase, type PolicyCase, SECTIONS, type Section } from './set-schema.js';

/** The verdict on one case; `q` and `why` are only ever shown for the dev set. */
export type CaseResult = {
  section: Section;
  q: string;
  pass: boolean;
  /** Topic id (policy), or what should happen (refuse, small talk, intent@as). */
  expected: string;
  /** The topic answered (policy: id, clarify, unknown, form:…), or the observed label. */
  observed: string;
  /** Policy only: right topic, facts present (in the first bubble, whichever topic answered), second question offered. */
  topicOk?: boolean;
  factOk?: boolean;
  offerOk?: boolean;
  hasOffer?: boolean;
  /** What was wrong, for the dev-set miss list. */
  why?: string;
};

/** Counts for one section. */
export type SectionTally = {
  n: number;
  pass: number;
  topicOk: number;
  factOk: number;
  clarify: number;
  unknown: number;
  offers: number;
  offerOk: number;
};

/** A scored set: per-case results and per-section tallies. */
export type SetScore = { name: string; results: CaseResult[]; tally: Record<Section, SectionTally> };

/** Runs every case of a set through the bot, one new user per case, in file order. */
export async function scoreSet(name: string, set: EvalSet, bot: EvalBot): Promise<SetScore> {
  const results: CaseResult[] = [];
  for (const section of ['policy_short', 'policy_long'] as const) {
    for (const c of set[section]) results.push(await policyResult(section, c, bot));
  }
  for (const section of ['offtopic', 'smalltalk'] as const) {
    for (const c of set[section]) {
      results.push(
        await guarded(section, c.q, section === 'offtopic' ? 'refuse' : 'small talk', async () => {
          const turn = await bot.send({ as: 'guest' }, c.q);
          return plainResult(section, c.q, turn, CHECKS[section]?.pass(turn) ?? false);
        }),
      );
    }
  }
  for (const c of set.intents) results.push(await intentResult(c, bot));
  return { name, results, tally: tallies(results) };
}

async function policyResult(section: Section, c: PolicyCase, bot: EvalBot): Promise<CaseResult> {
  return guarded(section, c.q, c.topic, async () => {
    const turn = await bot.send({ as: 'guest' }, c.q);
    const v = judgePolicy(turn, c);
    const want = [c.topic, ...(c.also ?? [])].join('/');
    const why = [
      v.topicOk ? '' : `answered ${v.answered}, want ${want}`,
      v.factOk ? '' : `first bubble lacks ${c.fact.filter((f) => !hasFacts(turn.replies[0]?.text ?? '', [f])).join(', ')}`,
      v.offerOk ? '' : `${c.offer} not offered`,
    ].filter(Boolean);
    return {
      section,
      q: c.q,
      pass: v.pass,
      expected: c.topic,
      observed: v.answered,
      topicOk: v.topicOk,
      factOk: v.factOk,
      offerOk: v.offerOk,
      hasOffer: c.offer !== undefined,
      why: why.join('; '),
    };
  });
}

function plainResult(section: Section, q: string, turn: Turn, pass: boolean): CaseResult {
  const observed = observedLabel(turn);
  return { section, q, pass, expected: section === 'offtopic' ? 'refuse' : 'small talk', observed, why: `got ${observed}` };
}

async function intentResult(c: IntentCase, bot: EvalBot): Promise<CaseResult> {
  const where = c.form ? `in ${c.form}.${c.step}: ` : '';
  const expected = `${c.intent} (${c.as})`;
  return guarded('intents', c.q, expected, async () => {
    const turn = await bot.send({ as: c.as, form: c.form, step: c.step }, c.q);
    const observed = observedLabel(turn);
    return { section: 'intents', q: c.q, pass: judgeIntent(turn, c), expected, observed, why: `${where}got ${observed}` };
  });
}

// A case whose form step cannot be reached is a miss, reported as such, never skipped.
async function guarded(section: Section, q: string, expected: string, run: () => Promise<CaseResult>): Promise<CaseResult> {
  try {
    return await run();
  } catch (error) {
    return { section, q, pass: false, expected, observed: 'setup-failed', why: (error as Error).message };
  }
}

function tallies(results: CaseResult[]): Record<Section, SectionTally> {
  const empty = (): SectionTally => ({ n: 0, pass: 0, topicOk: 0, factOk: 0, clarify: 0, unknown: 0, offers: 0, offerOk: 0 });
  const out = Object.fromEntries(SECTIONS.map((s) => [s, empty()])) as Record<Section, SectionTally>;
  for (const r of results) {
    const t = out[r.section];
    t.n++;
    if (r.pass) t.pass++;
    if (r.topicOk) t.topicOk++;
    if (r.factOk) t.factOk++;
    if (r.observed === 'clarify') t.clarify++;
    if (r.observed === 'unknown') t.unknown++;
    if (r.hasOffer) t.offers++;
    if (r.hasOffer && r.offerOk) t.offerOk++;
  }
  return out;
}

/** Pass rate of a section (0 when it is empty). */
export function rate(t: SectionTally): number {
  return t.n === 0 ? 0 : t.pass / t.n;
}

/** expected → observed → count, for the cases of the given sections. */
export function confusion(results: CaseResult[], sections: readonly Section[]): Map<string, Map<string, number>> {
  const table = new Map<string, Map<string, number>>();
  for (const r of results.filter((x) => sections.includes(x.section))) {
    const row = table.get(r.expected) ?? new Map<string, number>();
    row.set(r.observed, (row.get(r.observed) ?? 0) + 1);
    table.set(r.expected, row);
  }
  return table;
}
