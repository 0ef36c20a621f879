import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { messagePage, sendPage } from '../views/layout.js';
import { CSRF_HEADER, tokensMatch } from './csrf.js';
import { can, type Permission } from './roles.js';
import { type AdminAuth, SESSION_COOKIE, type SessionManager } from './sessions.js';

/** Who may call a dashboard route: anyone (login, stylesheet), or signed-in staff holding a permission. */
export type AdminRouteRule =
  | { access: 'public' }
  | {
      permission: Permission;
      /** Multipart upload: exempt from JSON-only; on a page its form carries the CSRF token in a field. */
      upload?: true;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Access rule of a dashboard route; the admin plugin refuses to register a route without one. */
    admin?: AdminRouteRule;
  }
  interface FastifyRequest {
    /** The signed-in staff user, set by the dashboard guard. */
    adminAuth: AdminAuth | null;
  }
}

/** Thrown at start-up for a dashboard route that does not say who may call it. */
export class UnguardedRouteError extends Error {
  constructor(method: string, url: string) {
    super(`Dashboard route ${method} ${url} has no config.admin rule; add { permission: '…' } or { access: 'public' }.`);
  }
}

/** onRoute check: every dashboard route declares its rule, so none is open by accident. */
export function requireRule(route: RouteOptions): void {
  if (!route.config?.admin) throw new UnguardedRouteError(String(route.method), route.url);
}

/** Whether a URL belongs to the JSON API (answers in JSON) rather than the pages. */
export function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function apiWrite(request: FastifyRequest): boolean {
  return isApi(request) && WRITES.has(request.method);
}

// A cross-site HTML form can only send urlencoded, multipart or text/plain bodies, never JSON.
function notJson(request: FastifyRequest): boolean {
  return apiWrite(request) && mediaType(request) !== 'application/json';
}

// Content type and SameSite alone are one browser bug away from CSRF: every API write also proves it read the session's token.
function missingToken(request: FastifyRequest, auth: AdminAuth): boolean {
  return apiWrite(request) && !tokensMatch(auth.session.csrfToken, request.headers[CSRF_HEADER]);
}

function unsupported(reply: FastifyReply): FastifyReply {
  return reply.code(415).send({ error: '接口只接受 content-type: application/json 的请求体（没有参数时发送 {}）' });
}

function deny(request: FastifyRequest, reply: FastifyReply, status: number, message: string, auth?: AdminAuth): FastifyReply {
  if (isApi(request)) return reply.code(status).header('cache-control', 'no-store').send({ error: message });
  return sendPage(reply, messagePage(status === 403 ? '没有权限' : '出错了', message, auth), status);
}

/** The onRequest hook of the dashboard: session, role, forced password change, JSON-only API writes and their CSRF header. */
export function adminGuard(sessions: SessionManager) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const rule = request.routeOptions.config.admin;
    if (!rule) return undefined;
    if ('access' in rule) return notJson(request) ? unsupported(reply) : undefined;
    const auth = await sessions.resolve(request.cookies[SESSION_COOKIE]);
    if (!auth) {
      if (isApi(request)) return reply.code(401).header('cache-control', 'no-store').send({ error: '请先登录（会话不存在或已过期）' });
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
      return reply.redirect(`/admin/login${next}`, 303);
    }
    if (!can(auth.user.role, rule.permission))
      return deny(request, reply, 403, '您的账号没有这项操作的权限，如需开通请联系系统管理员。', auth);
    if (auth.user.mustChangePassword && rule.permission !== 'account.self') {
      if (isApi(request)) return deny(request, reply, 403, '请先修改初始密码（POST /api/admin/password）');
      return reply.redirect('/admin/account?first=1', 303);
    }
    if (!rule.upload && notJson(request)) return unsupported(reply);
    if (missingToken(request, auth))
      return deny(request, reply, 403, `缺少或错误的 CSRF 令牌：请在请求头 ${CSRF_HEADER} 里带上登录响应中的 csrfToken`);
    request.adminAuth = auth;
    return undefined;
  };
}

/** Route options for a route that needs a permission; `upload` marks a multipart route (exempt from JSON-only). */
export function needs(permission: Permission, upload?: 'upload') {
  const admin: AdminRouteRule = upload ? { permission, upload: true } : { permission };
  return { config: { admin } };
}

/** Route options for a route anyone may call (login, the stylesheet). */
export const PUBLIC = { config: { admin: { access: 'public' } as AdminRouteRule } };
