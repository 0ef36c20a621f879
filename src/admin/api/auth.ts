import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { needs, PUBLIC } from '../auth/guard.js';
import { attemptLogin } from '../auth/login.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../auth/sessions.js';
import { type AdminContext, authOf } from '../context.js';
import { parseInput } from '../services/list-query.js';
import { changeOwnPassword, passwordChange, publicStaff } from '../services/staff.js';

const credentials = z.object({
  username: z.string({ message: '请填写用户名' }).max(100),
  password: z.string({ message: '请填写密码' }).max(200),
});

/** `POST /api/admin/login`, `POST /api/admin/logout`, `GET /api/admin/me`, `POST /api/admin/password`. */
export function authApi(app: FastifyInstance, ctx: AdminContext): void {
  app.post('/api/admin/login', PUBLIC, async (request, reply) => {
    const { username, password } = parseInput(credentials, request.body);
    const outcome = await attemptLogin(ctx, request, username, password);
    if (!outcome.ok) {
      if (outcome.retryAfterSeconds) reply.header('retry-after', outcome.retryAfterSeconds);
      return reply.code(outcome.status).send({ error: outcome.message });
    }
    reply.setCookie(SESSION_COOKIE, outcome.token, sessionCookieOptions(request));
    return { user: publicStaff(outcome.user), csrfToken: outcome.session.csrfToken };
  });

  app.post('/api/admin/logout', needs('account.self'), async (request, reply) => {
    await ctx.audit(request, { action: 'logout' });
    await ctx.sessions.end(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
    return { ok: true };
  });

  app.get('/api/admin/me', needs('account.self'), async (request) => {
    const auth = authOf(request);
    return { user: publicStaff(auth.user), csrfToken: auth.session.csrfToken };
  });

  app.post('/api/admin/password', needs('account.self'), async (request) => {
    const user = await changeOwnPassword(ctx.store, ctx.now(), authOf(request), parseInput(passwordChange, request.body));
    await ctx.audit(request, { action: 'account.password', target: `staff:${user.id}` });
    return { user: publicStaff(user) };
  });
}
