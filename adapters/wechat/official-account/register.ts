import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Config, ConfigError } from '../../../src/config.js';
import type { Bot } from '../../../src/core/bot.js';
import type { Capabilities } from '../../../src/core/types.js';
import type { Reply } from '../../../src/model/reply.js';
import { type LogId, processLogId } from '../../../src/privacy/log-id.js';
import type { Store } from '../../../src/store/legacy-store.js';
import { DEFAULT_WECHAT_API_ROOT, WECHAT_OA_CAPABILITIES, WECHAT_OA_CHANNEL, WECHAT_OA_MAX_BYTES } from '../channel.js';
import { describeError } from '../describe-error.js';
import type { WeChatLog } from '../log.js';
import { saveMedia } from '../save-media.js';
import { type WeChatStatus, WeChatStatusBoard } from '../status.js';
import { WeChatApi } from './api.js';
import { OaCallbackGuard, type RefusedCallback } from './callback-guard.js';
import { officialMenu } from './menu.js';
import { OaMessageCrypto } from './message-crypto.js';
import { RecentKeys } from './recent-keys.js';
import { ReplayGuard } from './replay-guard.js';
import { OfficialAccountSender, renderOa } from './sender.js';
import { incomingOfOa, type OaIncoming } from './to-incoming.js';
import { type OaMessage, parseOaXml, textReplyXml } from './xml.js';

/** The callback URL to enter under 公众号后台 → 设置与开发 → 基本配置 → 服务器配置 (with this server's public origin). */
export const OA_CALLBACK_PATH = '/wechat/official-account';

/** Thrown at start-up when Official Account mode lacks a setting; the message names the variables. */
export class OfficialAccountConfigError extends ConfigError {}

/** What registerOfficialAccount needs; the optional parts are for tests. */
export type OfficialAccountDeps = {
  config: Pick<
    Config,
    'DATA_DIR' | 'WECHAT_OA_APP_ID' | 'WECHAT_OA_APP_SECRET' | 'WECHAT_OA_TOKEN' | 'WECHAT_OA_AES_KEY' | 'WECHAT_API_ROOT'
  >;
  bot: Pick<Bot, 'handle' | 'menu'>;
  store: Pick<Store, 'outbox' | 'inbound'>;
  log: WeChatLog;
  /** How log lines and upload folders show an openId (a short keyed hash); a per-process key when not given. */
  logId?: LogId;
  /** Shared with the dashboard page; a new board is made when not given. */
  status?: WeChatStatusBoard;
  now?: () => Date;
  /** How long the bot may take before the callback answers "success" and the reply goes by customer-service message (default 4 s of WeChat's 5). */
  passiveWindowMs?: number;
  outboxIntervalMs?: number;
};

/** The Official Account adapter registered on the server. */
export type OfficialAccountAdapter = {
  capabilities: Capabilities;
  status(): WeChatStatus;
  /** Runs one outbox pass now instead of waiting for the next (tests, or after a user's window reopened elsewhere). */
  drainOutbox(): Promise<void>;
};

const adapters = new WeakMap<FastifyInstance, OfficialAccountAdapter>();

