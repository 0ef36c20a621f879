import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';
import { mayReadMetrics } from './metrics-access.js';
import type { Readiness } from './readiness.js';

/** What the operations routes need. */
export type OpsRoutesOptions = { readiness: Readiness; metrics: Metrics; metricsToken?: string };

/** The paths probes and Prometheus poll; request-log.ts logs their successes at debug, not info. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/** GET /healthz (the process serves), GET /readyz (store writable, channels started) and GET /metrics (Prometheus). */
export async function opsRoutes(app: FastifyInstance, options: OpsRoutesOptions): Promise<void> {
  const noStore = { 'cache-control': 'no-store' };
  app.get('/healthz', async (_request, reply) => reply.headers(noStore).send({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const report = await options.readiness.report();
    return reply
      .headers(noStore)
      .code(report.status === 'ok' ? 200 : 503)
      .send(report);
  });

  app.get('/metrics', async (request, reply) => {
    if (!mayReadMetrics(request, options.metricsToken)) {
      return reply
        .code(403)
        .headers(noStore)
        .send({ error: 'Metrics are served to this machine (loopback) or with the METRICS_TOKEN bearer token.' });
    }
    return reply
      .headers(noStore)
      .type(options.metrics.contentType)
      .send(await options.metrics.render());
  });
}
