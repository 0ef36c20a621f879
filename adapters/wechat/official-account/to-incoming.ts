import type { Attachment, Incoming, IncomingKind } from '../../../src/core/types.js';
import { WECHAT_OA_CHANNEL } from '../channel.js';
import type { OaMessage } from './xml.js';

/** A callback message as the core sees it, and whether it opens WeChat's 48-hour window for customer-service messages. */
export type OaIncoming = { incoming: Incoming; opensWindow: boolean };

/** Saves a user's image or voice (by MediaId) and says where; throws when it cannot. */
export type OaMediaSaver = (openId: string, mediaId: string, kind: IncomingKind) => Promise<Attachment>;

/** What translating needs besides the message. */
export type OaIncomingDeps = { saveMedia: OaMediaSaver; now: () => Date; warn: (message: string, error: unknown) => void };

// Events that are not the user talking to us: menu links, background location reports, delivery receipts.
const SILENT_EVENTS = new Set(['unsubscribe', 'view', 'location', 'templatesendjobfinish', 'masssendjobfinish', 'view_miniprogram']);

/** The core's view of an Official Account message or event; undefined for events the bot does not answer. */
export async function incomingOfOa(message: OaMessage, deps: OaIncomingDeps): Promise<OaIncoming | undefined> {
  const openId = message.FromUserName ?? '';
  const base = { channel: WECHAT_OA_CHANNEL, userId: openId, receivedAt: deps.now() };
  const said = (incoming: Incoming): OaIncoming => ({ incoming, opensWindow: true });
  switch (message.MsgType) {
    case 'text':
      return said({ ...base, kind: 'text', text: message.Content ?? '' });
    case 'location': {
      const lat = Number(message.Location_X);
      const lng = Number(message.Location_Y);
      const label = message.Label ? { label: message.Label } : {};
      return said({
        ...base,
        kind: 'location',
        ...(Number.isFinite(lat) && Number.isFinite(lng) ? { location: { lat, lng, ...label } } : {}),
      });
    }
    case 'link':
      return said({ ...base, kind: 'other', text: `${message.Title ?? ''}\n${message.Url ?? ''}`.trim() });
    case 'image':
      return said(await withMedia({ ...base, kind: 'image' }, message.MediaId, deps));
    case 'voice': {
      // WeChat's own transcript, when the account has speech recognition on.
      const text = message.Recognition ? { text: message.Recognition } : {};
      return said(await withMedia({ ...base, kind: 'voice', ...text }, message.MediaId, deps));
    }
    case 'video':
    case 'shortvideo':
      return said(await withMedia({ ...base, kind: 'file' }, message.MediaId, deps));
    case 'event':
      return eventIncoming(message, base);
    default:
      return said({ ...base, kind: 'other' });
  }
}

function eventIncoming(message: OaMessage, base: Pick<Incoming, 'channel' | 'userId' | 'receivedAt'>): OaIncoming | undefined {
  const event = (message.Event ?? '').toLowerCase();
  if (SILENT_EVENTS.has(event)) return undefined;
  // A click or a follow allows only a few customer-service messages within a minute, not the 48-hour window.
  if (event === 'click' && message.EventKey) return { incoming: { ...base, kind: 'text', choiceId: message.EventKey }, opensWindow: false };
  // An empty text starts a conversation: the core answers with its welcome and the menu.
  if (event === 'subscribe' || event === 'scan') return { incoming: { ...base, kind: 'text', text: '' }, opensWindow: false };
  return undefined;
}

async function withMedia(incoming: Incoming, mediaId: string | undefined, deps: OaIncomingDeps): Promise<Incoming> {
  if (!mediaId) return incoming;
  try {
    return { ...incoming, attachment: await deps.saveMedia(incoming.userId, mediaId, incoming.kind) };
  } catch (error) {
    deps.warn(`could not save a WeChat Official Account ${incoming.kind}; passing it on without the file`, error);
    return incoming;
  }
}
