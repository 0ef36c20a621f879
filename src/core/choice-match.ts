import type { Choice } from '../model/reply.js';
import { matchKey, parseOptionNumber } from './text.js';

/** Finds the choice a user meant: by id, by number (1, １, 一, 第一个), or by its label. */
export function matchChoice(choices: readonly Choice[], input: { text?: string; choiceId?: string }): Choice | undefined {
  if (input.choiceId !== undefined) return choices.find((c) => c.id === input.choiceId);
  const text = input.text ?? '';
  const key = matchKey(text);
  if (key === '') return undefined;
  const n = parseOptionNumber(text);
  if (n !== undefined) return choices[n - 1];
  const exact = choices.find((c) => matchKey(c.label) === key || c.id.toLowerCase() === key);
  if (exact) return exact;
  const partial = choices.filter((c) => key.length >= 2 && matchKey(c.label).includes(key));
  return partial.length === 1 ? partial[0] : undefined;
}
