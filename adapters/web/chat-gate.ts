import type { FastifyReply } from 'fastify';
import { type ChatLimits, type LimitScope, PHOTOS_PER_IP_PER_HOUR, RateLimiter, tooManyBody } from './rate-limit.js';

/** A request over one of the limits: which one, and how many seconds to wait. */
export type Refusal = { scope: LimitScope; wait: number; limit: number };

/** The web chat's rate limits, one token bucket per user, per client address, per new id and per photo. */
export class ChatGate {
  private readonly perUser: RateLimiter;
  private readonly perIp: RateLimiter;
  private readonly newUsers: RateLimiter;
  private readonly polls: RateLimiter;
  private readonly photos: RateLimiter;
  private readonly photoLimit: number;

  constructor(
    private readonly limits: ChatLimits,
    clock: () => number,
  ) {
    this.photoLimit = limits.photosPerIpPerHour ?? PHOTOS_PER_IP_PER_HOUR;
    this.perUser = new RateLimiter(limits.perUser, clock);
    this.perIp = new RateLimiter(limits.perIp, clock);
    this.newUsers = new RateLimiter(limits.newUsersPerIpPerHour, clock, undefined, 3600_000);
    this.polls = new RateLimiter(limits.pollsPerIp, clock);
    this.photos = new RateLimiter(this.photoLimit, clock, undefined, 3600_000);
  }

  /** A message: the user's own allowance first (one user's flood must not use up their address's), then the address's. */
  message(client: string, userId: string | undefined): Refusal | undefined {
    const userWait = userId === undefined ? 0 : this.perUser.take(userId);
    if (userWait > 0) return { scope: 'user', wait: userWait, limit: this.limits.perUser };
    return this.address(client);
  }

  /** A request fastify could not even parse names no user, so it counts against the address alone. */
  address(client: string): Refusal | undefined {
    const wait = this.perIp.take(client);
    return wait > 0 ? { scope: 'ip', wait, limit: this.limits.perIp } : undefined;
  }

  /** A user id not seen before: every new id leaves a session behind, so the ids one address brings in are capped. */
  newUser(client: string): Refusal | undefined {
    const wait = this.newUsers.take(client);
    return wait > 0 ? { scope: 'new-user', wait, limit: this.limits.newUsersPerIpPerHour } : undefined;
  }

  /** A poll for proactive messages or a history read. */
  poll(client: string): Refusal | undefined {
    const wait = this.polls.take(client);
    return wait > 0 ? { scope: 'poll', wait, limit: this.limits.pollsPerIp } : undefined;
  }

  /** A photo, on top of the message limits. */
  photo(client: string): Refusal | undefined {
    const wait = this.photos.take(client);
    return wait > 0 ? { scope: 'photo', wait, limit: this.photoLimit } : undefined;
  }
}

/** Answers 429 with `retry-after`, an English error and a kind Chinese line for the page. */
export function refuse(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(refusal.wait))
    .send(tooManyBody(refusal.scope, refusal.wait, refusal.limit));
}
