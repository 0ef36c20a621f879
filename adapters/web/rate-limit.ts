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
