/** How a free-text message ended: answered from policy content, a clarifying question, referred to a person, or routed to a flow. */
export type QaOutcome = 'answered' | 'clarified' | 'referred' | 'intent-routed';

/** What the bot reports for operations metrics; the app wires it to a metrics library the core never imports. */
export type BotObserver = {
  /** One message handled on `channel`: how many replies it got and how long the turn took, session save included. */
  turn(channel: string, replies: number, seconds: number): void;
  /** How a free-text message ended. */
  outcome(outcome: QaOutcome): void;
};
