import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** The intents recognised in free text besides a policy question. */
export const INTENT_IDS = ['hardship', 'grievance', 'own-status', 'cadre-work', 'step-help'] as const;

/** One intent label. */
export type IntentId = (typeof INTENT_IDS)[number];

/** A weighted pattern over canonical text; it counts only when `unless` (if any) does not match the same text. */
export type Cue = { pattern: RegExp; weight: number; unless?: RegExp };

/**
 * Words shared by every intent file (content/intents/words.yaml): rewrites applied after the shared canonical
 * form (dialect the policy Q&A does not need), and named groups of pattern fragments used as {name} in patterns
 * (stored expanded; `ask` says what makes a message a question).
 */
export type IntentWords = { replace: Record<string, string>; groups: Record<string, string> & { ask: string } };

/** One intent as data (content/intents/<id>.yaml): weighted cues, negative evidence and example utterances. */
export type IntentSpec = {
  id: IntentId;
  /** When several intents fire, the highest priority leads. */
  priority: number;
  /** Cue weights minus `against` weights must reach this. */
  threshold: number;
  /** Longer messages (characters of content) are never read as this intent: a long story asks the policy Q&A. */
  maxLength?: number;
  cues: Cue[];
  against: Cue[];
  examples: string[];
  /** Utterances that must not be read as this intent. */
  not: string[];
};

/** One group of small-talk phrases sharing a reply (greetings, thanks, who-are-you…); `patterns` match globally. */
export type SmalltalkGroup = { id: string; patterns: RegExp[]; reply: string; anywhere: boolean };

/** Small talk as data (content/intents/smalltalk.yaml). */
export type SmalltalkSpec = { groups: SmalltalkGroup[]; fillers: string[] };

/** A content file that cannot be used, with the file and what to fix. */
export class IntentFormatError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}. Fix the file and reload the content (or restart).`);
    this.name = 'IntentFormatError';
  }
}

const cueSchema = z.object({ pattern: z.string().min(1), weight: z.number().positive(), unless: z.string().min(1).optional() });

const GROUP_NAME = /^[a-z][a-z-]*$/;
const GROUP_REF = /\{([a-z][a-z-]*)\}/g;

const wordsSchema = z.object({
  replace: z.record(z.string().min(1), z.coerce.string()).default({}),
  groups: z.record(z.string().regex(GROUP_NAME, 'group names are lower-case words joined by -'), z.array(z.coerce.string().min(1)).min(1)),
});

const intentSchema = z.object({
  id: z.enum(INTENT_IDS),
  priority: z.number().int(),
  threshold: z.number().positive(),
  max_length: z.number().int().positive().optional(),
  cues: z.array(cueSchema).min(1),
  against: z.array(cueSchema).default([]),
  examples: z.array(z.string().min(1)).min(1),
  not: z.array(z.string().min(1)).default([]),
});

const smalltalkSchema = z.object({
  groups: z
    .array(
      z.object({
        id: z.string().min(1),
        patterns: z.array(z.string().min(1)).min(1),
        reply: z.string().min(1),
        anywhere: z.boolean().default(false),
      }),
    )
    .min(1),
  fillers: z.array(z.coerce.string().min(1)).default([]),
});

function parseWith<T>(schema: z.ZodType<T>, text: string, file: string): T {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new IntentFormatError(file, `not valid YAML (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new IntentFormatError(file, parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

function regExp(pattern: string, flags: string, file: string): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new IntentFormatError(file, `bad pattern ${JSON.stringify(pattern)} (${(error as Error).message})`);
  }
}

/** Replaces every {name} with its group's alternation (groups may use other groups); an unknown name is an error. */
function expand(pattern: string, groups: Record<string, string>, file: string, seen: string[] = []): string {
  return pattern.replace(GROUP_REF, (_match, name: string) => {
    const group = groups[name];
    if (group === undefined) throw new IntentFormatError(file, `unknown word group {${name}} (define it in words.yaml)`);
    if (seen.includes(name)) throw new IntentFormatError(file, `word group {${name}} refers to itself`);
    return `(?:${expand(group, groups, file, [...seen, name])})`;
  });
}

function compile(cue: { pattern: string; weight: number; unless?: string }, words: IntentWords, file: string): Cue {
  const compiled: Cue = { pattern: regExp(expand(cue.pattern, words.groups, file), 'u', file), weight: cue.weight };
  if (cue.unless) compiled.unless = regExp(expand(cue.unless, words.groups, file), 'u', file);
  return compiled;
}

/** No rewrites and only a minimal `ask` group: patterns are plain regular expressions. */
export const NO_WORDS: IntentWords = { replace: {}, groups: { ask: '[?？吗]' } };

/** Parses content/intents/words.yaml; `file` is for error messages. Every group must expand. */
export function parseWords(text: string, file: string): IntentWords {
  const data = parseWith(wordsSchema, text, file);
  const raw = Object.fromEntries(Object.entries(data.groups).map(([name, parts]) => [name, parts.join('|')]));
  if (raw.ask === undefined) throw new IntentFormatError(file, 'groups.ask (what makes a message a question) is missing');
  const groups = Object.fromEntries(Object.keys(raw).map((name) => [name, expand(`{${name}}`, raw, file)]));
  for (const group of Object.values(groups)) regExp(group, 'u', file);
  return { replace: data.replace, groups: { ...groups, ask: groups.ask ?? raw.ask } };
}

/** Parses one intent file, expanding word groups; `file` is for error messages. */
export function parseIntent(text: string, file: string, words: IntentWords = NO_WORDS): IntentSpec {
  const { max_length: maxLength, ...data } = parseWith(intentSchema, text, file);
  return {
    ...data,
    ...(maxLength === undefined ? {} : { maxLength }),
    cues: data.cues.map((c) => compile(c, words, file)),
    against: data.against.map((c) => compile(c, words, file)),
  };
}

/** Parses content/intents/smalltalk.yaml, expanding word groups; `file` is for error messages. */
export function parseSmalltalk(text: string, file: string, words: IntentWords = NO_WORDS): SmalltalkSpec {
  const data = parseWith(smalltalkSchema, text, file);
  const pattern = (p: string) => regExp(expand(p, words.groups, file), 'gu', file);
  return { ...data, groups: data.groups.map((g) => ({ ...g, patterns: g.patterns.map(pattern) })) };
}
