import type { Answers, Field, ParseResult, TurnContext } from '../core/form/types.js';
import type { Attachment, IncomingKind } from '../core/types.js';

/** The answers key a form's prefill fills with the non-text kinds the user's channel can send. */
const SENDS = 'channelSends';
/** The answers key photos sent along a free-text step are collected under. */
const PHOTOS = 'photos';
/** Photos one form keeps at most. */
export const MAX_PHOTOS = 3;

/**
 * Prefill for a form with a photo or location step: what the user's channel can send, from its capabilities. A bot
 * not told its channels (and a form started before this key existed) is taken to allow everything.
 */
export function mediaPrefill(ctx: TurnContext): Answers {
  return ctx.capabilities ? { [SENDS]: [...ctx.capabilities.sends] } : {};
}

/** Whether the user's channel can send any of `kinds`, for a photo or location step's `when`. */
export function canSend(answers: Answers, ...kinds: IncomingKind[]): boolean {
  const sends = answers[SENDS];
  return !Array.isArray(sends) || kinds.some((k) => sends.includes(k));
}

/** The photos collected by a `withPhotos` step. */
export function photosOf(answers: Answers): Attachment[] {
  const photos = answers[PHOTOS];
  return Array.isArray(photos) ? (photos as Attachment[]) : [];
}

/**
 * A free-text step that also takes photos: each photo is kept (up to MAX_PHOTOS) and the same step is asked again,
 * so a photo adds no step of its own. The prompt mentions photos only where the channel can send them.
 */
export function withPhotos(field: Field): Field {
  const { parse } = field;
  if (!parse) throw new Error(`withPhotos needs a field with parse (${field.key})`);
  return {
    ...field,
    accepts: [...(field.accepts ?? []), 'image'],
    prompt: async (answers, ctx) => {
      const base = typeof field.prompt === 'function' ? await field.prompt(answers, ctx) : field.prompt;
      return canSend(answers, 'image') ? `${base}\n有现场照片的话，也可以发过来（最多 ${MAX_PHOTOS} 张）。` : base;
    },
    parse: (input, answers, ctx): ParseResult | Promise<ParseResult> => {
      if (input.incoming.kind !== 'image') return parse(input, answers, ctx);
      const photos = photosOf(answers);
      if (photos.length >= MAX_PHOTOS) return { ok: false, free: true, reason: `照片最多 ${MAX_PHOTOS} 张，这张没有收下。` };
      const photo = parsePhoto(input);
      if (!photo.ok) return { ...photo, free: true };
      answers[PHOTOS] = [...photos, photo.value];
      return { ok: false, free: true, reason: `照片收到了（共 ${photos.length + 1} 张）。` };
    },
  };
}

/** Reads a photo step's answer: the photo the adapter saved under DATA_DIR. */
export function parsePhoto({ incoming }: { incoming: TurnContext['incoming'] }): ParseResult<Attachment> {
  if (incoming.kind === 'image' && incoming.attachment) {
    const { path, mime } = incoming.attachment;
    return { ok: true, value: mime ? { path, mime } : { path }, shown: '照片 1 张' };
  }
  return { ok: false, reason: '照片没有收到，请再发一次；不发也可以，直接打字。' };
}
