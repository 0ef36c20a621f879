import type { FormDef, TurnContext } from './form/types.js';
import type { Action, Outcome } from './outcome.js';
import type { Identity } from './types.js';

/** Which kind of user sees a menu item. */
export type Audience = Identity['kind'];

/** A main-menu entry; its choice id is `<flow id>.start`. */
export type MenuEntry = { label: string; order: number; audiences: readonly Audience[] };

/** One conversation feature: its menu entry, the phrases that start it, its forms and actions. */
export type Flow = {
  id: string;
  menu?: MenuEntry;
  /** Free text at the main menu that starts this flow (e.g. /反映问题|投诉/). */
  triggers?: RegExp;
  start: Action;
  /** More actions, reachable by choice id `<flow id>.<name>:<arg>`. */
  actions?: Record<string, Action>;
  forms?: FormDef[];
  /** Free text that nothing else understood; the first flow that returns an outcome wins. */
  fallback?: (text: string, ctx: TurnContext) => Outcome | undefined | Promise<Outcome | undefined>;
};
