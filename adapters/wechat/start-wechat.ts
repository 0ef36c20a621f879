import { join } from 'node:path';
import qrcodeTerminal from 'qrcode-terminal';
import type { Message, OfficialPuppetNpmName, WechatyOptions } from 'wechaty';
import { type Config, ConfigError } from '../../src/config.js';
import type { Bot } from '../../src/core/bot.js';
import type { Capabilities } from '../../src/core/types.js';
import type { Reply } from '../../src/model/reply.js';
import { type LogId, processLogId } from '../../src/privacy/log-id.js';
import type { Store } from '../../src/store/legacy-store.js';
import { makePrivateDir } from '../../src/store/private-files.js';
import { WECHAT_CAPABILITIES } from './channel.js';
import { type Clock, realClock } from './clock.js';
import { describeError } from './describe-error.js';
import { handleFriendship } from './friendship.js';
import type { WeChatLog } from './log.js';
import { OutboxFeeder } from './outbox-feeder.js';
import { Reconnector } from './reconnect.js';
import { renderReply } from './render.js';
import { SendQueue } from './send-queue.js';
import { type WeChatStatus, WeChatStatusBoard } from './status.js';
import { SendThrottle } from './throttle.js';
import { incomingOfMessage } from './to-incoming.js';

/** Thrown when the personal-account adapter cannot start; the message names what to fix. */
export class WeChatStartError extends ConfigError {}

export type { WeChatLog } from './log.js';

/** What startWeChat needs; the optional parts are for tests (a mock puppet, a virtual clock). */
export type WeChatDeps = {
  config: Pick<
    Config,
    | 'DATA_DIR'
    | 'WECHATY_PUPPET'
    | 'WECHATY_PUPPET_SERVICE_TOKEN'
    | 'WECHAT_GROUP_MENTION_ONLY'
    | 'WECHAT_FRIEND_KEYWORD'
    | 'WECHAT_SEND_DELAY_MS'
    | 'WECHAT_SENDS_PER_MINUTE'
  >;
  bot: Pick<Bot, 'handle'>;
  store: Pick<Store, 'outbox'>;
  log: WeChatLog;
  /** How contact ids appear in log lines (the app's keyed hash; default: a key made up for this process). */
  logId?: LogId;
  /** Shared with the dashboard page; a new board is made when not given. */
  status?: WeChatStatusBoard;
  /** A puppet instance to use instead of loading WECHATY_PUPPET (tests pass wechaty-puppet-mock). */
  puppet?: WechatyOptions['puppet'];
  /** Paces the send queue (tests pass a virtual clock to check throttling without waiting). */
  pacing?: Clock;
  random?: () => number;
  now?: () => Date;
  /** Where the login QR code is drawn (default: the terminal). */
  print?: (text: string) => void;
  outboxIntervalMs?: number;
  reconnectBaseMs?: number;
};

/** A running personal-account adapter. */
export type WeChatAdapter = {
  capabilities: Capabilities;
  status(): WeChatStatus;
  stop(): Promise<void>;
};

const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

