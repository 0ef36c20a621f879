import type { Friendship, types } from 'wechaty';
import type { Bot } from '../../src/core/bot.js';
import type { Reply } from '../../src/model/reply.js';
import type { LogId } from '../../src/privacy/log-id.js';
import { WECHAT_CHANNEL } from './channel.js';

/** What handling a friend request needs. */
export type FriendshipDeps = {
  types: typeof types;
  /** Accept only requests whose greeting contains this (WECHAT_FRIEND_KEYWORD); undefined accepts all. */
  keyword?: string;
  bot: Pick<Bot, 'handle'>;
  reply: (to: string, replies: Reply[]) => void;
  now: () => Date;
  log: { info: (details: object, message: string) => void };
  /** How a contact id may appear in a log line. */
  logId: LogId;
};

/** Whether a friend request's greeting passes the keyword (width, case and spaces ignored); no keyword passes all. */
export function greetingMatches(hello: string, keyword: string | undefined): boolean {
  if (!keyword) return true;
  const norm = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  return norm(hello).includes(norm(keyword));
}

/** Accepts a friend request that passes the keyword, then greets the new friend with the bot's menu. */
export async function handleFriendship(friendship: Friendship, deps: FriendshipDeps): Promise<void> {
  if (friendship.type() !== deps.types.Friendship.Receive) return;
  const contact = friendship.contact();
  if (!greetingMatches(friendship.hello(), deps.keyword)) {
    deps.log.info({ contact: deps.logId(contact.id) }, 'WeChat: a friend request without the keyword was left for a person to decide');
    return;
  }
  await friendship.accept();
  // An empty text is how a new conversation starts: the core answers with its welcome and menu.
  const replies = await deps.bot.handle({ channel: WECHAT_CHANNEL, userId: contact.id, kind: 'text', text: '', receivedAt: deps.now() });
  deps.reply(contact.id, replies);
}
