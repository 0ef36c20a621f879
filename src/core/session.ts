import type { Session } from '../model/session.js';

/** Where sessions are kept; implemented by the store. */
export interface SessionStore {
  getSession(id: string): Session | undefined;
  saveSession(session: Session): Promise<void>;
}

/** The session key for a chat user on a channel. */
export function sessionKey(channel: string, userId: string): string {
  return `${channel}:${userId}`;
}
