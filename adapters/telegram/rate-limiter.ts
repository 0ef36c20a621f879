/** Telegram's broadcast limits: about 30 messages a second in all, and one a second to any one chat. */
export type RateLimits = { perSecond: number; perChatMs: number };

const DEFAULT_LIMITS: RateLimits = { perSecond: 30, perChatMs: 1000 };
const WINDOW_MS = 1000;

/** Tracks recent sends so the outbox stays within Telegram's limits; interactive replies are recorded too. */
export class RateLimiter {
  private readonly recent: number[] = [];
  private readonly lastByChat = new Map<string, number>();
  private readonly heldUntil = new Map<string, number>();

  constructor(private readonly limits: RateLimits = DEFAULT_LIMITS) {}

  /** Milliseconds until any message may go out without passing the overall limit. */
  globalWait(now: number): number {
    this.expire(now);
    const oldest = this.recent[0];
    return this.recent.length < this.limits.perSecond || oldest === undefined ? 0 : oldest + WINDOW_MS - now;
  }

  /** Milliseconds until a message to this chat may go out. */
  chatWait(chat: string, now: number): number {
    const last = this.lastByChat.get(chat);
    const spacing = last === undefined ? 0 : last + this.limits.perChatMs - now;
    const held = (this.heldUntil.get(chat) ?? 0) - now;
    return Math.max(0, spacing, held);
  }

  /** Notes a message sent to a chat. */
  record(chat: string, now: number): void {
    this.expire(now);
    this.recent.push(now);
    this.lastByChat.set(chat, now);
  }

  /** Holds a chat back until a time Telegram asked for (after a 429). */
  hold(chat: string, until: number): void {
    this.heldUntil.set(chat, Math.max(until, this.heldUntil.get(chat) ?? 0));
  }

  private expire(now: number): void {
    while (this.recent.length > 0 && (this.recent[0] ?? 0) <= now - WINDOW_MS) this.recent.shift();
    // Per-chat entries only matter for a second; sweep them now and then so the maps stay small.
    if (this.lastByChat.size + this.heldUntil.size < 1000) return;
    for (const [chat, at] of this.lastByChat) if (at <= now - this.limits.perChatMs) this.lastByChat.delete(chat);
    for (const [chat, until] of this.heldUntil) if (until <= now) this.heldUntil.delete(chat);
  }
}
