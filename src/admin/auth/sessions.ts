import { createHash, randomBytes } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { AdminSession, StaffUser } from '../../model/staff.js';
import type { Store } from '../../store/legacy-store.js';

/** The name of the dashboard session cookie. */
export const SESSION_COOKIE = 'bangfu_admin';

/** The signed-in staff user of a request and their session. */
export type AdminAuth = { user: StaffUser; session: AdminSession };

const ABSOLUTE_LIFETIME_MS = 24 * 3600_000;
// Writing lastSeenAt on every request would rewrite the sessions file per click; once a minute is enough.
const TOUCH_EVERY_MS = 60_000;

/** A random, URL-safe secret of 32 bytes. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Cookie flags for the session: HttpOnly, SameSite=Strict, Secure whenever the request came over https. */
export function sessionCookieOptions(request: FastifyRequest): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' };
}

/** Server-side dashboard sessions with an idle timeout and an absolute lifetime. */
export class SessionManager {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly idleMinutes: number,
  ) {}

  /** Starts a session for a user; returns the cookie value, which is stored only as a hash. */
  async start(user: StaffUser, ip: string): Promise<{ token: string; session: AdminSession }> {
    const now = this.now();
    await this.store.adminSessions.removeIdleSince(new Date(now.getTime() - this.idleMinutes * 60_000));
    const token = randomToken();
    const session: AdminSession = {
      id: hashToken(token),
      staffId: user.id,
      csrfToken: randomToken(),
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      ip,
    };
    await this.store.adminSessions.put(session);
    return { token, session };
  }

  /** The live session behind a cookie value, refreshed; undefined when missing, idle too long, too old or its user is disabled. */
  async resolve(token: string | undefined): Promise<AdminAuth | undefined> {
    if (!token || token.length > 100) return undefined;
    const session = this.store.adminSessions.get(hashToken(token));
    if (!session) return undefined;
    const now = this.now().getTime();
    const user = this.store.staff.get(session.staffId);
    const idle = now - Date.parse(session.lastSeenAt) > this.idleMinutes * 60_000;
    const old = now - Date.parse(session.createdAt) > ABSOLUTE_LIFETIME_MS;
    if (!user || user.disabled || idle || old) {
      await this.store.adminSessions.remove(session.id);
      return undefined;
    }
    if (now - Date.parse(session.lastSeenAt) < TOUCH_EVERY_MS) return { user, session };
    const touched = { ...session, lastSeenAt: new Date(now).toISOString() };
    await this.store.adminSessions.put(touched);
    return { user, session: touched };
  }

  /** Ends the session behind a cookie value, if any. */
  async end(token: string | undefined): Promise<void> {
    if (token) await this.store.adminSessions.remove(hashToken(token));
  }
}
