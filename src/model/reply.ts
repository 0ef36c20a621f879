/** A button or numbered option offered with a reply. */
export type Choice = { id: string; label: string };

/**
 * One message from the bot; adapters render choices as buttons or numbered lines. `accepts`: the message kinds besides
 * text the question takes (`image`, `location`: the core's IncomingKind), so a page can offer a photo button just then.
 */
export type Reply = { text: string; choices?: Choice[]; accepts?: string[] };

/** Builds a reply, dropping an empty choice list so JSON stays tidy. */
export function reply(text: string, choices?: Choice[]): Reply {
  return choices && choices.length > 0 ? { text, choices } : { text };
}
