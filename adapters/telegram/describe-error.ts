import { GrammyError, HttpError } from 'grammy';

// node-fetch puts the request URL, and with it the bot token, into its error messages.
const TOKEN_IN_URL = /bot\d+:[A-Za-z0-9_-]+/g;

/** A one-line description of a Telegram error, with any bot token masked. */
export function describeError(error: unknown): string {
  let text: string;
  if (error instanceof GrammyError) text = `${error.method}: ${error.error_code} ${error.description}`;
  else if (error instanceof HttpError) text = `${error.message} ${error.error instanceof Error ? error.error.message : ''}`.trim();
  else text = error instanceof Error ? error.message : String(error);
  return text.replace(TOKEN_IN_URL, 'bot<token>');
}

/** Log fields for an error: grammY's errors as a masked description, our own with their stack. */
export function errorDetails(error: unknown): Record<string, unknown> {
  return error instanceof GrammyError || error instanceof HttpError ? { error: describeError(error) } : { err: error };
}
