import type { Capabilities } from '../../src/core/types.js';

/** The channel name personal-account (wechaty) chats are stored under. */
export const WECHAT_CHANNEL = 'wechat';

/** The channel name Official Account (公众号) chats are stored under: its openids are another id space than wechaty's. */
export const WECHAT_OA_CHANNEL = 'wechat-oa';

/** What a personal WeChat chat renders: plain text, choices as numbered lines; long texts are split at 1,500 characters. */
export const WECHAT_CAPABILITIES: Capabilities = { buttons: false, maxTextLength: 1500, sends: ['image', 'voice', 'location', 'file'] };

/** Official Account text messages are capped at 2,048 UTF-8 bytes; 2,000 leaves room for the XML envelope's quirks. */
export const WECHAT_OA_MAX_BYTES = 2000;

/** What an Official Account chat renders: numbered lines (menu clicks arrive as choice ids), about 660 Chinese characters a message. */
export const WECHAT_OA_CAPABILITIES: Capabilities = {
  buttons: false,
  maxTextLength: Math.floor(WECHAT_OA_MAX_BYTES / 3),
  sends: ['image', 'voice', 'location', 'file'],
};

/** WeChat's own API, used when WECHAT_API_ROOT is not set. */
export const DEFAULT_WECHAT_API_ROOT = 'https://api.weixin.qq.com';
