import { Agent, request } from 'node:http';

/** A keep-alive JSON client for one local port. */
export type JsonClient = {
  post: (path: string, body: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: unknown; ms: number }>;
  get: (path: string) => Promise<{ status: number; body: unknown; ms: number }>;
  close: () => void;
};

/** A JSON client over node:http with up to `sockets` keep-alive connections. */
export function jsonClient(port: number, sockets = 64): JsonClient {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const send = (method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}) =>
    new Promise<{ status: number; body: unknown; ms: number }>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const started = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length, ...extraHeaders } : extraHeaders,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // Not JSON: keep the text.
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return {
    post: (path, body, headers) => send('POST', path, body, headers),
    get: (path) => send('GET', path),
    close: () => agent.destroy(),
  };
}

/** The value at quantile q (0..1) of ascending numbers. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}
