import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_FIELD, crossOrigin, LOGIN_CSRF_COOKIE, tokensMatch } from '../auth/csrf.js';
import { needs, PUBLIC } from '../auth/guard.js';
import { attemptLogin } from '../auth/login.js';
import { randomToken, SESSION_COOKIE, sessionCookieOptions } from '../auth/sessions.js';
import type { AdminContext } from '../context.js';
import { html } from '../views/html.js';
import { layout, sendPage } from '../views/layout.js';
import { formOf, queryOf, safeNext } from './form.js';

function loginForm(request: FastifyRequest, reply: FastifyReply, next: string, username: string, error?: string, status = 200) {
  // Before any session exists the token lives in a cookie of its own (double submit) to stop login CSRF.
  const token = randomToken();
  reply.setCookie(LOGIN_CSRF_COOKIE, token, { ...sessionCookieOptions(request), path: '/admin/login' });
  const bye = queryOf(request).bye === '1';
  const body = html`<form method="post" action="/admin/login" class="card login">
    <input type="hidden" name="${CSRF_FIELD}" value="${token}">
    <input type="hidden" name="next" value="${next}">
    <div class="field"><label>用户名<input type="text" name="username" value="${username}" autocomplete="username" required autofocus></label></div>
    <div class="field"><label>密码<input type="password" name="password" autocomplete="current-password" required></label></div>
    <button type="submit">登录</button>
    <p class="muted">忘记密码请联系系统管理员重置。</p>
  </form>`;
  const notice = error ? { kind: 'error' as const, text: error } : bye ? { kind: 'ok' as const, text: '您已退出登录。' } : undefined;
  return sendPage(reply, layout({ title: '登录管理后台', notice, body }), status);
}

/** Login and logout pages, plus `/admin` itself. */
export function loginPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/login', PUBLIC, async (request, reply) => {
    const next = safeNext(queryOf(request).next);
    if (await ctx.sessions.resolve(request.cookies[SESSION_COOKIE])) return reply.redirect(next, 303);
    return loginForm(request, reply, next, '');
  });

  app.post('/admin/login', PUBLIC, async (request, reply) => {
    const form = formOf(request);
    const next = safeNext(form.next);
    if (crossOrigin(request) || !tokensMatch(request.cookies[LOGIN_CSRF_COOKIE], form[CSRF_FIELD])) {
      return loginForm(request, reply, next, form.username ?? '', '登录页面已过期，请重新输入后登录。', 403);
    }
    const outcome = await attemptLogin(ctx, request, form.username ?? '', form.password ?? '');
    if (!outcome.ok) return loginForm(request, reply, next, form.username ?? '', outcome.message, outcome.status);
    reply.clearCookie(LOGIN_CSRF_COOKIE, { ...sessionCookieOptions(request), path: '/admin/login' });
    reply.setCookie(SESSION_COOKIE, outcome.token, sessionCookieOptions(request));
    return reply.redirect(outcome.user.mustChangePassword ? '/admin/account?first=1' : next, 303);
  });

  app.post('/admin/logout', needs('account.self'), async (request, reply) => {
    await ctx.audit(request, { action: 'logout' });
    await ctx.sessions.end(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
    return reply.redirect('/admin/login?bye=1', 303);
  });

  app.get('/admin', needs('overview.read'), async (_request, reply) => reply.redirect('/admin/overview', 303));
}
