import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { webChatRoutes } from '../adapters/web/chat-routes.js';
import { webPageRoutes } from '../adapters/web/page-routes.js';
import type { Config } from './config.js';
import { Bot } from './core/bot.js';
import type { Identity } from './core/types.js';
import { contactLine } from './flows/contact.js';
import type { FlowDeps } from './flows/deps.js';
import { feedbackFlow } from './flows/feedback.js';
import { householdFlow } from './flows/household/flow.js';
import { identify } from './flows/identity.js';
import { answerMidForm, policyFlow } from './flows/policy-qa.js';
import { type Knowledge, loadKnowledge } from './knowledge/index.js';
import { createHasher, loadHashKey } from './privacy/keyed-hash.js';
import { openLowStore } from './store/lowdb/open-store.js';
import type { Store } from './store/store.js';

/** The wired application: HTTP server, bot, store and policy knowledge. */
export type App = {
  server: FastifyInstance;
  bot: Bot;
  store: Store;
  knowledge: () => Knowledge;
  /** Re-reads content/ (policy topics, synonyms) without a restart. */
  reloadKnowledge: () => Promise<void>;
  close: () => Promise<void>;
};

/** Options tests and benchmarks use to control time and logging. */
export type AppOptions = { now?: () => Date; logger?: boolean };

/** Builds the whole application from configuration; `listen` is left to the caller. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const store = await openLowStore(config.DATA_DIR);
  const now = options.now ?? (() => new Date());
  const deps: FlowDeps = { store, config, now };
  const hasher = createHasher(await loadHashKey(config.DATA_DIR, config.ID_HASH_KEY));
  let knowledge = await loadKnowledge(config.CONTENT_DIR);
  const contact = (identity: Identity) => contactLine(deps, identity);
  const flows = [
    policyFlow({ knowledge: () => knowledge, contact }),
    householdFlow({ ...deps, hasher, contact }),
    feedbackFlow(deps),
  ];
  const server = Fastify({ logger: options.logger === false ? false : { level: config.LOG_LEVEL } });
  const bot = new Bot({
    flows,
    sessions: store.sessions,
    identify: (channel, userId) => identify(store, channel, userId),
    contact,
    answerQuestion: (text) => answerMidForm(knowledge, text),
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
  const reloadKnowledge = async () => {
    knowledge = await loadKnowledge(config.CONTENT_DIR);
  };
  return { server, bot, store, knowledge: () => knowledge, reloadKnowledge, close: () => server.close() };
}
