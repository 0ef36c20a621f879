import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { CONSOLE_CAPABILITIES, CONSOLE_CHANNEL } from '../adapters/console/channel.js';
import { TELEGRAM_CAPABILITIES, TELEGRAM_CHANNEL } from '../adapters/telegram/channel.js';
import { registerTelegramWebhook } from '../adapters/telegram/webhook.js';
import { WEB_CAPABILITIES, WEB_CHANNEL } from '../adapters/web/channel.js';
import { webChatRoutes } from '../adapters/web/chat-routes.js';
import { webPageRoutes } from '../adapters/web/page-routes.js';
import { WECHAT_CAPABILITIES, WECHAT_CHANNEL, WECHAT_OA_CAPABILITIES, WECHAT_OA_CHANNEL } from '../adapters/wechat/channel.js';
import { registerOfficialAccount } from '../adapters/wechat/official-account/register.js';
import { WeChatStatusBoard } from '../adapters/wechat/status.js';
import { registerWeChatStatusPage } from '../adapters/wechat/status-page.js';
import type { FirstAdminOutput } from './admin/bootstrap.js';
import { adminPlugin, ensureFirstAdmin } from './admin/plugin.js';
import type { Config } from './config.js';
import { Bot } from './core/bot.js';
import { type SealedNotices, withNoticeRecording } from './core/notice-choices.js';
import { sessionKey } from './core/session.js';
import type { Capabilities, Identity } from './core/types.js';
import { openDataDir } from './data-dir/open.js';
import { prepareDemo } from './demo/seed.js';
import { enrolFlow } from './flows/cadre/enrol.js';
import { householdCodeFlow } from './flows/cadre/household-code.js';
import { myHouseholdsFlow, overdueFlow } from './flows/cadre/households.js';
import { visitFlow } from './flows/cadre/visit-form.js';
import { complaintFlow } from './flows/complaint/flow.js';
import { contactLine } from './flows/contact.js';
import type { FlowDeps } from './flows/deps.js';
import { feedbackFlow } from './flows/feedback.js';
import { hardshipFlow } from './flows/hardship.js';
import { householdFlow } from './flows/household/flow.js';
import { identify } from './flows/identity.js';
import { answerMidForm, policyFlow } from './flows/policy-qa.js';
import { applicationTracker, complaintTracker, progressFlow } from './flows/progress.js';
import type { IntentClassifier } from './intent/classifier.js';
import { loadIntents } from './intent/load.js';
import { createIntentRouter } from './intent/router.js';
import { type Knowledge, loadKnowledge } from './knowledge/index.js';
import { ApplicationService } from './ledger/application-service.js';
import { loadWorkingCalendar } from './ledger/calendar-file.js';
import { DEFAULT_DEADLINE_WORKING_DAYS } from './ledger/complaint-rules.js';
import { ComplaintService } from './ledger/complaint-service.js';
import { loggerOptions } from './log-options.js';
import { localDate } from './model/calendar.js';
import { appReadiness, enabledChannels } from './ops/app-readiness.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { observeStore } from './ops/observe-store.js';
import type { Readiness } from './ops/readiness.js';
import { OneLineRequestLog } from './ops/request-log.js';
import { opsRoutes } from './ops/routes.js';
import { registerStateGauges } from './ops/state-gauges.js';
import type { LogId } from './privacy/log-id.js';
import { fastifyTrustProxy } from './proxy-trust.js';
import { demoHouseholdIds } from './registry/demo.js';
import { asClusterJob } from './store/cluster-job.js';
import { PRUNE_INTERVAL_MS, pruneChatState } from './store/retention.js';
import type { Store } from './store/store.js';
import { VisitService } from './visits/visit-service.js';

