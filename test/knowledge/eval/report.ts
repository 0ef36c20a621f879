import { CHECKS, INTENT_TOPIC_RULE, POLICY_RULE } from './judge.js';
import { type CaseResult, confusion, type SectionTally, type SetScore } from './score.js';
import type { Section } from './set-schema.js';

const TITLES: Record<Section, string> = {
  policy_short: 'Short policy questions: right topic and the fact in the first bubble',
  policy_long: 'Long message-board questions: right topic, fact, second question offered',
  offtopic: 'Off-topic questions refused with a human contact',
  smalltalk: 'Small talk: short reply and the menu',
  intents: 'Intents routed',
};

const pct = (part: number, whole: number): string => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function notes(section: Section, t: SectionTally): string {
  if (section !== 'policy_short' && section !== 'policy_long') return '';
  const parts = [
    `right topic ${t.topicOk} (${pct(t.topicOk, t.n)})`,
    `facts in first bubble ${t.factOk} (${pct(t.factOk, t.n)})`,
    `clarify ${t.clarify}`,
    `unknown ${t.unknown}`,
  ];
  if (t.offers > 0) parts.push(`second question offered ${t.offerOk}/${t.offers}`);
  return parts.join('; ');
}

function summary(score: SetScore): string[] {
  const rows = (Object.keys(TITLES) as Section[]).map((s) => {
    const t = score.tally[s];
    return `| ${TITLES[s]} (\`${s}\`) | ${t.n} | ${t.pass} | ${pct(t.pass, t.n)} | ${notes(s, t)} |`;
  });
  return ['| section | cases | pass | % | notes |', '| --- | ---: | ---: | ---: | --- |', ...rows];
}

function byIntent(results: CaseResult[]): string[] {
  const rows = new Map<string, { n: number; pass: number }>();
  for (const r of results.filter((x) => x.section === 'intents')) {
    const row = rows.get(r.expected) ?? { n: 0, pass: 0 };
    row.n++;
    if (r.pass) row.pass++;
    rows.set(r.expected, row);
  }
  const lines = [...rows].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `| ${k} | ${v.n} | ${v.pass} | ${pct(v.pass, v.n)} |`);
  return ['| intent (as) | cases | pass | % |', '| --- | ---: | ---: | ---: |', ...lines];
}

const list = (row: Map<string, number>): string =>
  [...row]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');

function topicConfusion(results: CaseResult[]): string[] {
  const rows = new Map<string, { n: number; right: number; clarify: number; unknown: number; other: Map<string, number> }>();
  for (const r of results.filter((x) => x.section === 'policy_short' || x.section === 'policy_long')) {
    const row = rows.get(r.expected) ?? { n: 0, right: 0, clarify: 0, unknown: 0, other: new Map<string, number>() };
    row.n++;
    if (r.topicOk) row.right++;
    else if (r.observed === 'clarify') row.clarify++;
    else if (r.observed === 'unknown') row.unknown++;
    else row.other.set(r.observed, (row.other.get(r.observed) ?? 0) + 1);
    rows.set(r.expected, row);
  }
  const lines = [...rows]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([topic, r]) => `| ${topic} | ${r.n} | ${r.right} | ${r.clarify} | ${r.unknown} | ${list(r.other)} |`);
  return [
    'Expected topic → what answered. "right topic" counts `topic` or an `also` id, even when the first bubble lacks the fact.',
    '',
    '| expected topic | cases | right topic | clarify | unknown | answered as (wrong topic, form, menu…) |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...lines,
  ];
}

function routeConfusion(results: CaseResult[], sections: Section[]): string[] {
  const rows = [...confusion(results, sections)].sort(([a], [b]) => a.localeCompare(b));
  return ['| expected | what the bot did |', '| --- | --- |', ...rows.map(([k, row]) => `| ${k} | ${list(row)} |`)];
}

function misses(results: CaseResult[]): string[] {
  const failed = results.filter((r) => !r.pass);
  if (failed.length === 0) return ['None.'];
  return failed.map((r) => `- \`${r.section}\` ${cell(r.q)} → ${cell(r.why ?? r.observed)}`);
}

/** The report of one set; misses (with question text) only when `showMisses` (never for the locked set). */
export function renderSet(score: SetScore, heading: string, showMisses: boolean): string {
  const parts = [
    `## ${heading}`,
    '',
    ...summary(score),
    '',
    '### Intents by label',
    '',
    ...byIntent(score.results),
    '',
    '### Topic confusion (policy questions)',
    '',
    ...topicConfusion(score.results),
    '',
    '### Off-topic, small talk and intents: what the bot did',
    '',
    'Labels: form:<id> a form started; offer:<flow> a choice to start it; status the household card; topic:<id> a policy answer;',
    'clarify 您想问的是哪一个; help (mid-form) another way named; refused 答不上来; stayed: still at the same form step.',
    '',
    ...routeConfusion(score.results, ['offtopic', 'smalltalk', 'intents']),
  ];
  if (showMisses) parts.push('', `### Misses (${score.results.filter((r) => !r.pass).length})`, '', ...misses(score.results));
  return parts.join('\n');
}

/** The dev-set misses with their questions, one per line (never call this for the locked set). */
export function renderMisses(score: SetScore): string {
  return misses(score.results).join('\n');
}

/** The table of how each kind of case is judged. */
export function renderChecks(): string {
  const rows = [
    `| policy_short, policy_long | ${cell(POLICY_RULE)} |`,
    ...Object.values(CHECKS).map((c) => `| ${cell(c.applies)} | ${cell(c.rule)} |`),
    `| intents with \`topic\` | ${cell(INTENT_TOPIC_RULE)} |`,
  ];
  return ['| cases | passes when |', '| --- | --- |', ...rows].join('\n');
}

/** One-line figures of a set, for test output. */
export function figures(score: SetScore): string {
  return (Object.keys(TITLES) as Section[])
    .map((s) => `${s} ${score.tally[s].pass}/${score.tally[s].n} = ${pct(score.tally[s].pass, score.tally[s].n)}`)
    .join('; ');
}
