// Ids of wechaty contacts and rooms never contain "|" (wxid_…, @…, …@chatroom).
const GROUP_PREFIX = 'group|';

/** The user id for a group member: scoped to the group, so what they unlocked in a private chat never shows up in a group. */
export function groupUserId(roomId: string, contactId: string): string {
  return `${GROUP_PREFIX}${roomId}|${contactId}`;
}

/** The conversation (contact or room id) to send to for a user id of this channel. */
export function conversationOf(userId: string): string {
  if (!userId.startsWith(GROUP_PREFIX)) return userId;
  const rest = userId.slice(GROUP_PREFIX.length);
  return rest.slice(0, rest.lastIndexOf('|'));
}