/** The wired application: HTTP server, bot, store, ledger services and policy knowledge. */
export type App = {
  server: FastifyInstance;
  bot: Bot;
  store: Store;
  complaints: ComplaintService;
  applications: ApplicationService;
  /** Whether the data dir is a demo one (fictional data, demo logins); fixed when the data dir was created. */
  demo: boolean;
  /** What opening the data dir did that the operator must be told (permissions tightened, a key file created, an upgrade). */
  notices: string[];
  /** How chat adapters show a user id in log lines (a short keyed hash). */
  logId: LogId;
  /** What WeChat (the personal account started by main.ts, or the Official Account) is doing, for the dashboard. */
  wechatStatus: WeChatStatusBoard;
  knowledge: () => Knowledge;
  /** What /readyz checks; main.ts reports the channels it starts here. */
  readiness: Readiness;
  /** The Prometheus metrics /metrics serves. */
  metrics: Metrics;
  /** Re-reads content/ (policy topics, synonyms, intents) without a restart. */
  reloadKnowledge: () => Promise<void>;
  close: () => Promise<void>;
};

/** Options tests and benchmarks use to control time and logging. */
export type AppOptions = {
  now?: () => Date;
  logger?: boolean;
  /** Where log lines go (default stdout); tests capture them to prove nothing sensitive is logged. */
  logStream?: NodeJS.WritableStream;
  /** Where a generated first-admin password is shown (default: stderr if it is a terminal, else a 0600 file in DATA_DIR). */
  firstAdminOutput?: FirstAdminOutput;
};

const loaded = new Map<string, Promise<Knowledge>>();
const loadedIntents = new Map<string, Promise<IntentClassifier>>();
const FORM_SWEEP_MS = 5 * 60_000;
/** What each channel renders and lets users send, told to the bot as data. */
const CHANNELS = new Map<string, Capabilities>([
  [WEB_CHANNEL, WEB_CAPABILITIES],
  [CONSOLE_CHANNEL, CONSOLE_CAPABILITIES],
  [TELEGRAM_CHANNEL, TELEGRAM_CAPABILITIES],
  [WECHAT_CHANNEL, WECHAT_CAPABILITIES],
  [WECHAT_OA_CHANNEL, WECHAT_OA_CAPABILITIES],
]);

/** Loads content/ once per process per directory: building the index takes a few hundred ms (seconds the first time). */
function loadKnowledgeOnce(dir: string): Promise<Knowledge> {
  const cached = loaded.get(dir) ?? loadKnowledge(dir);
  loaded.set(dir, cached);
  cached.catch(() => loaded.delete(dir));
  return cached;
}

/** Loads content/intents once per process per directory, like the knowledge base. */
function loadIntentsOnce(dir: string): Promise<IntentClassifier> {
  const cached = loadedIntents.get(dir) ?? loadIntents(dir);
  loadedIntents.set(dir, cached);
  cached.catch(() => loadedIntents.delete(dir));
  return cached;
}

