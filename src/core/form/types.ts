import type { z } from 'zod';
import type { Choice, Reply } from '../../model/reply.js';
import type { Session } from '../../model/session.js';
import type { Capabilities, Identity, Incoming, IncomingKind } from '../types.js';

/** What a flow knows about the current turn; `capabilities` are the channel's, when the bot was told them. */
export type TurnContext = { incoming: Incoming; identity: Identity; session: Session; now: Date; capabilities?: Capabilities };

/** Result of reading one answer. */
export type ParseResult<T = unknown> =
  | { ok: true; value: T; shown?: string }
  /** `free`: not a mistake (e.g. the user asked for the next page of choices), so it does not count as a failed try. */
  | { ok: false; reason: string; free?: boolean };

/** The user's input for one field: cleaned text, the choice it matched (if any), the raw message. */
export type FieldInput = { text: string; choice?: Choice; incoming: Incoming };

/** Answers collected so far, by field key. */
export type Answers = Record<string, unknown>;

type Dynamic<T> = T | ((answers: Answers, ctx: TurnContext) => T | Promise<T>);

/** One question of a form. */
export type Field = {
  key: string;
  /** Short name used in the confirmation summary. */
  label: string;
  prompt: Dynamic<string>;
  choices?: Dynamic<Choice[]>;
  /** Custom reading of the input; wins over `schema`. */
  parse?: (input: FieldInput, answers: Answers, ctx: TurnContext) => ParseResult | Promise<ParseResult>;
  /** zod schema over the text (its messages are shown to the user, so write them in Chinese). */
  schema?: z.ZodType;
  /** Shown with the explanation after repeated failed tries. */
  example: string;
  /** What to say when someone asks how to do this step (身份证不在身上, 记不清日期); the engine adds the human contact. */
  help?: string;
  /** The answer may itself be a question (a 留言 that asks something): read it as the answer, not as a question to answer. */
  takesQuestions?: boolean;
  /** Optional fields accept 跳过 / 没有 and get a 跳过 choice. */
  optional?: boolean;
  /** Skip this field unless the condition holds. */
  when?: (answers: Answers) => boolean;
  /** Non-text kinds this field accepts (photo, location…). */
  accepts?: IncomingKind[];
};

/** A declarative conversational form; `submit` must store durably before it resolves. */
export type FormDef = {
  id: string;
  title: string;
  fields: Field[];
  /** Answers known before the first question (e.g. from the user's binding). */
  prefill?: (ctx: TurnContext) => Answers | Promise<Answers>;
  /** Ask for confirmation before submit (default true); a lookup such as identity verification skips it. */
  confirm?: boolean;
  /** Lines for the confirmation summary; defaults to one line per answered field. */
  summary?: (answers: Answers, shown: Record<string, string>) => string[];
  /**
   * Stores the answers; `submissionId` is the same for every try of one filled form, so a submit that is retried
   * (the first one failed after storing, or its answer was lost) can return the first result instead of a second record.
   */
  submit: (answers: Answers, ctx: TurnContext, submissionId: string) => Promise<Reply[]>;
};

/** When the understanding step looks at text typed mid-form: before the step reads it, or after the step refused it. */
export type AsidePhase = 'before' | 'after';

/** Text typed mid-form that is not an answer: a question about the current step, or a remark answered with `replies`. */
export type Aside = { kind: 'step-help' } | { kind: 'say'; replies: Reply[] };
