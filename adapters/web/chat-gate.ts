import type { FastifyReply } from 'fastify';
import type { Coordination } from '../../src/store/coordination.js';
import { type ChatLimits, type LimitScope, PHOTOS_PER_IP_PER_HOUR, tooManyBody } from './rate-limit.js';

/** A request over one of the limits: which one, and how many seconds to wait. */
export type Refusal = { scope: LimitScope; wait: number; limit: number };

const MINUTE = 60_000;
const HOUR = 3600_000;

/**
 * The web chat's rate limits, one token bucket per user, per client address, per new id and per photo. The buckets
 * live in the store's coordination (Store.coordination.take), so every instance counts against the same limits.
 */
export class ChatGate {
  private readonly photoLimit: number;

  constructor(
    private readonly limits: ChatLimits,
    private readonly take: Coordination['take'],
    private readonly now: () => Date,
  ) {
    this.photoLimit = limits.photosPerIpPerHour ?? PHOTOS_PER_IP_PER_HOUR;
  }

  /** A message: the user's own allowance first (one user's flood must not use up their address's), then the address's. */
  async message(client: string, userId: string | undefined): Promise<Refusal | undefined> {
    if (userId !== undefined) {
      const userWait = await this.bucket('user', userId, this.limits.perUser, MINUTE);
      if (userWait) return userWait;
    }
    return this.address(client);
  }

  /** A request fastify could not even parse names no user, so it counts against the address alone. */
  address(client: string): Promise<Refusal | undefined> {
    return this.bucket('ip', client, this.limits.perIp, MINUTE);
  }

  /** A user id not seen before: every new id leaves a session behind, so the ids one address brings in are capped. */
  newUser(client: string): Promise<Refusal | undefined> {
    return this.bucket('new-user', client, this.limits.newUsersPerIpPerHour, HOUR);
  }

  /** A poll for proactive messages or a history read. */
  poll(client: string): Promise<Refusal | undefined> {
    return this.bucket('poll', client, this.limits.pollsPerIp, MINUTE);
  }

  /** A photo, on top of the message limits. */
  photo(client: string): Promise<Refusal | undefined> {
    return this.bucket('photo', client, this.photoLimit, HOUR);
  }

  private async bucket(scope: LimitScope, key: string, limit: number, periodMs: number): Promise<Refusal | undefined> {
    const wait = await this.take(`web-chat:${scope}:${key}`, limit, periodMs, this.now());
    return wait > 0 ? { scope, wait, limit } : undefined;
  }
}

/** Answers 429 with `retry-after`, an English error and a kind Chinese line for the page. */
export function refuse(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(refusal.wait))
    .send(tooManyBody(refusal.scope, refusal.wait, refusal.limit));
}