/** The Official Account adapter registered on this server, if any. */
export function officialAccountOf(server: FastifyInstance): OfficialAccountAdapter | undefined {
  return adapters.get(server);
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_MEDIA_BYTES = 10 * 1024 * 1024;
const SUCCESS = 'success';
const TIMED_OUT = Symbol('timed out');

/** Registers the Official Account callback (GET verification, POST messages) before listen; at ready it creates the menu and drains the outbox. */
export function registerOfficialAccount(server: FastifyInstance, deps: OfficialAccountDeps): OfficialAccountAdapter {
  const { appId, secret, token } = requireSettings(deps.config);
  const { log, store } = deps;
  const logId = deps.logId ?? processLogId();
  const now = deps.now ?? (() => new Date());
  const board = deps.status ?? new WeChatStatusBoard('official-account', now);
  const api = new WeChatApi({ root: deps.config.WECHAT_API_ROOT ?? DEFAULT_WECHAT_API_ROOT, appId, secret });
  const sender = new OfficialAccountSender({
    api,
    outbox: store.outbox,
    inbound: store.inbound,
    log,
    logId,
    now,
    onError: (description) => board.noteError(description),
    intervalMs: deps.outboxIntervalMs,
  });
  board.attach(() => ({ ...sender.counts(), sent: sender.sent }));
  const recent = new RecentKeys();
  const aesKey = deps.config.WECHAT_OA_AES_KEY;
  const guard = new OaCallbackGuard({
    token,
    ...(aesKey ? { crypto: new OaMessageCrypto(aesKey, appId) } : {}),
    replay: new ReplayGuard(),
    now,
  });
  const passiveWindowMs = deps.passiveWindowMs ?? 4_000;
  const translateDeps = {
    now,
    warn: (message: string, error: unknown) => log.warn({ error: describeError(error) }, message),
    saveMedia: async (openId: string, mediaId: string, kind: string) => {
      const media = await api.media(mediaId);
      const file = { name: media.name ?? kind, mediaType: media.mime, toBuffer: async () => media.bytes };
      return saveMedia(file, {
        dataDir: deps.config.DATA_DIR,
        channel: WECHAT_OA_CHANNEL,
        userId: openId,
        folder: logId(openId),
        now: now(),
        maxBytes: MAX_MEDIA_BYTES,
      });
    },
  };

  const answer = async (message: OaMessage, reply: FastifyReply, encrypted: boolean): Promise<FastifyReply> => {
    const openId = message.FromUserName ?? '';
    const work = (async () => {
      const translated = await incomingOfOa(message, translateDeps);
      if (!translated) return undefined;
      await noteInbound(translated);
      return deps.bot.handle(translated.incoming);
    })();
    const replies = await Promise.race([work, delay(passiveWindowMs)]);
    if (replies === TIMED_OUT) {
      // Too slow for the passive reply: WeChat gets "success" now, the user gets customer-service messages when ready.
      void work.then((late) => late && sender.send(openId, late.flatMap(renderOa))).then(() => sender.flush(openId));
      return plain(reply, SUCCESS);
    }
    if (!replies) return plain(reply, SUCCESS);
    const { passive, rest } = pack(replies);
    afterResponse(reply, () => void sender.send(openId, rest).then(() => sender.flush(openId)));
    if (passive === undefined) return plain(reply, SUCCESS);
    const xml = textReplyXml({ toUser: openId, fromAccount: message.ToUserName ?? '', content: passive, now: now() });
    return reply.type('application/xml; charset=utf-8').send(guard.seal(xml, encrypted));
  };
  const noteInbound = async ({ incoming, opensWindow }: OaIncoming) => {
    if (!opensWindow) return;
    await store.inbound.noteInbound(WECHAT_OA_CHANNEL, incoming.userId, incoming.receivedAt).catch((error: unknown) => {
      log.error({ err: error }, 'WeChat Official Account: recording the time of a message failed');
    });
  };

  server.register(async (scope) => {
    // WeChat posts text/xml; the callback takes its body as a string and parses it itself.
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => done(null, body));
    scope.get(OA_CALLBACK_PATH, async (request, reply) => {
      const opened = guard.openEcho(request.query as Record<string, unknown>);
      return opened.ok ? plain(reply, opened.text) : refused(reply, opened);
    });
    scope.post(OA_CALLBACK_PATH, async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const opened = guard.openMessage(request.query as Record<string, unknown>, body);
      if (!opened.ok) return refused(reply, opened);
      const message = parseOaXml(opened.text);
      if (!message) return unreadable(opened.text, reply);
      // Per sender: a MsgId says nothing about whose message it is.
      const key = `${message.FromUserName}|${message.MsgId ?? `${message.CreateTime}|${message.Event}|${message.EventKey ?? ''}`}`;
      // WeChat retries a message it got no answer to; the first delivery is already being answered.
      if (recent.seen(key, now().getTime())) return plain(reply, SUCCESS);
      return answer(message, reply, opened.encrypted);
    });
  });

  server.addHook('onReady', async () => {
    if (!guard.safeMode)
      log.warn(
        {},
        'WeChat Official Account: messages arrive unencrypted and their sender is not authenticated; set WECHAT_OA_AES_KEY and choose 安全模式 under 服务器配置',
      );
    sender.start();
    void createMenu();
  });
  server.addHook('onClose', async () => {
    await sender.stop();
    board.update({ state: 'stopped' });
  });

  const createMenu = async () => {
    const { button, left } = officialMenu(deps.bot.menu({ kind: 'guest' }).choices ?? []);
    try {
      await api.createMenu(button);
      board.update({ state: 'logged-in', account: appId });
      log.info({ appId }, 'WeChat Official Account: custom menu created; receiving messages');
      if (left.length > 0)
        log.warn(
          { left: left.map((c) => c.label) },
          'WeChat Official Account: these menu entries did not fit the custom menu (still reachable by typing)',
        );
    } catch (error) {
      board.update({ state: 'error', account: appId, lastError: describeError(error) });
      log.error({ error: describeError(error) }, 'WeChat Official Account: creating the custom menu failed; messages are still answered');
    }
  };

  const refused = (reply: FastifyReply, verdict: RefusedCallback) => {
    if (verdict.hint) board.noteError(verdict.hint);
    log.warn({ status: verdict.status, reason: verdict.reason }, `WeChat Official Account: a callback was refused (${verdict.reason})`);
    return plain(reply.code(verdict.status), verdict.reason);
  };

  const unreadable = (body: string, reply: FastifyReply) => {
    if (body.includes('<Encrypt>')) {
      const why = 'an encrypted message arrived: set WECHAT_OA_AES_KEY to the EncodingAESKey shown under 服务器配置 (安全模式)';
      board.noteError(why);
      log.error({}, `WeChat Official Account: ${why}`);
      return plain(reply, SUCCESS);
    }
    return plain(reply.code(400), 'not a WeChat message');
  };

  const adapter = { capabilities: WECHAT_OA_CAPABILITIES, status: () => board.snapshot(), drainOutbox: () => sender.drain() };
  adapters.set(server, adapter);
  return adapter;
}

