import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { webChatRoutes } from '../adapters/web/chat-routes.js';
import { webPageRoutes } from '../adapters/web/page-routes.js';
import type { Config } from './config.js';
import { Bot } from './core/bot.js';
import { contactLine } from './flows/contact.js';
import type { FlowDeps } from './flows/deps.js';
import { feedbackFlow } from './flows/feedback.js';
import { identify } from './flows/identity.js';
import { openLowStore } from './store/lowdb/open-store.js';
import type { Store } from './store/store.js';

/** The wired application: HTTP server, bot and store. */
export type App = { server: FastifyInstance; bot: Bot; store: Store; close: () => Promise<void> };

/** Options tests and benchmarks use to control time and logging. */
export type AppOptions = { now?: () => Date; logger?: boolean };

/** Builds the whole application from configuration; `listen` is left to the caller. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const store = await openLowStore(config.DATA_DIR);
  const now = options.now ?? (() => new Date());
  const deps: FlowDeps = { store, config, now };
  const flows = [feedbackFlow(deps)];
  const server = Fastify({ logger: options.logger === false ? false : { level: config.LOG_LEVEL } });
  const bot = new Bot({
    flows,
    sessions: store.sessions,
    identify: (channel, userId) => identify(store, channel, userId),
    contact: (identity) => contactLine(deps, identity),
    idleMinutes: config.SESSION_IDLE_MINUTES,
    now,
    log: (message, error) => server.log.error({ err: error }, message),
  });
  await server.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'"], scriptSrc: ["'self'"] },
    },
  });
  await server.register(webChatRoutes, { bot, outbox: store.outbox, now });
  await server.register(webPageRoutes);
  server.addHook('onClose', async () => store.close());
  return { server, bot, store, close: () => server.close() };
}
