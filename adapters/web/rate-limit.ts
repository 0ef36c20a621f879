/** Limits of the web chat API. */
export type ChatLimits = {
  /** `POST /api/chat` messages per chat user per minute. */
  perUser: number;
  /** `POST /api/chat` messages per client address per minute. */
  perIp: number;
  /** Chat user ids never seen before, per client address per hour. */
  newUsersPerIpPerHour: number;
  /** `GET /api/chat/messages` and `/api/chat/history` requests per client address per minute. */
  pollsPerIp: number;
  /** Photos (`POST /api/chat/photo`) per client address per hour; each may be 5 MB on disk. */
  photosPerIpPerHour?: number;
};

/** Photos one client address may send an hour unless told: a household's complaint or a cadre's day of visits. */
export const PHOTOS_PER_IP_PER_HOUR = 30;

/** Which limit a request ran into. */
export type LimitScope = 'user' | 'ip' | 'new-user' | 'poll' | 'photo';

const ERRORS: Record<LimitScope, (limit: number) => string> = {
  user: (limit) => `Too many messages from this chat user (at most ${limit} a minute).`,
  ip: (limit) => `Too many messages from this IP address (at most ${limit} a minute).`,
  'new-user': (limit) => `Too many new chat users from this IP address (at most ${limit} an hour); keep using the same userId.`,
  poll: (limit) => `Too many message polls from this IP address (at most ${limit} a minute).`,
  photo: (limit) => `Too many photos from this IP address (at most ${limit} an hour).`,
};
const WHY: Record<LimitScope, string> = {
  user: '您发消息太快了',
  ip: '您发消息太快了',
  poll: '您发消息太快了',
  'new-user': '这会儿新来问的人太多了',
  photo: '您发的照片太多了',
};

/** The 429 body: an English error for developers and a kind Chinese line the chat page shows. */
export function tooManyBody(scope: LimitScope, waitSeconds: number, limit: number) {
  const hourly = scope === 'new-user' || scope === 'photo';
  const later = hourly ? `${Math.ceil(waitSeconds / 60)} 分钟后再${scope === 'photo' ? '发' : '来'}` : `${waitSeconds} 秒后再发`;
  const why = WHY[scope];
  return {
    error: `${ERRORS[scope](limit)} Wait ${waitSeconds} s and send again.`,
    retryAfter: waitSeconds,
    message: `${why}，请歇一会儿，${later}。急事请拨打 12317。`,
  };
}
