import { rm } from 'node:fs/promises';
import { type Child, startChild } from '../../bench/child.js';
import { type JsonClient, jsonClient } from '../../bench/http.js';
import { FAKE_TOKEN } from '../fakes/telegram-api.js';
import { TEST_HASH_KEY, tempDir } from '../helpers/test-app.js';

/** The secret both instances expect on webhook posts (what Telegram would send back). */
export const WEBHOOK_SECRET = 'two-instances-webhook-secret';
const WEBHOOK_PATH = '/telegram/webhook';

/** One slot of the cluster: the process running in it now (undefined while it is down) and its generation. */
export type Instance = {
  name: string;
  child?: Child;
  client?: JsonClient;
  /** Counts starts; each start gets its own bot token, so the fake Bot API tells generations apart. */
  generation: number;
  token: string;
  dataDir: string;
};

/** Where the instances connect: the database (with its schema) and the fake Bot API. */
export type ClusterSettings = { databaseUrl: string; apiRoot: string; acceptToken: (token: string) => void };

/** Real `src/main.ts` processes on one database, each with a data dir of its own, receiving Telegram by webhook. */
export class Cluster {
  readonly instances: Instance[];

  constructor(
    private readonly settings: ClusterSettings,
    names: string[],
  ) {
    this.instances = names.map((name) => ({ name, generation: 0, token: '', dataDir: '' }));
  }

  /** Starts (or restarts) an instance and resolves once it listens with Telegram attached. */
  async start(instance: Instance): Promise<void> {
    instance.dataDir ||= await tempDir(`bangfu-${instance.name}-`);
    instance.generation += 1;
    instance.token = `${FAKE_TOKEN.split(':')[0]}:${instance.name}-gen-${instance.generation}`;
    this.settings.acceptToken(instance.token);
    const env = {
      DATA_DIR: instance.dataDir,
      DATABASE_URL: this.settings.databaseUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      SEED_DEMO: '0',
      ID_HASH_KEY: TEST_HASH_KEY,
      VISIT_REMINDERS: '0',
      LOG_LEVEL: 'warn',
      ADMIN_PASSWORD: 'two-instances-admin-password',
      CHAT_RATE_PER_USER_PER_MINUTE: '100000',
      CHAT_RATE_PER_IP_PER_MINUTE: '100000',
      CHAT_NEW_USERS_PER_IP_PER_HOUR: '100000',
      TELEGRAM_BOT_TOKEN: instance.token,
      TELEGRAM_API_ROOT: this.settings.apiRoot,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1${WEBHOOK_PATH}`,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    };
    const child = await startChild('src/main.ts', env, /Web chat:\s+http:\/\/127\.0\.0\.1:(\d+)\//, 90_000);
    instance.child = child;
    instance.client = jsonClient(child.port, 64);
  }

  /** kill -9, then resolves once the process is gone; the instance is down until started again. */
  async kill(instance: Instance): Promise<void> {
    const { child, client } = instance;
    instance.child = undefined;
    instance.client = undefined;
    if (!child) return;
    const gone = new Promise<void>((resolve) =>
      child.process.exitCode !== null || child.process.signalCode !== null ? resolve() : child.process.once('exit', () => resolve()),
    );
    child.process.kill('SIGKILL');
    await gone;
    client?.close();
  }

  /** The instances up now. */
  up(): Instance[] {
    return this.instances.filter((i) => i.child !== undefined);
  }

  /** The n-th instance if it is up, else another one that is; undefined when none is. */
  pick(n: number): Instance | undefined {
    const preferred = this.instances[n % this.instances.length];
    return preferred?.child ? preferred : this.up()[0];
  }

  /** Posts a Telegram update to an instance's webhook as Telegram would; the status, or 0 when the connection failed. */
  async postUpdate(instance: Instance, update: unknown): Promise<number> {
    const client = instance.client;
    if (!client) return 0;
    try {
      const res = await client.post(WEBHOOK_PATH, update, { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET });
      return res.status;
    } catch {
      return 0;
    }
  }

  /** Stops every instance (SIGTERM) and removes the data dirs. */
  async close(): Promise<void> {
    for (const instance of this.instances) {
      await instance.child?.stop();
      instance.client?.close();
      if (instance.dataDir) await rm(instance.dataDir, { recursive: true, force: true });
    }
  }
}