/** Builds the whole application from configuration; `listen` is left to the caller. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const metrics = createMetrics();
  const wanted = { explicit: config.BANGFU_MODE, forNew: config.SEED_DEMO ? ('demo' as const) : ('real' as const) };
  const opened = await openDataDir(config, wanted, () => demoHouseholdIds(config.CONTENT_DIR));
  const { hasher, addresses, logId, mode, notices } = opened;
  const observed = observeStore(opened.store, metrics.watchStore, metrics.onStoreCall);
  const now = options.now ?? (() => new Date());
  const sealedNotices: SealedNotices = new Map();
  const store = withNoticeRecording(observed, {
    sessions: observed.sessions,
    sealed: sealedNotices,
    hours: config.NOTIFICATION_REPLY_HOURS,
    now,
  });
  const deps: FlowDeps = { store, config, now };
  const server = Fastify({
    trustProxy: fastifyTrustProxy(config.TRUST_PROXY),
    logger: options.logger === false ? false : loggerOptions(config.LOG_LEVEL, options.logStream),
    logController: new OneLineRequestLog(),
  });
  const calendar = loadWorkingCalendar(config.CONTENT_DIR, (message) => server.log.warn(message));
  // The start-up check: a year the deadlines set today would reach without its calendar is logged now, not found later.
  calendar.missingYearsAhead(localDate(now()), Math.max(DEFAULT_DEADLINE_WORKING_DAYS, config.APPLICATION_CHECK_WORKING_DAYS));
  const demo = mode === 'demo';
  if (demo) await prepareDemo(store, hasher, config.CONTENT_DIR, now());
  let knowledge = await loadKnowledgeOnce(config.CONTENT_DIR);
  let intents = await loadIntentsOnce(config.CONTENT_DIR);
  const contact = (identity: Identity) => contactLine(deps, identity);
  const codeTaken = async (code: string) =>
    (await store.complaints.byTrackingCode(code)) !== undefined || (await store.applications.byTrackingCode(code)) !== undefined;
  const complaints = new ComplaintService(store, codeTaken, addresses, calendar);
  await complaints.sealLegacyReporters();
  const deadlines = {
    checkWorkingDays: config.APPLICATION_CHECK_WORKING_DAYS,
    decisionDays: config.APPLICATION_DECISION_DAYS,
    calendar,
  };
  const applications = new ApplicationService(store, deadlines, codeTaken);
  const visits = new VisitService(store, complaints, applications);
  // Order matters for free text: specific triggers and code lookups first, policy Q&A answers the rest.
  const flows = [
    progressFlow([complaintTracker(store, complaints), applicationTracker(store)]),
    enrolFlow(deps),
    visitFlow({ ...deps, visits }),
    myHouseholdsFlow(deps),
    overdueFlow(deps),
    householdCodeFlow({ ...deps, hasher }),
    complaintFlow({ ...deps, complaints }),
    hardshipFlow({ ...deps, applications }),
    householdFlow({ ...deps, hasher, contact }),
    feedbackFlow(deps),
    policyFlow({ knowledge: () => knowledge, contact, onOutcome: metrics.observer.outcome }),
  ];
  // Every free-text message passes the understanding step: intents (hardship, grievance, own status,
  // cadre work, small talk, step help) before the policy Q&A answers the rest.
  const router = createIntentRouter({
    classifier: () => intents,
    answer: (text) => answerMidForm(knowledge, text),
    answers: (text) => knowledge.ask(text).kind === 'answer',
  });
  const bot = new Bot({
    flows,
    sessions: store.sessions,
    identify: (channel, userId) => identify(store, channel, userId),
    contact,
    withLock: (key, fn) => store.coordination.withLock(key, fn),
    answerQuestion: (text) => {
      const answered = answerMidForm(knowledge, text);
      if (answered) metrics.observer.outcome('answered');
      return answered;
    },
    understand: router.understand,
    aside: router.aside,
    idleMinutes: config.SESSION_IDLE_MINUTES,
    sealedNotices,
    now,
    log: (message, error) => server.log.error({ err: error }, message),
    observer: metrics.observer,
    capabilities: (channel) => CHANNELS.get(channel),
  });
  const wechatStatus = new WeChatStatusBoard(config.WECHAT_MODE, now);
  const readiness = appReadiness({
    config,
    meta: store.meta,
    wechatStatus,
    now,
    log: (message, error) => server.log.error({ err: error }, message),
  });
  const visitOverdueDays = config.VISIT_OVERDUE_DAYS;
  registerStateGauges(metrics.registry, { store: opened.store, now, visitOverdueDays, channels: enabledChannels(config) });
  await server.register(opsRoutes, { readiness, metrics, metricsToken: config.METRICS_TOKEN });
  const wechatStatusFor = () => (config.WECHATY_PUPPET || config.WECHAT_MODE === 'official-account' ? wechatStatus.snapshot() : undefined);
  await server.register(helmet, {
    contentSecurityPolicy: {
      // No upgrade-insecure-requests: county offices often serve the dashboard over plain http on an intranet address.
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  const limits = {
    perUser: config.CHAT_RATE_PER_USER_PER_MINUTE,
    perIp: config.CHAT_RATE_PER_IP_PER_MINUTE,
    newUsersPerIpPerHour: config.CHAT_NEW_USERS_PER_IP_PER_HOUR,
    pollsPerIp: config.CHAT_POLLS_PER_IP_PER_MINUTE,
  };
  const knownUser = async (userId: string) =>
    (await store.sessions.getSession(sessionKey(WEB_CHANNEL, userId))) !== undefined ||
    (await store.bindings.get(WEB_CHANNEL, userId)) !== undefined;
  await server.register(webChatRoutes, {
    bot,
    outbox: store.outbox,
    now,
    limits,
    knownUser,
    dataDir: config.DATA_DIR,
    take: (key, limit, periodMs, at) => store.coordination.take(key, limit, periodMs, at),
  });
  await server.register(webPageRoutes);
  await ensureFirstAdmin(store, config, now(), options.firstAdminOutput);
  await server.register(adminPlugin, {
    store,
    config,
    now,
    hasher,
    demo,
    complaints,
    applications,
    reloadContent: async () => {
      await reloadKnowledge();
      return knowledge.topics().length;
    },
    extraPages: [(pages) => registerWeChatStatusPage(pages, { status: wechatStatusFor })],
  });
  // Telegram webhook route: it must exist before listen; startTelegram (called after buildApp) attaches the bot to it.
  if (config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_WEBHOOK_URL) registerTelegramWebhook(server, config);
  // WeChat Official Account callback route (/wechat/official-account): it too must exist before listen.
  if (config.WECHAT_MODE === 'official-account')
    registerOfficialAccount(server, { config, bot, store, log: server.log, logId, status: wechatStatus, now });
  // Scheduled jobs run on one instance of a cluster at a time (a lease in the store; always this one with lowdb).
  const prune = async () => {
    const pruned = await asClusterJob(store.coordination, 'prune-chat-state', PRUNE_INTERVAL_MS, now(), () =>
      pruneChatState(store, now(), config),
    );
    if (pruned && pruned.sessions + pruned.attempts + pruned.householdCodes > 0) server.log.info({ pruned }, 'pruned idle chat state');
  };
  await prune();
  const pruning = setInterval(
    () => prune().catch((error: unknown) => server.log.error({ err: error }, 'pruning chat state failed')),
    PRUNE_INTERVAL_MS,
  ).unref();
  // A form left half-filled is closed (and its answers erased from disk) once idle, even if the user never returns.
  const expireForms = () => {
    const cutoff = new Date(now().getTime() - config.SESSION_IDLE_MINUTES * 60_000);
    asClusterJob(store.coordination, 'expire-forms', FORM_SWEEP_MS, now(), () => store.sessions.expireForms(cutoff)).catch(
      (error: unknown) => server.log.error({ err: error }, 'closing idle forms failed'),
    );
  };
  const formSweep = setInterval(expireForms, FORM_SWEEP_MS);
  formSweep.unref();
  expireForms();
  server.addHook('onClose', async () => {
    clearInterval(formSweep);
    clearInterval(pruning);
    await store.close();
  });
  const reloadKnowledge = async () => {
    const [nextKnowledge, nextIntents] = await Promise.all([loadKnowledge(config.CONTENT_DIR), loadIntents(config.CONTENT_DIR)]);
    knowledge = nextKnowledge;
    intents = nextIntents;
    loaded.set(config.CONTENT_DIR, Promise.resolve(knowledge));
    loadedIntents.set(config.CONTENT_DIR, Promise.resolve(intents));
  };
  return {
    server,
    bot,
    store,
    complaints,
    applications,
    demo,
    notices,
    logId,
    wechatStatus,
    knowledge: () => knowledge,
    readiness,
    metrics,
    reloadKnowledge,
    close: () => server.close(),
  };
}
