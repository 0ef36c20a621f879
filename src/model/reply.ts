/** A button or numbered option offered with a reply. */
export type Choice = { id: string; label: string };

/** One message from the bot; adapters render choices as buttons or numbered lines. */
export type Reply = { text: string; choices?: Choice[] };

/** Builds a reply, dropping an empty choice list so JSON stays tidy. */
export function reply(text: string, choices?: Choice[]): Reply {
  return choices && choices.length > 0 ? { text, choices } : { text };
}
