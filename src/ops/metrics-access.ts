import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares a presented bearer token with the configured one in constant time (over digests, so the length leaks nothing either). */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

/**
 * Whether the request comes from this machine itself: the socket's peer is loopback and no proxy forwarded it. The
 * socket, not request.ip: with TRUST_PROXY, request.ip is whatever X-Forwarded-For says. And a request a local proxy
 * (nginx) forwards also arrives on loopback, so any forwarding header means it came from elsewhere.
 */
export function fromLoopback(request: FastifyRequest): boolean {
  const peer = request.socket.remoteAddress ?? '';
  return LOOPBACK.test(peer) && FORWARDING_HEADERS.every((name) => request.headers[name] === undefined);
}

/** Metrics go to loopback without a token, and anywhere with the METRICS_TOKEN bearer token. */
export function mayReadMetrics(request: FastifyRequest, token: string | undefined): boolean {
  if (token !== undefined && tokenMatches(request.headers.authorization, token)) return true;
  return fromLoopback(request);
}
