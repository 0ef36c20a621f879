import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** The intents recognised in free text besides a policy question. */
export const INTENT_IDS = ['hardship', 'grievance', 'own-status', 'cadre-work', 'step-help'] as const;

/** One intent label. */
export type IntentId = (typeof INTENT_IDS)[number];

/** A weighted pattern over canonical text. */
export type Cue = { pattern: RegExp; weight: number };

/** One intent as data (content/intents/<id>.yaml): weighted cues, negative evidence and example utterances. */
export type IntentSpec = {
  id: IntentId;
  /** When several intents fire, the highest priority leads. */
  priority: number;
  /** Cue weights minus `against` weights must reach this. */
  threshold: number;
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

const cueSchema = z.object({ pattern: z.string().min(1), weight: z.number().positive() });

const intentSchema = z.object({
  id: z.enum(INTENT_IDS),
  priority: z.number().int(),
  threshold: z.number().positive(),
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

function compile(cue: { pattern: string; weight: number }, file: string): Cue {
  return { pattern: regExp(cue.pattern, 'u', file), weight: cue.weight };
}

/** Parses one intent file; `file` is for error messages. */
export function parseIntent(text: string, file: string): IntentSpec {
  const data = parseWith(intentSchema, text, file);
  return {
    ...data,
    cues: data.cues.map((c) => compile(c, file)),
    against: data.against.map((c) => compile(c, file)),
  };
}

/** Parses content/intents/smalltalk.yaml; `file` is for error messages. */
export function parseSmalltalk(text: string, file: string): SmalltalkSpec {
  const data = parseWith(smalltalkSchema, text, file);
  return { ...data, groups: data.groups.map((g) => ({ ...g, patterns: g.patterns.map((p) => regExp(p, 'gu', file)) })) };
}
