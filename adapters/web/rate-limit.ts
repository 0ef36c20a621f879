/** How many keys a limiter remembers at most; the least recently seen are forgotten first (they start afresh). */
const MAX_KEYS = 100_000;

type Bucket = { tokens: number; at: number };

/**
 * A token bucket per key, in memory: `limit` messages in a burst, then one every `periodMs`/`limit` (a minute unless
 * told). O(1) per message, so a flood costs the server almost nothing and does not slow anyone else.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MAX_KEYS,
    periodMs = 60_000,
  ) {
    this.perMs = limit / periodMs;
  }

  /** Takes one message from `key`'s allowance: 0 when allowed, else the whole seconds to wait before the next one. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.limit, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs) : this.limit;
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

/** Limits of the web chat API. */
export type ChatLimits = {
  /** `POST /api/chat` messages per chat user per minute. */
  perUser: number;
  /** `POST /api/chat` messages per client address per minute. */
  perIp: number;
  /** Chat user ids never seen before, per client address per hour. */
  newUsersPerIpPerHour: number;
  /** `GET /api/chat/messages` polls per client address per minute. */
  pollsPerIp: number;
};

/** Which limit a request ran into. */
export type LimitScope = 'user' | 'ip' | 'new-user' | 'poll';

const ERRORS: Record<LimitScope, (limit: number) => string> = {
  user: (limit) => `Too many messages from this chat user (at most ${limit} a minute).`,
  ip: (limit) => `Too many messages from this IP address (at most ${limit} a minute).`,
  'new-user': (limit) => `Too many new chat users from this IP address (at most ${limit} an hour); keep using the same userId.`,
  poll: (limit) => `Too many message polls from this IP address (at most ${limit} a minute).`,
};

/** The 429 body: an English error for developers and a kind Chinese line the chat page shows. */
export function tooManyBody(scope: LimitScope, waitSeconds: number, limit: number) {
  const later = scope === 'new-user' ? `${Math.ceil(waitSeconds / 60)} 分钟后再来` : `${waitSeconds} 秒后再发`;
  const why = scope === 'new-user' ? '这会儿新来问的人太多了' : '您发消息太快了';
  return {
    error: `${ERRORS[scope](limit)} Wait ${waitSeconds} s and send again.`,
    retryAfter: waitSeconds,
    message: `${why}，请歇一会儿，${later}。急事请拨打 12317。`,
  };
}
