import type { Capabilities } from '../../src/core/types.js';

/** The channel name Telegram chats are stored under. */
export const TELEGRAM_CHANNEL = 'telegram';

/** What Telegram renders: inline buttons and messages of up to 4,096 characters; users send photos, voice, places, files. */
export const TELEGRAM_CAPABILITIES: Capabilities = {
  buttons: true,
  maxTextLength: 4096,
  sends: ['image', 'voice', 'location', 'file'],
};

/** Telegram's own Bot API, used when TELEGRAM_API_ROOT is not set. */
export const DEFAULT_API_ROOT = 'https://api.telegram.org';

/** The update types the adapter handles; Telegram sends no others. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
