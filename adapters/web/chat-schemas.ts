import { z } from 'zod';

const MAX_TEXT = 2000;
/** How many history lines one request may ask for. */
export const MAX_HISTORY = 60;

const userId = z
  .string({ message: 'userId must be a string' })
  .trim()
  .min(1, { message: 'userId must not be empty' })
  .max(128, { message: 'userId must be at most 128 characters' });

/** The client's id for one message, so a send retried after a lost answer is answered once. */
const messageId = z
  .string({ message: 'messageId must be a string' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'messageId must be 1 to 64 letters, digits, "-" or "_"' })
  .optional();

/** `POST /api/chat`. */
export const chatBody = z
  .object(
    {
      userId,
      messageId,
      text: z
        .string({ message: 'text must be a string' })
        .max(MAX_TEXT, { message: `text must be at most ${MAX_TEXT} characters` })
        .optional(),
      choice: z
        .string({ message: 'choice must be a string' })
        .min(1, { message: 'choice must not be empty' })
        .max(200, { message: 'choice is too long' })
        .optional(),
      kind: z
        .enum(['text', 'image', 'voice', 'location', 'file', 'sticker', 'other'], { message: 'kind is not a known message kind' })
        .optional(),
    },
    { message: 'the body must be a JSON object' },
  )
  .refine((b) => b.text !== undefined || b.choice !== undefined || (b.kind !== undefined && b.kind !== 'text'), {
    message: 'send "text" or "choice"',
  });

/** `POST /api/chat/greeting`. */
export const greetingBody = z.object({ userId }, { message: 'the body must be a JSON object with a userId' });

/** `GET /api/chat/messages`. */
export const messagesQuery = z.object({ userId }, { message: 'userId is required' });

/** `GET /api/chat/history`. */
export const historyQuery = z.object(
  {
    userId,
    limit: z.coerce
      .number({ message: 'limit must be a number' })
      .int({ message: 'limit must be a whole number' })
      .min(1, { message: 'limit must be at least 1' })
      .max(MAX_HISTORY, { message: `limit must be at most ${MAX_HISTORY}` })
      .default(MAX_HISTORY),
  },
  { message: 'userId is required' },
);

/** `POST /api/chat/photo` (the photo itself is the body). */
export const photoQuery = z.object({ userId, messageId }, { message: 'userId is required' });
