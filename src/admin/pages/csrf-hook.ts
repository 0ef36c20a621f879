import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_FIELD, crossOrigin, tokensMatch } from '../auth/csrf.js';
import { messagePage, sendPage } from '../views/layout.js';
import { formOf } from './form.js';

/** preHandler of the pages: every POST form of a signed-in user carries the session's token (uploads check it themselves). */
export async function checkFormCsrf(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const rule = request.routeOptions.config.admin;
  if (request.method !== 'POST' || !rule || 'access' in rule || rule.upload || !request.adminAuth) return undefined;
  if (!crossOrigin(request) && tokensMatch(request.adminAuth.session.csrfToken, formOf(request)[CSRF_FIELD])) return undefined;
  const text = '页面已过期或来源不明，操作没有执行。请返回上一页，刷新后再试一次。';
  return sendPage(reply, messagePage('操作未执行', text, request.adminAuth), 403);
}
