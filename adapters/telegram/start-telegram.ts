import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Api, type BotError, Bot as GrammyBot, GrammyError, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { type Config, ConfigError } from '../../src/config.js';
import type { Bot } from '../../src/core/bot.js';
import type { Capabilities } from '../../src/core/types.js';
import { type LogId, processLogId } from '../../src/privacy/log-id.js';
import type { Store } from '../../src/store/store.js';
import { CallbackTokens } from './callback-tokens.js';
import { ALLOWED_UPDATES, DEFAULT_API_ROOT, TELEGRAM_CAPABILITIES } from './channel.js';
import { TELEGRAM_COMMANDS } from './commands.js';
import { describeError, errorDetails } from './describe-error.js';
import { fileDownloader } from './file-download.js';
import { installHandlers } from './handlers.js';
import { OutboxSender, type OutboxStatus, SEND_TIMEOUT_SECONDS } from './outbox-sender.js';
import { RateLimiter } from './rate-limiter.js';
import { retryRateLimited } from './retry-transformer.js';
import { attachWebhookHandler } from './webhook.js';

/** Thrown when the Telegram adapter cannot start; the message names the variable to fix. */
export class TelegramStartError extends ConfigError {}

/** What startTelegram needs: the app's configuration, core bot, store, HTTP server and logger. */
export type TelegramDeps = {
  config: Pick<Config, 'DATA_DIR' | 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_WEBHOOK_SECRET' | 'TELEGRAM_API_ROOT'>;
  bot: Pick<Bot, 'handle'>;
  store: Pick<Store, 'outbox'>;
  server: FastifyInstance;
  log: FastifyBaseLogger;
  /** How chat ids appear in log lines (the app's keyed hash; default: a key made up for this process). */
  logId?: LogId;
  now?: () => Date;
  /** How often the outbox is checked when there is nothing to send (default 1 s). */
  outboxIntervalMs?: number;
};

/** Whether the adapter runs, and what the outbox delivered since start. */
export type TelegramStatus = OutboxStatus;

/** A running Telegram adapter. */
export type TelegramAdapter = {
  mode: 'polling' | 'webhook';
  username: string;
  capabilities: Capabilities;
  status(): TelegramStatus;
  stop(): Promise<void>;
};

type Warn = (message: string, error: unknown) => void;
type Receiver = { stop: () => Promise<void>; running: () => boolean };

const API_TIMEOUT_SECONDS = 60;
const GET_ME_TIMEOUT_MS = 15_000;
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
// Telegram redelivers an update whose request fails; past this the request is answered and handling goes on.
const WEBHOOK_ANSWER_MS = 8_000;

/** Starts Telegram: checks the token, sets the commands, receives updates (long polling, or the webhook) and sends the outbox. */
export async function startTelegram(deps: TelegramDeps): Promise<TelegramAdapter> {
  const { config, log } = deps;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new TelegramStartError('TELEGRAM_BOT_TOKEN is not set: set it to the token from @BotFather to start Telegram.');
  const apiRoot = config.TELEGRAM_API_ROOT ?? DEFAULT_API_ROOT;
  const now = deps.now ?? (() => new Date());
  const logId = deps.logId ?? processLogId();
  const client = { apiRoot, timeoutSeconds: API_TIMEOUT_SECONDS };
  const tg = new GrammyBot(token, { client });
  tg.botInfo = await checkToken(tg.api, apiRoot);
  tg.api.config.use(retryRateLimited());

  const tokens = new CallbackTokens();
  const limiter = new RateLimiter();
  // Its own Api, without the retry transformer (the outbox waits out a 429 by rescheduling, not by blocking), and with
  // a timeout short enough that a send ends within the outbox's claim.
  const outboxApi = new Api(token, { ...client, timeoutSeconds: SEND_TIMEOUT_SECONDS });
  const sender = new OutboxSender({
    api: outboxApi,
    outbox: deps.store.outbox,
    tokens,
    limiter,
    log,
    logId,
    now,
    intervalMs: deps.outboxIntervalMs,
  });
  const warn: Warn = (message, error) => log.warn(errorDetails(error), message);
  const onError = (error: BotError) => {
    sender.noteError(describeError(error.error));
    log.error({ ...errorDetails(error.error), updateId: error.ctx.update.update_id }, 'a Telegram update could not be handled');
  };
  tg.catch(onError);
  const download = fileDownloader({
    api: tg.api,
    token,
    apiRoot,
    dataDir: config.DATA_DIR,
    maxBytes: MAX_DOWNLOAD_BYTES,
    folderOf: logId,
    now,
  });
  installHandlers(tg, { bot: deps.bot, tokens, limiter, download, now, warn, logId, onError });

  const commands = TELEGRAM_COMMANDS.map(({ command, description }) => ({ command, description }));
  await tg.api.setMyCommands(commands).catch((error: unknown) => warn('setMyCommands failed; the command menu may be out of date', error));

  const receiver = config.TELEGRAM_WEBHOOK_URL
    ? await startWebhook(tg, deps.server)
    : await startPolling(
        tg,
        (error) => {
          sender.noteError(describeError(error));
          log.error(errorDetails(error), `Telegram long polling stopped${hintFor(error)}`);
        },
        warn,
      );
  sender.start();
  const mode = config.TELEGRAM_WEBHOOK_URL ? 'webhook' : 'polling';
  log.info({ mode, username: tg.botInfo.username }, 'Telegram adapter started');

  return {
    mode,
    username: tg.botInfo.username,
    capabilities: TELEGRAM_CAPABILITIES,
    status: () => {
      const status = sender.status();
      return { ...status, running: status.running && receiver.running() };
    },
    stop: async () => {
      await Promise.all([receiver.stop(), sender.stop()]);
    },
  };
}

