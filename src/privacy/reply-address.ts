import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

import type { ChatAddress, SealedAddress } from '../model/address.js';

/** Seals, opens and tags reply addresses under one key. */
export type ReplyAddressBook = {
  seal(address: ChatAddress): SealedAddress;
  /** The user id inside a sealed address, or undefined when it was sealed under another key or altered. */
  open(address: Pick<SealedAddress, 'channel' | 'sealed'>): string | undefined;
  /** The lookup tag of a chat account: equal for the same account, unrelated otherwise. */
  tag(address: ChatAddress): string;
};

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A reply address book keyed by sub-keys of the hash key (which lives outside the data dir in a real deployment). */
export function createReplyAddressBook(masterKey: string): ReplyAddressBook {
  const derived = Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), Buffer.alloc(0), 'bangfu reply-address v1', 64));
  const sealKey = derived.subarray(0, 32);
  const tagKey = derived.subarray(32);
  const tag = ({ channel, userId }: ChatAddress) =>
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
