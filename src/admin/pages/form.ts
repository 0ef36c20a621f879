import type { FastifyRequest } from 'fastify';

/** A urlencoded form body as single strings (a repeated field keeps its first value). */
export function formOf(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  if (!body || typeof body !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}

/** The query string as single strings, the same way. */
export function queryOf(request: FastifyRequest): Record<string, string> {
  return formOf({ body: request.query } as FastifyRequest);
}

/** Where to go after login: a dashboard path from `next`, never another site. */
export function safeNext(next: string | undefined): string {
  if (next && /^\/admin(\/|\?|$)/.test(next) && !next.startsWith('/admin/login') && !/[\\\s]/.test(next)) return next;
  return '/admin/overview';
}

/** A short message shown after a redirect (`?done=…`), from a fixed list so the URL cannot inject text. */
export function doneNotice(messages: Record<string, string>, done: string | undefined): { kind: 'ok'; text: string } | undefined {
  const text = done ? messages[done] : undefined;
  return text ? { kind: 'ok', text } : undefined;
}
