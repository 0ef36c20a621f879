import type { Reply } from '../model/reply.js';

/** What kind of message a user sent; adapters map platform events onto these. */
export type IncomingKind = 'text' | 'image' | 'voice' | 'location' | 'file' | 'sticker' | 'other';

/** A file the adapter has already saved under DATA_DIR (photo, voice, document). */
export type Attachment = { path: string; mime?: string };

/** One platform-neutral message from a user to the bot. */
export type Incoming = {
  channel: string;
  userId: string;
  /**
   * Who is on the other end as far as the channel can vouch, when its user ids are whatever the client sends (the web
   * channel sets the client's network address). Unset where the platform verifies its user ids: then `userId` is the key.
   */
  clientKey?: string;
  kind: IncomingKind;
  text?: string;
  /** Set when the user pressed a button (or the web client sent a choice id). */
  choiceId?: string;
  location?: { lat: number; lng: number; label?: string };
  attachment?: Attachment;
  receivedAt: Date;
};

/**
 * What a channel can render, and which non-text kinds its users can send (a photo, a location…); the core never
 * branches on the channel name, only on this data.
 */
export type Capabilities = { buttons: boolean; maxTextLength: number; sends: readonly IncomingKind[] };

/** Who a chat user is to the bot, derived from their verified binding. */
export type Identity =
  /** `notice`: what the user must be told once, e.g. that their household binding just ended. */
  { kind: 'guest'; notice?: Reply } | { kind: 'household'; householdId: string } | { kind: 'cadre'; cadreId: string };
