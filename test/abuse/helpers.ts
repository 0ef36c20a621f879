import { rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { type App, buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Reply } from '../../src/model/reply.js';
import { tempDir, withHashKey } from '../helpers/test-app.js';

/** The admin password every abuse test app uses. */
export const ADMIN_PASSWORD = 'test-admin-password-1';

/** A test app whose log lines (pino JSON) are captured instead of printed. */
export type LoggedApp = App & {
  dataDir: string;
  config: Config;
  logs: () => string;
  /** POST /api/chat as a web user from `ip`; returns status and parsed body. */
  post: (payload: unknown, ip?: string) => Promise<{ status: number; body: { replies?: Reply[]; error?: string; message?: string } }>;
  dispose: () => Promise<void>;
};

/** Builds the real app on a temp data dir with its logger writing into memory. */
export async function loggedApp(env: Record<string, string> = {}, options: { now?: () => Date } = {}): Promise<LoggedApp> {
  const dataDir = await tempDir('bangfu-abuse-');
  const config = loadConfig({
    SEED_DEMO: '0',
    VISIT_REMINDERS: '0',
    LOG_LEVEL: 'info',
    ADMIN_PASSWORD,
    ...withHashKey(env),
    DATA_DIR: dataDir,
  });
  let text = '';
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const app = await buildApp(config, { now: options.now, logStream });
  const post = async (payload: unknown, ip = '127.0.0.1') => {
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/chat',
      remoteAddress: ip,
      ...(typeof payload === 'string' ? { payload, headers: { 'content-type': 'application/json' } } : { payload: payload as object }),
    });
    let body: { replies?: Reply[]; error?: string; message?: string } = {};
    try {
      body = res.json();
    } catch {
      body = { error: res.body };
    }
    return { status: res.statusCode, body };
  };
  return {
    ...app,
    dataDir,
    config,
    logs: () => text,
    post,
    dispose: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
