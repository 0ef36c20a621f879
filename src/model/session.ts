import type { Choice } from './reply.js';

/** Progress through one declarative form. */
export type FormState = {
  formId: string;
  /** Index into the form's fields; equal to fields.length while confirming. */
  step: number;
  answers: Record<string, unknown>;
  /** How each answer is shown back in the summary (a choice's label, a formatted date…). */
  shown: Record<string, string>;
  /** Failed tries at the current step. */
  tries: number;
  /** Steps visited before the current one, for 返回. */
  history: number[];
  /** Text answered as an aside at this step (a policy question) before it was read: sent again, it is read as the answer. */
  aside?: string;
  /** Made when the form starts: a retried submit with the same id returns the first result instead of storing twice. */
  submissionId?: string;
};

/** A chat user's conversation state, stored as plain versioned data. */
export type Session = {
  id: string;
  form?: FormState;
  /** The choices shown last, so "2" or a label can be matched against them. */
  lastChoices?: Choice[];
  /** The choices of the latest notification delivered, answerable by typed label or number until `until` (ISO time). */
  notice?: { choices: Choice[]; until: string };
  /** Set when an idle form was closed (and its answers erased) while the user was away; they are told next time. */
  formExpired?: boolean;
  updatedAt: string;
  version: number;
};
