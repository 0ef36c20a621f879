/** A chat account in clear (the user in front of the bot now); a complaint stores only its sealed form. */
export type ChatAddress = { channel: string; userId: string };

/**
 * How to reach a reporter without storing who they are: the user id encrypted (AES-256-GCM, random IV, bound
 * to the channel) and a keyed lookup tag, so their own 查询进度 can find their items. Without the key neither
 * reveals the account, and the tag cannot be recomputed from a chat id found elsewhere (bindings, sessions).
 */
export type SealedAddress = { channel: string; tag: string; sealed: string };
