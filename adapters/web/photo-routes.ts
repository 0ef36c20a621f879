import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Bot } from '../../src/core/bot.js';
import { WEB_CHANNEL } from './channel.js';
import { type ChatGate, refuse } from './chat-gate.js';
import { type ChatHistory, turnEntries } from './chat-history.js';
import { photoQuery } from './chat-schemas.js';
import { clientKeyOf } from './client-key.js';
import { MAX_PHOTO_BYTES, PHOTO_TYPES, savePhoto, sniffPhoto } from './photo-file.js';

const MB = Math.round(MAX_PHOTO_BYTES / 1024 / 1024);

/** What the photo route shares with the rest of the web chat API. */
export type PhotoRouteDeps = {
  bot: Bot;
  gate: ChatGate;
  history: ChatHistory;
  knownUser: (userId: string) => Promise<boolean>;
  dataDir: string;
  now: () => Date;
};

/** The answer to a photo fastify refused before the route ran (wrong type, too large); undefined for other errors. */
export function photoErrorBody(code: string | undefined): { error: string; message: string } | undefined {
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return { error: `Send a photo as image/jpeg, image/png or image/webp.`, message: '只能发 JPG、PNG 或 WebP 格式的照片。' };
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { error: `The photo is larger than ${MB} MB.`, message: `照片太大了（最大 ${MB} MB），请换一张小一点的。` };
  return undefined;
}

/**
 * `POST /api/chat/photo?userId=…`: the photo is the request body (JPEG, PNG or WebP, at most 5 MB, checked by its
 * first bytes), saved under DATA_DIR and handed to the bot as an image message.
 */
export function photoRoutes(app: FastifyInstance, deps: PhotoRouteDeps): void {
  const { gate, history, now } = deps;
  app.addContentTypeParser([...PHOTO_TYPES], { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES }, (_request, body, done) => done(null, body));

  app.post('/api/chat/photo', { bodyLimit: MAX_PHOTO_BYTES }, async (request: FastifyRequest, reply: FastifyReply) => {
    const client = clientKeyOf(request.ip);
    const parsed = photoQuery.safeParse(request.query);
    const refused = await gate.message(client, parsed.success ? parsed.data.userId : undefined);
    if (refused) return refuse(reply, refused);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message ?? 'bad request' });
    const { userId, messageId } = parsed.data;
    const body = request.body;
    if (!Buffer.isBuffer(body)) return reply.code(415).send(photoErrorBody('FST_ERR_CTP_INVALID_MEDIA_TYPE'));
    const type = sniffPhoto(body);
    if (!type)
      return reply.code(400).send({ error: 'The body is not a JPEG, PNG or WebP image.', message: '这个文件不是照片，请换一张。' });
    const newcomer = (await deps.knownUser(userId)) ? undefined : await gate.newUser(client);
    if (newcomer) return refuse(reply, newcomer);
    const tooMany = await gate.photo(client);
    if (tooMany) return refuse(reply, tooMany);
    const turn = history.once(userId, messageId, async () => {
      const attachment = await savePhoto(deps.dataDir, body, type, now());
      return deps.bot.handle({ channel: WEB_CHANNEL, userId, clientKey: client, kind: 'image', attachment, receivedAt: now() });
    });
    const replies = await turn.replies;
    if (!turn.repeat) history.add(userId, ...turnEntries({ text: '［照片］', photo: true }, replies, now().toISOString()));
    return { replies };
  });
}
