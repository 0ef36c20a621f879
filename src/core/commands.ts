import { matchKey } from './text.js';

/** The words that work anywhere in a conversation. */
export type Command = 'cancel' | 'back' | 'menu' | 'human' | 'help';

const WORDS: Record<Command, readonly string[]> = {
  cancel: ['取消', '退出', '不填了', '不弄了', '算了', 'cancel', '/cancel'],
  back: ['返回', '上一步', '回上一步', '后退', 'back'],
  menu: ['菜单', '主菜单', '目录', '首页', '开始', 'menu', '/menu', '/start'],
  human: ['人工', '转人工', '人工服务', '找人', '客服', '联系人'],
  help: ['帮助', '帮忙', '怎么用', '说明', 'help', '/help'],
};

const LOOKUP = new Map<string, Command>(
  (Object.entries(WORDS) as [Command, readonly string[]][]).flatMap(([cmd, words]) => words.map((w) => [w, cmd] as const)),
);

/** Recognises a global command word, tolerating punctuation and 我要/请 prefixes. */
export function parseCommand(text: string): Command | undefined {
  const key = matchKey(text)
    .replace(/^(我要|我想|请|要)/, '')
    .replace(/(吧|啊|呀)$/, '');
  return LOOKUP.get(key) ?? LOOKUP.get(matchKey(text));
}

/** The command behind a choice id like `cmd:menu`, if it is one. */
export function commandOfChoice(choiceId: string): Command | undefined {
  const name = choiceId.startsWith('cmd:') ? choiceId.slice(4) : '';
  return name in WORDS ? (name as Command) : undefined;
}
