import type { Reply } from '../model/reply.js';
import type { Answers, TurnContext } from './form/types.js';

/** What an action asks the bot to do next. */
export type Outcome = {
  replies: Reply[];
  /** Start this form after the replies. */
  startForm?: string;
  prefill?: Answers;
  /** Append the main menu. */
  showMenu?: boolean;
};

/** A handler behind a choice id or menu item; `arg` is the part after ':' in the choice id. */
export type Action = (ctx: TurnContext, arg: string) => Outcome | Promise<Outcome>;

/** Shorthand for an outcome that only replies. */
export function say(...replies: Reply[]): Outcome {
  return { replies };
}
