import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Choice, Reply } from '../../src/model/reply.js';
import { testStoreEnv } from './test-store.js';

/** A running test app on a temp data dir, with a chat helper over `app.inject`. */
export type TestApp = App & {
  dataDir: string;
  config: Config;
  /** Sends text (or `{ choice }`) as a web user and returns the replies. */
  chat: (userId: string, input: string | { choice: string }) => Promise<Reply[]>;
  /** Closes the app and deletes the data dir. */
  dispose: () => Promise<void>;
};

/** The ID hash key test apps use unless a test sets ID_HASH_KEY or ID_HASH_KEY_FILE itself (a real data dir needs one). */
export const TEST_HASH_KEY = 'test-app-hash-key-0123456789abcdef012345';

/** `env` with TEST_HASH_KEY added when it names no key. */
export function withHashKey(env: Record<string, string>): Record<string, string> {
  return env.ID_HASH_KEY || env.ID_HASH_KEY_FILE ? env : { ID_HASH_KEY: TEST_HASH_KEY, ...env };
}

/** Creates a temp data dir path. */
export async function tempDir(prefix = 'bangfu-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * Builds the real app on a temp (or given) data dir with logging off, demo data off unless asked and TEST_HASH_KEY unless
 * given; under TEST_STORE=postgres (npm run test:pg) its store is a PostgreSQL schema of that data dir unless `env` names a database.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { now?: () => Date; dataDir?: string } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? (await tempDir());
  const config = loadConfig({
    SEED_DEMO: '0',
    VISIT_REMINDERS: '0',
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD: 'test-admin-password-1',
    ...(env.DATABASE_URL ? {} : await testStoreEnv(dataDir)),
    ...withHashKey(env),
    DATA_DIR: dataDir,
  });
  const app = await buildApp(config, { now: options.now, logger: false });
  const chat = async (userId: string, input: string | { choice: string }) => {
    const payload = typeof input === 'string' ? { userId, text: input } : { userId, choice: input.choice };
    const response = await app.server.inject({ method: 'POST', url: '/api/chat', payload });
    if (response.statusCode !== 200) throw new Error(`chat answered ${response.statusCode}: ${response.body}`);
    return (response.json() as { replies: Reply[] }).replies;
  };
  const dispose = async () => {
    await app.close();
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  return { ...app, dataDir, config, chat, dispose };
}

/** The text of all replies, joined. */
export function textOf(replies: Reply[]): string {
  return replies.map((r) => r.text).join('\n');
}

/** The choices of the last reply that has any. */
export function choicesOf(replies: Reply[]): Choice[] {
  return [...replies].reverse().find((r) => r.choices)?.choices ?? [];
}

/** The id of the choice whose label contains `label`; fails loudly when absent. */
export function choiceId(replies: Reply[], label: string): string {
  const choice = choicesOf(replies).find((c) => c.label.includes(label));
  if (!choice) throw new Error(`No choice "${label}" in ${JSON.stringify(choicesOf(replies))}`);
  return choice.id;
}
