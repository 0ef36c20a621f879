import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Reply } from '../../src/model/reply.js';
import type { CallbackTokens } from './callback-tokens.js';
import { TELEGRAM_CAPABILITIES } from './channel.js';
import { keyboardOf } from './keyboard.js';
import { splitText } from './split-text.js';

/** One Telegram message to send: plain text (no parse mode, so nothing needs escaping), maybe with buttons. */
export type OutgoingMessage = { text: string; reply_markup?: InlineKeyboardMarkup };

// Telegram refuses an empty message, and buttons need a message to hang on.
const EMPTY_WITH_CHOICES = '请选择：';

/** A core reply as Telegram messages: text split at the length limit, choices as buttons on the last part. */
export function renderReply(reply: Reply, tokens: CallbackTokens): OutgoingMessage[] {
  const parts = splitText(reply.text, TELEGRAM_CAPABILITIES.maxTextLength);
  const choices = reply.choices ?? [];
  if (choices.length === 0) return parts.map((text) => ({ text }));
  const last = parts.pop() ?? EMPTY_WITH_CHOICES;
  return [...parts.map((text) => ({ text })), { text: last, reply_markup: keyboardOf(choices, tokens) }];
}