function requireSettings(config: OfficialAccountDeps['config']): { appId: string; secret: string; token: string } {
  const { WECHAT_OA_APP_ID: appId, WECHAT_OA_APP_SECRET: secret, WECHAT_OA_TOKEN: token } = config;
  if (appId && secret && token) return { appId, secret, token };
  const missing = Object.entries({ WECHAT_OA_APP_ID: appId, WECHAT_OA_APP_SECRET: secret, WECHAT_OA_TOKEN: token })
    .filter(([, value]) => !value)
    .map(([name]) => name);
  throw new OfficialAccountConfigError(
    `WECHAT_MODE=official-account needs ${missing.join(', ')}: copy AppID and AppSecret from 公众号后台 → 设置与开发 → 基本配置, and set the same Token there under 服务器配置.`,
  );
}

/** Puts as many whole texts as fit into the one passive reply; the rest go as customer-service messages. */
function pack(replies: Reply[]): { passive?: string; rest: string[] } {
  const texts = replies.flatMap(renderOa);
  let passive: string | undefined;
  let taken = 0;
  for (const text of texts) {
    const joined = passive === undefined ? text : `${passive}\n\n${text}`;
    if (Buffer.byteLength(joined, 'utf8') > WECHAT_OA_MAX_BYTES) break;
    passive = joined;
    taken += 1;
  }
  return { passive, rest: texts.slice(taken) };
}

function afterResponse(reply: FastifyReply, then: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    then();
  };
  // Customer-service messages go after the passive reply has left, so they arrive after it.
  reply.raw.once('finish', once);
  reply.raw.once('close', once);
}

function plain(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('text/plain; charset=utf-8').send(text);
}

function delay(ms: number): Promise<typeof TIMED_OUT> {
  return new Promise((resolve) => setTimeout(() => resolve(TIMED_OUT), ms).unref());
}
