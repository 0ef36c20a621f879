import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Bot } from '../../src/core/bot.js';
import type { IncomingKind } from '../../src/core/types.js';
import type { OutboxRepo } from '../../src/store/legacy-store.js';
import { clientKeyOf } from './client-key.js';
import { type ChatLimits, type LimitScope, RateLimiter, tooManyBody } from './rate-limit.js';

/** The channel name web users are stored under. */
export const WEB_CHANNEL = 'web';
const MAX_TEXT = 2000;
// 2,000 characters of Chinese are 6 kB of JSON; fastify's default (1 MB) would let a flood cost real parsing time.
const BODY_LIMIT = 16 * 1024;

const userId = z
  .string({ message: 'userId must be a string' })
  .trim()
  .min(1, { message: 'userId must not be empty' })
  .max(128, { message: 'userId must be at most 128 characters' });

const chatBody = z
  .object(
    {
      userId,
      text: z
        .string({ message: 'text must be a string' })
        .max(MAX_TEXT, { message: `text must be at most ${MAX_TEXT} characters` })
        .optional(),
      choice: z
        .string({ message: 'choice must be a string' })
        .min(1, { message: 'choice must not be empty' })
        .max(200, { message: 'choice is too long' })
        .optional(),
      kind: z
        .enum(['text', 'image', 'voice', 'location', 'file', 'sticker', 'other'], { message: 'kind is not a known message kind' })
        .optional(),
    },
    { message: 'the body must be a JSON object' },
  )
  .refine((b) => b.text !== undefined || b.choice !== undefined || (b.kind !== undefined && b.kind !== 'text'), {
    message: 'send "text" or "choice"',
  });

const messagesQuery = z.object({ userId }, { message: 'userId is required' });

/** What the web chat API needs: the bot, the outbox it drains, its limits and whether a chat user id is already known. */
export type WebChatDeps = {
  bot: Bot;
  outbox: OutboxRepo;
  limits: ChatLimits;
  /** Whether the web user id has state already (a session or a binding); new ids are capped per client address. */
  knownUser: (userId: string) => boolean;
  now?: () => Date;
};

/** Registers the web chat API (`POST /api/chat`, `GET /api/chat/messages`) on a fastify scope, with its rate limits. */
export async function webChatRoutes(app: FastifyInstance, deps: WebChatDeps): Promise<void> {
  const { limits } = deps;
  const now = deps.now ?? (() => new Date());
  const clock = () => now().getTime();
  const perUser = new RateLimiter(limits.perUser, clock);
  const perIp = new RateLimiter(limits.perIp, clock);
  const newUsers = new RateLimiter(limits.newUsersPerIpPerHour, clock, undefined, 3600_000);
  const polls = new RateLimiter(limits.pollsPerIp, clock);
  const tooMany = (reply: FastifyReply, scope: LimitScope, wait: number, limit: number) =>
    reply
      .code(429)
      .header('retry-after', String(wait))
      .send(tooManyBody(scope, wait, limit));
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'web chat request failed');
      return reply.code(500).send({ error: 'Something went wrong on our side; please try again.' });
    }
    // A body fastify could not even parse names no user, so it counts against the IP alone.
    const ipWait = request.method === 'POST' ? perIp.take(clientKeyOf(request.ip)) : 0;
    if (ipWait > 0) return tooMany(reply, 'ip', ipWait, limits.perIp);
    const message =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError ? 'the body is not valid JSON' : error.message;
    return reply.code(status).send({ error: message });
  });

  app.post('/api/chat', { bodyLimit: BODY_LIMIT }, async (request: FastifyRequest, reply: FastifyReply) => {
    const client = clientKeyOf(request.ip);
    const parsed = chatBody.safeParse(request.body);
    // The user's own allowance is checked first, so one user's flood does not use up the allowance of their IP.
    const userWait = parsed.success ? perUser.take(parsed.data.userId) : 0;
    if (userWait > 0) return tooMany(reply, 'user', userWait, limits.perUser);
    const ipWait = perIp.take(client);
    if (ipWait > 0) return tooMany(reply, 'ip', ipWait, limits.perIp);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message ?? 'bad request' });
    const { userId: user, text, choice, kind } = parsed.data;
    // Every new id leaves a session behind, so the ids one address may bring in are capped, not only its messages.
    const newWait = deps.knownUser(user) ? 0 : newUsers.take(client);
    if (newWait > 0) return tooMany(reply, 'new-user', newWait, limits.newUsersPerIpPerHour);
    const replies = await deps.bot.handle({
      channel: WEB_CHANNEL,
      userId: user,
      clientKey: client,
      kind: (kind ?? 'text') as IncomingKind,
      text: choice === undefined ? (text ?? '') : undefined,
      choiceId: choice,
      receivedAt: now(),
    });
    return { replies };
  });

  app.get('/api/chat/messages', async (request: FastifyRequest, reply: FastifyReply) => {
    const wait = polls.take(clientKeyOf(request.ip));
    if (wait > 0) return tooMany(reply, 'poll', wait, limits.pollsPerIp);
    const parsed = messagesQuery.safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message ?? 'bad request' });
    const messages = await deps.outbox.takeFor(WEB_CHANNEL, parsed.data.userId, now());
    return { messages: messages.map((m) => m.reply) };
  });
}
