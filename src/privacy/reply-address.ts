import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** A chat account in clear: only the notifier ever holds one for an anonymous reporter. */
export type ClearAddress = { channel: string; userId: string };

/**
 * How to reach a reporter without storing who they are: the user id encrypted (AES-256-GCM, random IV, bound
 * to the channel) and a keyed lookup tag, so their own 查询进度 can find their items. Without the key neither
 * reveals the account, and the tag cannot be recomputed from a chat id found elsewhere (bindings, sessions).
 */
export type SealedAddress = { channel: string; tag: string; sealed: string };

/** Seals, opens and tags reply addresses under one key. */
export type ReplyAddressBook = {
  seal(address: ClearAddress): SealedAddress;
  /** The user id inside a sealed address, or undefined when it was sealed under another key or altered. */
  open(address: Pick<SealedAddress, 'channel' | 'sealed'>): string | undefined;
  /** The lookup tag of a chat account: equal for the same account, unrelated otherwise. */
  tag(address: ClearAddress): string;
};

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A reply address book keyed by sub-keys of the hash key (which lives outside the data dir in a real deployment). */
export function createReplyAddressBook(masterKey: string): ReplyAddressBook {
  const derived = Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), Buffer.alloc(0), 'bangfu reply-address v1', 64));
  const sealKey = derived.subarray(0, 32);
  const tagKey = derived.subarray(32);
  const tag = ({ channel, userId }: ClearAddress) =>
    createHmac('sha256', tagKey).update(`${channel}\u0000${userId}`, 'utf8').digest('hex').slice(0, 32);
  return {
    tag,
    seal: (address) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv).setAAD(Buffer.from(address.channel, 'utf8'));
      const body = Buffer.concat([cipher.update(address.userId, 'utf8'), cipher.final()]);
      const sealed = `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
      return { channel: address.channel, tag: tag(address), sealed };
    },
    open: ({ channel, sealed }) => {
      if (!sealed.startsWith(`${VERSION}.`)) return undefined;
      const bytes = Buffer.from(sealed.slice(VERSION.length + 1), 'base64url');
      if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(channel, 'utf8'));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