async function checkToken(api: Api, apiRoot: string): Promise<UserFromGetMe> {
  try {
    // grammY types signals with its abort-controller shim; at run time any AbortSignal with addEventListener works.
    const signal = AbortSignal.timeout(GET_ME_TIMEOUT_MS) as unknown as Parameters<Api['getMe']>[0];
    return await api.getMe(signal);
  } catch (error) {
    if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
      throw new TelegramStartError(
        `Telegram rejected TELEGRAM_BOT_TOKEN (getMe answered ${error.error_code} ${error.description}). ` +
          'Copy the token again from @BotFather, or unset TELEGRAM_BOT_TOKEN to run without Telegram.',
      );
    }
    throw new TelegramStartError(
      `Could not check TELEGRAM_BOT_TOKEN: the Bot API at ${apiRoot} did not answer getMe (${describeError(error)}). ` +
        'Check the network, or set TELEGRAM_API_ROOT to a Bot API server this machine can reach.',
    );
  }
}

async function startPolling(tg: GrammyBot, onFailure: (error: unknown) => void, warn: Warn): Promise<Receiver> {
  let polling = true;
  let done: Promise<void> = Promise.resolve();
  await new Promise<void>((resolve, reject) => {
    done = tg.start({ allowed_updates: [...ALLOWED_UPDATES], onStart: () => resolve() }).then(
      () => {
        polling = false;
      },
      (error: unknown) => {
        polling = false;
        // Before onStart this fails startTelegram; after it, the error is logged and the status shows it.
        reject(new TelegramStartError(`Telegram long polling could not start: ${describeError(error)}${hintFor(error)}`));
        onFailure(error);
      },
    );
  });
  return {
    running: () => polling,
    stop: async () => {
      if (tg.isRunning()) await tg.stop().catch((error: unknown) => warn('confirming the last Telegram update at stop failed', error));
      await done;
    },
  };
}

async function startWebhook(tg: GrammyBot, server: FastifyInstance): Promise<Receiver> {
  const target = attachWebhookHandler(server, undefined);
  const handler = webhookCallback(tg, 'fastify', {
    secretToken: target.secret,
    onTimeout: 'return',
    timeoutMilliseconds: WEBHOOK_ANSWER_MS,
  });
  attachWebhookHandler(server, handler);
  try {
    await tg.api.setWebhook(target.url, { secret_token: target.secret, allowed_updates: [...ALLOWED_UPDATES] });
  } catch (error) {
    attachWebhookHandler(server, undefined);
    throw new TelegramStartError(
      `Telegram refused TELEGRAM_WEBHOOK_URL=${target.url} (setWebhook: ${describeError(error)}). ` +
        'It must be a public https:// URL (port 443, 80, 88 or 8443) that reaches this server.',
    );
  }
  let attached = true;
  return {
    running: () => attached,
    stop: async () => {
      attached = false;
      attachWebhookHandler(server, undefined);
    },
  };
}

function hintFor(error: unknown): string {
  if (!(error instanceof GrammyError)) return '';
  if (error.error_code === 409) return ': another process is receiving updates for this bot token (stop it, or use one webhook)';
  if (error.error_code === 401) return ': TELEGRAM_BOT_TOKEN was revoked; get a new one from @BotFather';
  return '';
}
