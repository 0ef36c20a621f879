import { randomBytes } from 'node:crypto';

/** Telegram's limit on an inline button's callback_data, in UTF-8 bytes. */
export const CALLBACK_DATA_LIMIT = 64;
const TOKEN_MARK = '~';

/** Stands in short tokens for choice ids too long for callback_data; kept in memory, oldest forgotten first. */
export class CallbackTokens {
  private readonly idOf = new Map<string, string>();
  private readonly tokenOf = new Map<string, string>();
  // A fresh prefix per process, so a button from before a restart never decodes to some other choice.
  private readonly prefix = `${TOKEN_MARK}${randomBytes(4).toString('base64url')}.`;
  private counter = 0;

  constructor(private readonly capacity = 10_000) {}

  /** The callback_data for a choice id: the id itself when it fits, else a short token. */
  encode(id: string): string {
    if (Buffer.byteLength(id, 'utf8') <= CALLBACK_DATA_LIMIT && !id.startsWith(TOKEN_MARK)) return id;
    const known = this.tokenOf.get(id);
    const token = known ?? `${this.prefix}${(this.counter++).toString(36)}`;
    this.forget(id, token);
    this.idOf.set(token, id);
    this.tokenOf.set(id, token);
    while (this.idOf.size > this.capacity) {
      const [oldest] = this.idOf.keys();
      if (oldest === undefined) break;
      this.forget(this.idOf.get(oldest) ?? '', oldest);
    }
    return token;
  }

  /** The choice id behind callback_data, or undefined for a token this process does not know (restart, evicted). */
  decode(data: string): string | undefined {
    return data.startsWith(TOKEN_MARK) ? this.idOf.get(data) : data;
  }

  private forget(id: string, token: string): void {
    this.idOf.delete(token);
    this.tokenOf.delete(id);
  }
}