/** Starts the personal-account bot: loads wechaty and the puppet, shows the login QR code, answers chats and sends the outbox. */
export async function startWeChat(deps: WeChatDeps): Promise<WeChatAdapter> {
  const { config, log } = deps;
  if (!deps.puppet && !config.WECHATY_PUPPET) {
    throw new WeChatStartError(
      'WECHATY_PUPPET is not set: set it to a puppet package (e.g. wechaty-puppet-service) to start the WeChat bot.',
    );
  }
  // wechaty and its puppets weigh ~166 MB and take seconds to load: only a process that runs WeChat pays for them.
  const { WechatyBuilder, types } = await import('wechaty');
  const now = deps.now ?? (() => new Date());
  const logId = deps.logId ?? processLogId();
  const print = deps.print ?? ((text: string) => console.log(text));
  const board = deps.status ?? new WeChatStatusBoard('personal', now);
  const memoryDir = join(config.DATA_DIR, 'wechat');
  await makePrivateDir(memoryDir);
  // The memory card keeps the puppet's login between restarts (where the puppet supports it).
  const name = join(memoryDir, 'bangfu');
  const wechaty = deps.puppet
    ? WechatyBuilder.build({ name, puppet: deps.puppet })
    : // wechaty loads any installed puppet package by name; its type lists only the official ones.
      WechatyBuilder.build({ name, puppet: config.WECHATY_PUPPET as OfficialPuppetNpmName, puppetOptions: puppetOptions(config) });

  let stopping = false;
  let sent = 0;
  let lastScanAt: number | undefined;
  const online = () => !stopping && wechaty.isLoggedIn;
  const throttle = new SendThrottle(
    { minDelayMs: config.WECHAT_SEND_DELAY_MS.min, maxDelayMs: config.WECHAT_SEND_DELAY_MS.max, perMinute: config.WECHAT_SENDS_PER_MINUTE },
    deps.random,
  );
  const queue = new SendQueue({
    send: async (to, text) => {
      await wechaty.puppet.messageSendText(to, text);
    },
    online,
    throttle,
    clock: deps.pacing ?? realClock,
    log,
    logId,
    onError: (description) => board.noteError(description),
    onSent: () => {
      sent += 1;
    },
  });
  const feeder = new OutboxFeeder({ outbox: deps.store.outbox, queue, online, now, log, intervalMs: deps.outboxIntervalMs });
  const reconnector = new Reconnector({
    restart: async () => {
      await wechaty.stop();
      await wechaty.start();
    },
    loggedIn: () => wechaty.isLoggedIn,
    lastScanAt: () => lastScanAt,
    clock: realClock,
    log,
    baseMs: deps.reconnectBaseMs,
  });
  board.attach(() => ({ queue: queue.size(), sent }));
  const reply = (to: string, replies: Reply[], mention?: string) => {
    const parts = replies.flatMap((r) => renderReply(r, WECHAT_CAPABILITIES.maxTextLength));
    if (mention && parts[0] !== undefined) parts[0] = `@${mention}\u2005${parts[0]}`;
    queue.push({ to, parts });
  };
  const incomingDeps = {
    types,
    dataDir: config.DATA_DIR,
    groupMentionOnly: config.WECHAT_GROUP_MENTION_ONLY,
    maxBytes: MAX_MEDIA_BYTES,
    now,
    warn: (message: string, error: unknown) => log.warn({ error: describeError(error) }, message),
    logId,
    puppet: {
      messageLocation: (id: string) => wechaty.puppet.messageLocation(id),
      messageUrl: (id: string) => wechaty.puppet.messageUrl(id),
    },
  };
  const onMessage = async (message: Message) => {
    const translated = await incomingOfMessage(message, incomingDeps);
    if (!translated) return;
    reply(translated.to, await deps.bot.handle(translated.incoming), translated.mention);
  };

  wechaty.on('scan', (qrcode, status) => {
    lastScanAt = Date.now();
    if (status !== types.ScanStatus.Waiting && status !== types.ScanStatus.Timeout) {
      // Scanned (or confirmed): the code is used up; the page asks to confirm on the phone instead.
      board.update({ state: 'waiting-scan', qrUrl: undefined });
      return;
    }
    board.update({ state: 'waiting-scan', qrUrl: qrcode });
    qrcodeTerminal.generate(qrcode, { small: true }, (art) =>
      print(`\n请用微信扫描二维码登录帮扶助手（管理后台 /admin/wechat 也能看到）：\n${art}\n${qrcode}\n`),
    );
  });
  wechaty.on('login', (user) => {
    board.update({ state: 'logged-in', account: user.name() });
    log.info({ account: user.name() }, 'WeChat: logged in');
    reconnector.reset();
    queue.wake();
    feeder.feed();
  });
  wechaty.on('logout', (_user, reason) => {
    if (stopping || reconnector.busy) return;
    board.update({ state: 'stopped', lastError: `logged out${reason ? `: ${reason}` : ''}` });
    log.warn({ reason }, 'WeChat: logged out; messages wait in the queue until the account is back');
    reconnector.schedule('logout');
  });
  wechaty.on('error', (error) => {
    board.noteError(describeError(error));
    log.warn({ error: describeError(error) }, 'WeChat: the puppet reported an error');
    if (stopping || reconnector.busy || wechaty.isLoggedIn) return;
    if (board.snapshot().state !== 'waiting-scan') board.update({ state: 'error' });
    reconnector.schedule('error');
  });
  wechaty.on('message', (message) => {
    onMessage(message).catch((error: unknown) => log.error({ err: error }, 'WeChat: a message could not be handled'));
  });
  wechaty.on('friendship', (friendship) => {
    const friendshipDeps = { types, keyword: config.WECHAT_FRIEND_KEYWORD, bot: deps.bot, reply, now, log, logId };
    handleFriendship(friendship, friendshipDeps).catch((error: unknown) =>
      log.error({ err: error }, 'WeChat: a friend request could not be handled'),
    );
  });

  try {
    await wechaty.start();
  } catch (error) {
    throw new WeChatStartError(
      `WeChat could not start the puppet ${config.WECHATY_PUPPET ?? ''}: ${describeError(error)}. ` +
        'Check that the puppet package is installed (npm install it) and that its token (WECHATY_PUPPET_SERVICE_TOKEN) is right.',
    );
  }
  queue.start();
  feeder.start();
  log.info({ puppet: config.WECHATY_PUPPET ?? 'instance' }, 'WeChat adapter started');

  return {
    capabilities: WECHAT_CAPABILITIES,
    status: () => board.snapshot(),
    stop: async () => {
      stopping = true;
      reconnector.stop();
      await Promise.all([feeder.stop(), queue.stop()]);
      await wechaty.stop().catch((error: unknown) => log.warn({ error: describeError(error) }, 'WeChat: stopping the puppet failed'));
      board.update({ state: 'stopped' });
    },
  };
}

function puppetOptions(config: WeChatDeps['config']): { token?: string } {
  return config.WECHATY_PUPPET_SERVICE_TOKEN ? { token: config.WECHATY_PUPPET_SERVICE_TOKEN } : {};
}
