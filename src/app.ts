import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerTelegramWebhook } from '../adapters/telegram/webhook.js';
import { webChatRoutes } from '../adapters/web/chat-routes.js';
import { webPageRoutes } from '../adapters/web/page-routes.js';
import { adminPlugin, ensureFirstAdmin } from './admin/plugin.js';
import type { Config } from './config.js';
import { Bot } from './core/bot.js';
import type { Identity } from './core/types.js';
import { contactLine } from './flows/contact.js';
import type { FlowDeps } from './flows/deps.js';
import { enrolFlow } from './flows/cadre/enrol.js';
import { myHouseholdsFlow, overdueFlow } from './flows/cadre/households.js';
import { visitFlow } from './flows/cadre/visit-form.js';
import { complaintFlow } from './flows/complaint/flow.js';
import { feedbackFlow } from './flows/feedback.js';
import { householdFlow } from './flows/household/flow.js';
import { identify } from './flows/identity.js';
import { answerMidForm, policyFlow } from './flows/policy-qa.js';
import { complaintTracker, progressFlow } from './flows/progress.js';
import { type Knowledge, loadKnowledge } from './knowledge/index.js';
import { ComplaintService } from './ledger/complaint-service.js';
import { createHasher, loadHashKey } from './privacy/keyed-hash.js';
import { VisitService } from './visits/visit-service.js';
import { openLowStore } from './store/lowdb/open-store.js';
import type { Store } from './store/store.js';

/** The wired application: HTTP server, bot, store, ledger services and policy knowledge. */
export type App = {
  server: FastifyInstance;
  bot: Bot;
  store: Store;
  complaints: ComplaintService;
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
  const complaints = new ComplaintService(store, (code) => store.complaints.byTrackingCode(code) !== undefined);
  // Order matters for free text: specific triggers and code lookups first, policy Q&A answers the rest.
  const visits = new VisitService(store, complaints);
  const flows = [
    progressFlow([complaintTracker(store)]),
    enrolFlow(deps),
    visitFlow({ ...deps, visits }),
    myHouseholdsFlow(deps),
    overdueFlow(deps),
    complaintFlow({ ...deps, complaints }),
    householdFlow({ ...deps, hasher, contact }),
    feedbackFlow(deps),
    policyFlow({ knowledge: () => knowledge, contact }),
  ];
  const server = Fastify({ trustProxy: config.TRUST_PROXY, logger: options.logger === false ? false : { level: config.LOG_LEVEL } });
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
  await ensureFirstAdmin(store, config, now());
  await server.register(adminPlugin, { store, config, now, hasher });
  // Telegram webhook route: it must exist before listen; startTelegram (called after buildApp) attaches the bot to it.
  if (config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_WEBHOOK_URL) registerTelegramWebhook(server, config);
  server.addHook('onClose', async () => store.close());
  const reloadKnowledge = async () => {
    knowledge = await loadKnowledge(config.CONTENT_DIR);
  };
  return { server, bot, store, complaints, knowledge: () => knowledge, reloadKnowledge, close: () => server.close() };
}
