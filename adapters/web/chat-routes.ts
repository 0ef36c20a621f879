import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Bot } from '../../src/core/bot.js';
import type { IncomingKind } from '../../src/core/types.js';
import type { OutboxRepo } from '../../src/store/chat-repos.js';
import type { Coordination } from '../../src/store/coordination.js';
import { WEB_CHANNEL } from './channel.js';
import { ChatGate, refuse } from './chat-gate.js';
import { ChatHistory, replyEntries, turnEntries } from './chat-history.js';
import { chatBody, greetingBody, historyQuery, messagesQuery } from './chat-schemas.js';
import { clientKeyOf } from './client-key.js';
import { photoErrorBody, photoRoutes } from './photo-routes.js';
import type { ChatLimits } from './rate-limit.js';

export { WEB_CHANNEL } from './channel.js';

// 2,000 characters of Chinese are 6 kB of JSON; fastify's default (1 MB) would let a flood cost real parsing time.
const BODY_LIMIT = 16 * 1024;

/** How a message that is not text shows in the conversation. */
const SHOWN_KIND: Record<IncomingKind, string> = {
  text: '',
  image: '［照片］',
  voice: '［语音］',
  location: '［位置］',
  file: '［文件］',
  sticker: '［表情］',
  other: '［消息］',
};

/** What the web chat API needs: the bot, the outbox it drains, its limits and whether a chat user id is already known. */
export type WebChatDeps = {
  bot: Bot;
  outbox: OutboxRepo;
  limits: ChatLimits;
  /** Whether the web user id has state already (a session or a binding); new ids are capped per client address. */
  knownUser: (userId: string) => Promise<boolean>;
  /** Takes a token from a shared bucket (Store.coordination.take), so every instance counts against the same limits. */
  take: Coordination['take'];
  /** Where photos are saved (under uploads/web/). */
  dataDir: string;
  /** What each user's page has shown (in memory); made here unless a test passes one. */
  history?: ChatHistory;
  now?: () => Date;
};

/**
 * Registers the web chat API on a fastify scope, with its rate limits: `POST /api/chat`, `POST /api/chat/greeting`,
 * `POST /api/chat/photo`, `GET /api/chat/messages` and `GET /api/chat/history`.
 */
export async function webChatRoutes(app: FastifyInstance, deps: WebChatDeps): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const gate = new ChatGate(deps.limits, deps.take, now);
  const history = deps.history ?? new ChatHistory(() => now().getTime());
  const badRequest = (reply: FastifyReply, issue: { message: string } | undefined) =>
    reply.code(400).send({ error: issue?.message ?? 'bad request' });

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'web chat request failed');
      return reply.code(500).send({ error: 'Something went wrong on our side; please try again.' });
    }
    const refused = request.method === 'POST' ? await gate.address(clientKeyOf(request.ip)) : undefined;
    if (refused) return refuse(reply, refused);
    const photo = request.url.startsWith('/api/chat/photo') ? photoErrorBody(error.code) : undefined;
    if (photo) return reply.code(status).send(photo);
    const message =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError ? 'the body is not valid JSON' : error.message;
    return reply.code(status).send({ error: message });
  });

  app.post('/api/chat', { bodyLimit: BODY_LIMIT }, async (request: FastifyRequest, reply: FastifyReply) => {
    const client = clientKeyOf(request.ip);
    const parsed = chatBody.safeParse(request.body);
    const refused = await gate.message(client, parsed.success ? parsed.data.userId : undefined);
    if (refused) return refuse(reply, refused);
    if (!parsed.success) return badRequest(reply, parsed.error.issues[0]);
    const { userId, text, choice, kind, messageId } = parsed.data;
    const newcomer = (await deps.knownUser(userId)) ? undefined : await gate.newUser(client);
    if (newcomer) return refuse(reply, newcomer);
    const shown = choice === undefined ? text || SHOWN_KIND[kind ?? 'text'] : (history.labelOf(userId, choice) ?? '（选择）');
    const turn = history.once(userId, messageId, () =>
      deps.bot.handle({
        channel: WEB_CHANNEL,
        userId,
        clientKey: client,
        kind: (kind ?? 'text') as IncomingKind,
        text: choice === undefined ? (text ?? '') : undefined,
        choiceId: choice,
        receivedAt: now(),
      }),
    );
    const replies = await turn.replies;
    if (!turn.repeat) {
      const at = now().toISOString();
      history.add(userId, ...(shown.trim() ? turnEntries({ text: shown }, replies, at) : replyEntries('bot', replies, at)));
    }
    return { replies };
  });

  app.post('/api/chat/greeting', { bodyLimit: BODY_LIMIT }, async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = greetingBody.safeParse(request.body);
    const refused = await gate.message(clientKeyOf(request.ip), parsed.success ? parsed.data.userId : undefined);
    if (refused) return refuse(reply, refused);
    if (!parsed.success) return badRequest(reply, parsed.error.issues[0]);
    const replies = await deps.bot.greet(WEB_CHANNEL, parsed.data.userId);
    history.add(parsed.data.userId, ...replyEntries('bot', replies, now().toISOString()));
    return { replies };
  });

  app.get('/api/chat/messages', async (request: FastifyRequest, reply: FastifyReply) => {
    const refused = await gate.poll(clientKeyOf(request.ip));
    if (refused) return refuse(reply, refused);
    const parsed = messagesQuery.safeParse(request.query);
    if (!parsed.success) return badRequest(reply, parsed.error.issues[0]);
    const messages = (await deps.outbox.takeFor(WEB_CHANNEL, parsed.data.userId, now())).map((m) => m.reply);
    if (messages.length) history.add(parsed.data.userId, ...replyEntries('notice', messages, now().toISOString()));
    return { messages };
  });

  app.get('/api/chat/history', async (request: FastifyRequest, reply: FastifyReply) => {
    const refused = await gate.poll(clientKeyOf(request.ip));
    if (refused) return refuse(reply, refused);
    const parsed = historyQuery.safeParse(request.query);
    if (!parsed.success) return badRequest(reply, parsed.error.issues[0]);
    return { messages: history.recent(parsed.data.userId, parsed.data.limit) };
  });

  photoRoutes(app, { ...deps, gate, history, now });
}
