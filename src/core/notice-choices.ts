import type { OutboxMessage } from '../model/outbox.js';
import type { Choice } from '../model/reply.js';
import type { Session } from '../model/session.js';
import type { OutboxRepo } from '../store/chat-repos.js';
import { matchChoice } from './choice-match.js';
import { type SessionStore, sessionKey } from './session.js';
import { parseOptionNumber } from './text.js';

/** A notification's choices, answerable until `until` (ISO time). */
export type Notice = NonNullable<Session['notice']>;

/** Notices of messages to sealed addresses, kept in memory only: on disk they would tie a chat account to an anonymous complaint. */
export type SealedNotices = Map<string, Notice>;

type Options = {
  sessions: SessionStore;
  sealed: SealedNotices;
  hours: number;
  now: () => Date;
  log?: (message: string, error?: unknown) => void;
};

/** Remembers, in the user's session, the choices of a delivered notification so typed labels and numbers answer it. */
export async function recordNotice(message: OutboxMessage, options: Options): Promise<void> {
  const choices = message.reply.choices;
  if (!choices?.length || !message.userId) return;
  const key = sessionKey(message.channel, message.userId);
  const now = options.now();
  const stored = await options.sessions.getSession(key);
  const session: Session = stored ? structuredClone(stored) : { id: key, updatedAt: now.toISOString(), version: 0 };
  // Choices shown before the notification are stale: a number typed now answers the notification.
  delete session.lastChoices;
  const notice = { choices, until: new Date(now.getTime() + options.hours * 3_600_000).toISOString() };
  if (message.sealedTo !== undefined) options.sealed.set(key, notice);
  else {
    options.sealed.delete(key);
    session.notice = notice;
  }
  session.version += 1;
  await options.sessions.saveSession(session);
}

/**
 * The outbox, recording a notification's choices when it is delivered: marked sent by a pushing adapter (its message
 * seen when claimed) or handed to a polling one (web).
 */
export function recordingOutbox(outbox: OutboxRepo, options: Options): OutboxRepo {
  const seen = new Map<string, OutboxMessage>();
  const remember = (messages: OutboxMessage[]) => {
    for (const m of messages) if (m.reply.choices?.length) seen.set(m.id, m);
    return messages;
  };
  const record = async (message: OutboxMessage) => {
    try {
      await recordNotice(message, options);
    } catch (error) {
      options.log?.('recording a notification’s choices failed', error);
    }
  };
  return new Proxy(outbox, {
    get(target, property, receiver) {
      if (property === 'claim') return async (...args: Parameters<OutboxRepo['claim']>) => remember(await target.claim(...args));
      if (property === 'release') {
        return (ids: readonly string[]) => {
          for (const id of ids) seen.delete(id);
          return target.release(ids);
        };
      }
      if (property === 'takeFor') {
        return async (...args: Parameters<OutboxRepo['takeFor']>) => {
          const messages = await target.takeFor(...args);
          const last = messages.filter((m) => m.reply.choices?.length).at(-1);
          if (last) await record(last);
          return messages;
        };
      }
      if (property === 'markSent') {
        return async (id: string, now: Date) => {
          await target.markSent(id, now);
          const message = seen.get(id);
          seen.delete(id);
          if (message) await record(message);
        };
      }
      if (property === 'markUnreachable') {
        return (id: string, error: string) => {
          seen.delete(id);
          return target.markUnreachable(id, error);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The session's notification choices while they can still be answered. */
export function liveNotice(notice: Notice | undefined, now: Date): Notice | undefined {
  return notice && Date.parse(notice.until) > now.getTime() ? notice : undefined;
}

/**
 * The notification choice a typed text answers: by label while the notification is live; by number only while no
 * later reply has shown its own numbered choices.
 */
export function noticeAnswer(notice: Notice, later: readonly Choice[] | undefined, text: string): Choice | undefined {
  if (later?.length && parseOptionNumber(text) !== undefined) return undefined;
  return matchChoice(notice.choices, { text });
}

/** The store with its outbox recording notification choices on delivery. */
export function withNoticeRecording<S extends { outbox: OutboxRepo }>(store: S, options: Options): S {
  const outbox = recordingOutbox(store.outbox, options);
  return new Proxy(store, {
    get: (target, property, receiver) => (property === 'outbox' ? outbox : Reflect.get(target, property, receiver)),
  });
}
