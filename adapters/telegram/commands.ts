import type { BotCommand } from 'grammy/types';

/** A slash command in Telegram's menu and the core command choice it stands for. */
export type TelegramCommand = BotCommand & { choiceId: string };

/** The commands set with setMyCommands at start; the core knows their choice ids. */
export const TELEGRAM_COMMANDS: readonly TelegramCommand[] = [
  { command: 'start', description: '开始使用，显示主菜单', choiceId: 'cmd:menu' },
  { command: 'menu', description: '主菜单', choiceId: 'cmd:menu' },
  { command: 'help', description: '怎么用', choiceId: 'cmd:help' },
  { command: 'cancel', description: '不填了，取消正在填的内容', choiceId: 'cmd:cancel' },
];

/** Sent before the menu on /start, the moment a user first opens the bot (Telegram-only, so it lives here). */
export const START_GREETING = '您好！我是帮扶助手，可以帮您查政策、查自家帮扶情况、反映问题。点下面的按钮，或者直接打字问我。';
