import type { CallbackQuery, Message } from 'grammy/types';
import type { Attachment, Incoming, IncomingKind } from '../../src/core/types.js';
import type { LogId } from '../../src/privacy/log-id.js';
import type { CallbackTokens } from './callback-tokens.js';
import { TELEGRAM_CHANNEL } from './channel.js';
import type { FileDownloader, TelegramFileRef } from './file-download.js';
import { labelOfButton } from './keyboard.js';

/** What translating a message needs besides the message. */
export type IncomingDeps = {
  download: FileDownloader;
  now: () => Date;
  warn: (message: string, error: unknown) => void;
  /** How a chat id may appear in a log line. */
  logId: LogId;
};

type Media = { kind: IncomingKind; file: TelegramFileRef };

/** A Telegram message as an Incoming; files are saved first, and a failed download still passes the kind on. */
export async function incomingOfMessage(message: Message, deps: IncomingDeps): Promise<Incoming> {
  const base = { channel: TELEGRAM_CHANNEL, userId: String(message.chat.id), receivedAt: deps.now() };
  if (message.text !== undefined) return { ...base, kind: 'text', text: message.text };
  const caption = message.caption === undefined ? {} : { text: message.caption };
  if (message.location) {
    const { latitude: lat, longitude: lng } = message.location;
    const label = message.venue ? `${message.venue.title} ${message.venue.address}`.trim() : undefined;
    return { ...base, kind: 'location', location: label ? { lat, lng, label } : { lat, lng } };
  }
  const media = mediaOf(message);
  if (!media) return { ...base, kind: message.sticker ? 'sticker' : 'other', ...caption };
  let attachment: Attachment | undefined;
  try {
    attachment = await deps.download(base.userId, media.file);
  } catch (error) {
    deps.warn(`could not save a Telegram ${media.kind} from chat ${deps.logId(base.userId)}; passing it on without the file`, error);
  }
  return { ...base, kind: media.kind, ...caption, ...(attachment ? { attachment } : {}) };
}

/** A button press as an Incoming: its choice id, or the button's label when the token is no longer known. */
export function incomingOfCallback(query: CallbackQuery, chatId: string, tokens: CallbackTokens, now: Date): Incoming {
  const base = { channel: TELEGRAM_CHANNEL, userId: chatId, receivedAt: now };
  const data = query.data ?? '';
  const id = tokens.decode(data);
  if (id !== undefined) return { ...base, kind: 'text', choiceId: id };
  // After a restart the token map is empty; the label still matches the choice the core offered last.
  const label = labelOfButton(query.message?.reply_markup, data);
  // An unknown id reaches the core, which says the option has expired and shows the menu.
  return label ? { ...base, kind: 'text', text: label } : { ...base, kind: 'text', choiceId: data };
}

function mediaOf(message: Message): Media | undefined {
  const largest = message.photo?.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  if (largest) return { kind: 'image', file: { fileId: largest.file_id, size: largest.file_size, mime: 'image/jpeg' } };
  if (message.voice) {
    const { file_id, file_size, mime_type } = message.voice;
    return { kind: 'voice', file: { fileId: file_id, size: file_size, mime: mime_type ?? 'audio/ogg' } };
  }
  const document = message.document ?? message.audio;
  if (document) {
    const mime = document.mime_type;
    const kind = mime?.startsWith('image/') ? 'image' : 'file';
    return { kind, file: { fileId: document.file_id, size: document.file_size, mime } };
  }
  return undefined;
}
