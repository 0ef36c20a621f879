import type { Message, types } from 'wechaty';
import type { Attachment, Incoming, IncomingKind } from '../../src/core/types.js';
import type { LogId } from '../../src/privacy/log-id.js';
import { WECHAT_CHANNEL } from './channel.js';
import { pointOfMapLink } from './map-link.js';
import { saveMedia } from './save-media.js';
import { groupUserId } from './user-id.js';

/** What translating a message needs besides the message. */
export type IncomingDeps = {
  /** wechaty's enums, from the lazily imported module. */
  types: typeof types;
  dataDir: string;
  groupMentionOnly: boolean;
  maxBytes: number;
  now: () => Date;
  warn: (message: string, error: unknown) => void;
  /** Names the user's upload folder, so no contact id shows in the tree or in an error about a file in it. */
  logId: LogId;
  /** The puppet's payload readers (wechaty's own Message.toLocation cannot build its Location class in 1.20). */
  puppet: {
    messageLocation(messageId: string): Promise<{ latitude: number; longitude: number; name?: string; address?: string }>;
    messageUrl(messageId: string): Promise<{ title?: string; url: string }>;
  };
};

/** A message the bot should answer: the Incoming, where replies go, and whom to address in a group. */
export type Translated = { incoming: Incoming; to: string; mention?: string };

/** A wechaty message as an Incoming, or undefined when the bot must stay silent (own, official account, unaddressed group, system). */
export async function incomingOfMessage(message: Message, deps: IncomingDeps): Promise<Translated | undefined> {
  const { Contact, Message: Kind } = deps.types;
  if (message.self()) return undefined;
  const talker = message.talker();
  if (talker.type() === Contact.Official) return undefined;
  const type = message.type();
  if (type === Kind.Unknown || type === Kind.Recalled || type === Kind.GroupNote) return undefined;
  const room = message.room();
  let text = message.text();
  let where: Omit<Translated, 'incoming'> & { userId: string } = { userId: talker.id, to: talker.id };
  if (room) {
    const mentioned = await message.mentionSelf();
    if (deps.groupMentionOnly && !mentioned) return undefined;
    if (mentioned) text = await message.mentionText();
    where = { userId: groupUserId(room.id, talker.id), to: room.id, mention: talker.name() };
  }
  const { userId, ...reply } = where;
  const base = { channel: WECHAT_CHANNEL, userId, receivedAt: deps.now() };
  return { ...reply, incoming: await translate(message, type, text, base, deps) };
}

type Base = Pick<Incoming, 'channel' | 'userId' | 'receivedAt'>;

async function translate(message: Message, type: number, text: string, base: Base, deps: IncomingDeps): Promise<Incoming> {
  const Kind = deps.types.Message;
  if (type === Kind.Text) {
    const point = pointOfMapLink(text);
    return point ? { ...base, kind: 'location', location: point } : { ...base, kind: 'text', text };
  }
  if (type === Kind.Location) {
    const place = await deps.puppet.messageLocation(message.id);
    const label = [place.name, place.address].filter(Boolean).join(' ');
    return { ...base, kind: 'location', location: { lat: place.latitude, lng: place.longitude, ...(label ? { label } : {}) } };
  }
  if (type === Kind.Url) {
    const link = await deps.puppet.messageUrl(message.id);
    const point = pointOfMapLink(link.url);
    if (point) return { ...base, kind: 'location', location: { ...point, ...(link.title ? { label: link.title } : {}) } };
    return { ...base, kind: 'other', text: `${link.title ?? ''}\n${link.url}`.trim() };
  }
  if (type === Kind.Emoticon) return { ...base, kind: 'sticker' };
  const kind = mediaKind(type, deps.types);
  if (!kind) return { ...base, kind: 'other' };
  let attachment: Attachment | undefined;
  try {
    const file = await message.toFileBox();
    attachment = await saveMedia(file, {
      dataDir: deps.dataDir,
      channel: WECHAT_CHANNEL,
      userId: base.userId,
      folder: deps.logId(base.userId),
      now: base.receivedAt,
      maxBytes: deps.maxBytes,
    });
  } catch (error) {
    deps.warn(`could not save a WeChat ${kind}; passing it on without the file`, error);
  }
  return { ...base, kind, ...(attachment ? { attachment } : {}) };
}

function mediaKind(type: number, wechatyTypes: typeof types): IncomingKind | undefined {
  const Kind = wechatyTypes.Message;
  if (type === Kind.Image) return 'image';
  if (type === Kind.Audio) return 'voice';
  if (type === Kind.Attachment || type === Kind.Video) return 'file';
  return undefined;
}
