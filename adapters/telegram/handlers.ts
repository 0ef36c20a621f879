import type { Api, BotError, Bot as GrammyBot } from 'grammy';
import type { Bot } from '../../src/core/bot.js';
import type { Incoming } from '../../src/core/types.js';
import { type Reply, reply } from '../../src/model/reply.js';
import type { LogId } from '../../src/privacy/log-id.js';
import type { CallbackTokens } from './callback-tokens.js';
import { TELEGRAM_CHANNEL } from './channel.js';
import { START_GREETING, TELEGRAM_COMMANDS } from './commands.js';
import type { FileDownloader } from './file-download.js';
import type { RateLimiter } from './rate-limiter.js';
import { renderReply } from './render-reply.js';
import { incomingOfCallback, incomingOfMessage } from './to-incoming.js';

/** What the update handlers need. */
export type HandlerDeps = {
  bot: Pick<Bot, 'handle'>;
  tokens: CallbackTokens;
  limiter: RateLimiter;
  download: FileDownloader;
  now: () => Date;
  warn: (message: string, error: unknown) => void;
  /** How a chat id may appear in a log line. */
  logId: LogId;
  /** The one error handler, for polling and webhook alike. */
  onError: (error: BotError) => void;
};

/** Wires Telegram updates from private chats to the core: commands, button presses, messages. */
export function installHandlers(tg: GrammyBot, deps: HandlerDeps): void {
  // Bindings to a household are personal, so group chats are left alone.
  const chats = tg.errorBoundary(deps.onError).chatType('private');
  for (const { command, choiceId } of TELEGRAM_COMMANDS) {
    const greeting = command === 'start' ? [reply(START_GREETING)] : [];
    chats.command(command, (ctx) => converse(ctx.api, deps, commandIncoming(String(ctx.chat.id), choiceId, deps.now()), greeting));
  }
  chats.on('callback_query:data', async (ctx) => {
    // Answer first so the button stops spinning; a query too old to answer still gets handled.
    await ctx.answerCallbackQuery().catch((error: unknown) => deps.warn('answerCallbackQuery failed', error));
    await converse(ctx.api, deps, incomingOfCallback(ctx.callbackQuery, String(ctx.chat.id), deps.tokens, deps.now()));
  });
  chats.on('message', async (ctx) => {
    await converse(ctx.api, deps, await incomingOfMessage(ctx.message, deps));
  });
}

/** Sends core replies to a chat in order, each split and given its buttons. */
export async function sendReplies(api: Api, chatId: string, replies: readonly Reply[], deps: Pick<HandlerDeps, 'tokens' | 'limiter'>) {
  for (const message of replies.flatMap((r) => renderReply(r, deps.tokens))) {
    deps.limiter.record(chatId, Date.now());
    await api.sendMessage(chatId, message.text, message.reply_markup ? { reply_markup: message.reply_markup } : {});
  }
}

async function converse(api: Api, deps: HandlerDeps, incoming: Incoming, before: Reply[] = []): Promise<void> {
  const replies = await deps.bot.handle(incoming);
  await sendReplies(api, incoming.userId, [...before, ...replies], deps);
}

function commandIncoming(chatId: string, choiceId: string, now: Date): Incoming {
  return { channel: TELEGRAM_CHANNEL, userId: chatId, kind: 'text', choiceId, receivedAt: now };
}
