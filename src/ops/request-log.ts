import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { PROBE_PATHS } from './routes.js';

/**
 * Fastify's request logging, one line per request: fastify logs "incoming request" and "request completed" (two lines,
 * and the full URL with its query string, where web chat user ids travel); this logs method, path, status and ms once,
 * on the response. Probes that succeed are logged at debug, so a load balancer polling /readyz does not fill the log.
 */
export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const url = request.url.split('?')[0] ?? '';
    const line = { method: request.method, url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else if (PROBE_PATHS.has(url) && reply.statusCode < 400) reply.log.debug(line, 'request');
    else reply.log.info(line, 'request');
  }

  // The completed line already says 404; fastify's own line would repeat it with the query string.
  override routeNotFound(): void {}

  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    // A 5xx needs its error and stack; a 4xx is the client's mistake and its completed line is enough at info.
    if (reply.statusCode >= 500) reply.log.error({ err: error, url: request.url.split('?')[0] }, error.message);
    else reply.log.debug({ err: error }, error.message);
  }
}
