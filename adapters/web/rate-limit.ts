/** How many keys a limiter remembers at most; the least recently seen are forgotten first (they start afresh). */
const MAX_KEYS = 100_000;

type Bucket = { tokens: number; at: number };

/**
 * A token bucket per key, in memory: `perMinute` messages in a burst, then one every 60/perMinute seconds.
 * O(1) per message, so a flood costs the server almost nothing and does not slow anyone else.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MAX_KEYS,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one message from `key`'s allowance: 0 when allowed, else the whole seconds to wait before the next one. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs) : this.perMinute;
    // Re-inserting keeps the map in least-recently-seen order, so eviction drops idle keys first.
    this.buckets.delete(key);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return 0;
  }

  /** How many keys are remembered (for tests). */
  get size(): number {
    return this.buckets.size;
  }
}

/** Per-minute limits of the web chat API. */
export type ChatLimits = { perUser: number; perIp: number };

/** The 429 body: an English error for developers and a kind Chinese line the chat page shows. */
export function tooManyBody(scope: 'user' | 'ip', waitSeconds: number, limit: number) {
  const who = scope === 'user' ? 'this chat user' : 'this IP address';
  return {
    error: `Too many messages from ${who} (at most ${limit} a minute). Wait ${waitSeconds} s and send again.`,
    retryAfter: waitSeconds,
    message: `您发消息太快了，请歇一会儿，${waitSeconds} 秒后再发。急事请拨打 12317。`,
  };
}
