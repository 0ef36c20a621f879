import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/chat.js': { file: 'chat.js', type: 'text/javascript; charset=utf-8' },
  '/chat.css': { file: 'chat.css', type: 'text/css; charset=utf-8' },
  '/api.js': { file: 'api.js', type: 'text/javascript; charset=utf-8' },
  '/render.js': { file: 'render.js', type: 'text/javascript; charset=utf-8' },
  '/photo.js': { file: 'photo.js', type: 'text/javascript; charset=utf-8' },
};

/** Serves the browser chat page (plain HTML, CSS and a little JS, read once at start-up). */
export async function webPageRoutes(app: FastifyInstance): Promise<void> {
  for (const [url, asset] of Object.entries(ASSETS)) {
    const body = await readFile(new URL(`./public/${asset.file}`, import.meta.url));
    app.get(url, async (_request, reply) => reply.type(asset.type).header('cache-control', 'no-cache').send(body));
  }
}
