import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Choice } from '../../src/model/reply.js';
import type { CallbackTokens } from './callback-tokens.js';

// Display widths (a Chinese character counts 2): two buttons of up to 16 fit side by side on a phone.
const HALF_ROW_WIDTH = 16;
const MAX_LABEL_WIDTH = 40;
const NUMBER_PREFIX = /^\d+\.\s/;
const WIDE = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

/** Choices as an inline keyboard: numbered buttons (so "回复数字" in the core's text stays true), two a row when all are short. */
export function keyboardOf(choices: readonly Choice[], tokens: CallbackTokens): InlineKeyboardMarkup {
  const buttons: InlineKeyboardButton[] = choices.map((choice, i) => ({
    text: `${i + 1}. ${truncate(choice.label.trim(), MAX_LABEL_WIDTH)}`,
    callback_data: tokens.encode(choice.id),
  }));
  const perRow = buttons.every((b) => displayWidth(b.text) <= HALF_ROW_WIDTH) ? 2 : 1;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return { inline_keyboard: rows };
}

/** The choice label of the button carrying this callback_data in a keyboard, if any. */
export function labelOfButton(markup: InlineKeyboardMarkup | undefined, data: string): string | undefined {
  for (const row of markup?.inline_keyboard ?? []) {
    for (const button of row) {
      if ('callback_data' in button && button.callback_data === data) return button.text.replace(NUMBER_PREFIX, '');
    }
  }
  return undefined;
}

/** How wide text looks in a proportional chat font, counting wide (CJK) characters as 2. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

function truncate(label: string, max: number): string {
  if (displayWidth(label) <= max) return label;
  let out = '';
  for (const char of label) {
    if (displayWidth(`${out}${char}…`) > max) break;
    out += char;
  }
  return `${out}…`;
}
