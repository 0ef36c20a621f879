import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/** The dev set (tune on it freely). */
export const devSetFile = fileURLToPath(new URL('../dev-set.yaml', import.meta.url));
/** More dev questions by a second author, first scored before anyone tuned on them (tune on it freely now). */
export const devMoreSetFile = fileURLToPath(new URL('../dev-set-more.yaml', import.meta.url));
/** The check set: written before a tuning round, scored before and after it, never tuned on. */
export const devCheckSetFile = fileURLToPath(new URL('../dev-set-check.yaml', import.meta.url));
/** The second check set: written before tuning round 3, scored before and after it, never tuned on. */
export const devCheck2SetFile = fileURLToPath(new URL('../dev-set-check-2.yaml', import.meta.url));
/** The third check set: written before tuning round 4 (everyday words for official terms), never tuned on. */
export const devCheck3SetFile = fileURLToPath(new URL('../dev-set-check-3.yaml', import.meta.url));
/** The locked set (never tuned on; only aggregate figures are ever shown). */
export const lockedSetFile = fileURLToPath(new URL('../locked-set.yaml', import.meta.url));

/** Who sends the message: a guest, a verified household member (demo YS-0001) or a bound cadre (demo DEMO-C1). */
export const AUDIENCES = ['guest', 'household', 'cadre'] as const;
/** What a free-text message needs, besides a plain policy answer. */
export const INTENTS = ['hardship', 'grievance', 'own-status', 'cadre-visit', 'small-talk', 'step-help', 'policy'] as const;
/** The forms an intent case can be sent in the middle of, and the steps it can be sent at. */
export const FORM_STEPS = {
  'household-verify': ['name', 'tail'],
  complaint: ['description', 'concerns', 'phone'],
  hardship: ['eventDate', 'cost', 'phone'],
  visit: ['date'],
} as const;

/** A form an intent case can be sent in. */
export type FormId = keyof typeof FORM_STEPS;

const question = z.string().trim().min(1);
const topicId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'topic ids are kebab-case');

const policyCase = z.strictObject({
  q: question,
  topic: topicId,
  also: z.array(topicId).optional(),
  /** Strings the first reply bubble must all contain; "a|b" accepts either. */
  fact: z.array(z.string().trim().min(1)).min(1),
  /** no-fact: the sources hold no figure, so `fact` lists whom-to-ask words. */
  note: z.literal('no-fact').optional(),
  /** A second question in the message, to be offered as a choice. */
  offer: topicId.optional(),
});

const plainCase = z.strictObject({ q: question });

const formIds = Object.keys(FORM_STEPS) as [FormId, ...FormId[]];

const intentCase = z
  .strictObject({
    q: question,
    as: z.enum(AUDIENCES),
    intent: z.enum(INTENTS),
    form: z.enum(formIds).optional(),
    step: z.string().optional(),
    /** When the message also asks a policy question: the topic that should answer it, and the facts of the first bubble. */
    topic: topicId.optional(),
    also: z.array(topicId).optional(),
    fact: z.array(z.string().trim().min(1)).min(1).optional(),
  })
  .superRefine((c, ctx) => {
    const problem = intentProblem(c);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

function intentProblem(c: {
  as: string;
  intent: string;
  form?: FormId;
  step?: string;
  topic?: string;
  also?: string[];
  fact?: string[];
}): string | undefined {
  if (!c.topic && (c.also || c.fact)) return 'also and fact need a topic';
  if ((c.form === undefined) !== (c.step === undefined)) return 'form and step go together';
  if (c.form && !(FORM_STEPS[c.form] as readonly string[]).includes(c.step ?? '')) {
    return `step must be one of ${FORM_STEPS[c.form].join(', ')} for form ${c.form}`;
  }
  if (c.form === 'visit' && c.as !== 'cadre') return 'only a cadre can be in the visit form';
  if (c.form === 'household-verify' && c.as !== 'guest') return 'only a guest verifies (a bound household sees its status)';
  if (c.intent === 'step-help' && !c.form) return 'step-help needs a form and step';
  if (c.intent === 'cadre-visit' && c.as !== 'cadre') return 'cadre-visit cases are sent as a cadre';
  if (c.intent === 'own-status' && c.as === 'cadre') return 'own-status cases are sent as a guest or a household';
  return undefined;
}

/** The format of test/knowledge/dev-set.yaml and locked-set.yaml. */
export const evalSetSchema = z.strictObject({
  policy_short: z.array(policyCase),
  policy_long: z.array(policyCase),
  offtopic: z.array(plainCase),
  smalltalk: z.array(plainCase),
  intents: z.array(intentCase),
});

/** A parsed evaluation set. */
export type EvalSet = z.infer<typeof evalSetSchema>;
/** A short or long policy question. */
export type PolicyCase = z.infer<typeof policyCase>;
/** An intent-routing case. */
export type IntentCase = z.infer<typeof intentCase>;
/** The sections of a set, in report order. */
export const SECTIONS = ['policy_short', 'policy_long', 'offtopic', 'smalltalk', 'intents'] as const;
/** One section name. */
export type Section = (typeof SECTIONS)[number];

/** Reads and validates a set file; the error names the file and the paths (never the question text). */
export function readEvalSet(file: string): EvalSet {
  const parsed = evalSetSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('\n  ');
    throw new Error(`${file} does not match the evaluation-set format:\n  ${problems}`);
  }
  return parsed.data;
}

/** The locked set, or undefined while its file does not exist. */
export function readLockedSet(): EvalSet | undefined {
  return existsSync(lockedSetFile) ? readEvalSet(lockedSetFile) : undefined;
}

/** Every question of a set, in section order. */
export function questionsOf(set: EvalSet): string[] {
  return SECTIONS.flatMap((s) => set[s].map((c) => c.q));
}

/** Every topic id a set refers to (topic, also, offer). */
export function topicIdsOf(set: EvalSet): Set<string> {
  const policy = [...set.policy_short, ...set.policy_long].flatMap((c) => [c.topic, ...(c.also ?? []), ...(c.offer ? [c.offer] : [])]);
  const intents = set.intents.flatMap((c) => (c.topic ? [c.topic, ...(c.also ?? [])] : []));
  return new Set([...policy, ...intents]);
}

/** A question reduced for equality checks: NFKC, lower case, no whitespace, punctuation or symbols. */
export function equalityKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}
