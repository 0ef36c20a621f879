import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { ApplicationService } from '../ledger/application-service.js';
import type { ComplaintService } from '../ledger/complaint-service.js';
import type { Hasher } from '../privacy/keyed-hash.js';
import { redact } from '../privacy/redact.js';
import type { Store } from '../store/legacy-store.js';
import { applicationsApi } from './api/applications.js';
import { auditApi } from './api/audit.js';
import { authApi } from './api/auth.js';
import { cadresApi } from './api/cadres.js';
import { complaintsApi } from './api/complaints.js';
import { householdsApi } from './api/households.js';
import { overviewApi } from './api/overview.js';
import { staffApi } from './api/staff.js';
import { visitsApi } from './api/visits.js';
import { adminGuard, PUBLIC, requireRule } from './auth/guard.js';
import { LoginLimiter } from './auth/login-limiter.js';
import { SessionManager } from './auth/sessions.js';
import { contentReloadApi, contentReloadPages, type ReloadContent } from './content-reload.js';
import type { AdminContext } from './context.js';
import { adminErrorHandler } from './error-handler.js';
import { defaultOverviewSections } from './overview/default-sections.js';
import { applicationsSection, complaintsSection } from './overview/ledger-sections.js';
import type { OverviewSection } from './overview/sections.js';
import { visitsSection } from './overview/visit-sections.js';
import { accountPages } from './pages/account.js';
import { applicationDetailPages } from './pages/application-detail.js';
import { applicationListPages } from './pages/applications.js';
import { auditPages } from './pages/audit.js';
import { cadrePages } from './pages/cadres.js';
import { complaintDetailPages } from './pages/complaint-detail.js';
import { complaintListPages } from './pages/complaints.js';
import { coveragePages } from './pages/coverage.js';
import { checkFormCsrf } from './pages/csrf-hook.js';
import { householdImportPages } from './pages/household-import.js';
import { householdPages } from './pages/households.js';
import { loginPages } from './pages/login.js';
import { overviewPages } from './pages/overview.js';
import { staffPages } from './pages/staff.js';
import { visitDetailPages } from './pages/visit-detail.js';
import { visitListPages } from './pages/visits.js';
import { MAX_UPLOAD_BYTES } from './services/import-upload.js';

export { ensureFirstAdmin } from './bootstrap.js';

/** What buildApp hands the dashboard. */
export type AdminPluginOptions = {
  store: Store;
  config: Pick<Config, 'DATA_DIR' | 'ADMIN_SESSION_IDLE_MINUTES' | 'VISIT_OVERDUE_DAYS'>;
  /** The ledgers' services, shared with the chat flows, so staff transitions notify reporters the same way. */
  complaints: ComplaintService;
  applications: ApplicationService;
  now?: () => Date;
  /** The registry's ID hasher, under the data dir's key. */
  hasher: Hasher;
  /** Whether the data dir is a demo one: registry imports are refused there. */
  demo: boolean;
  /** Panels added after the built-in ones. */
  overviewSections?: readonly OverviewSection[];
  /** Re-reads the policy content in the running bot (the 政策内容 page). */
  reloadContent?: ReloadContent;
  /** More signed-in pages from outside the dashboard (e.g. a chat adapter's status page); each must declare its permission. */
  extraPages?: readonly ((pages: FastifyInstance) => void)[];
};

/** The staff dashboard: pages under /admin and the JSON API under /api/admin, behind sessions, roles and CSRF checks. */
export async function adminPlugin(app: FastifyInstance, options: AdminPluginOptions): Promise<void> {
  const { store, config } = options;
  const now = options.now ?? (() => new Date());
  const ctx: AdminContext = {
    store,
    now,
    sessions: new SessionManager(store, now, config.ADMIN_SESSION_IDLE_MINUTES),
    limiter: new LoginLimiter(store.attempts, now),
    sections: [
      ...defaultOverviewSections,
      complaintsSection,
      applicationsSection,
      visitsSection(config.VISIT_OVERDUE_DAYS),
      ...(options.overviewSections ?? []),
    ],
    complaints: options.complaints,
    applications: options.applications,
    visitOverdueDays: config.VISIT_OVERDUE_DAYS,
    uploadsDir: join(config.DATA_DIR, 'uploads'),
    hasher: options.hasher,
    demo: options.demo,
    audit: async (request, { action, target, detail, actor = request.adminAuth?.user }) => {
      await store.audit.add({
        id: randomUUID(),
        at: now().toISOString(),
        staffId: actor?.id ?? '',
        username: actor?.username ?? '',
        action,
        ...(target === undefined ? {} : { target }),
        // A search filter can hold whatever staff typed, an ID number included: the log keeps it masked.
        ...(detail === undefined ? {} : { detail: redact(detail).slice(0, 500) }),
        ip: request.ip,
      });
    },
  };

  app.addHook('onRoute', requireRule);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 } });
  app.decorateRequest('adminAuth', null);
  app.addHook('onRequest', adminGuard(ctx.sessions));
  app.setErrorHandler(adminErrorHandler);

  const css = await readFile(new URL('./static/admin.css', import.meta.url));
  app.get('/admin/static/admin.css', PUBLIC, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );

  await app.register(async (api) => {
    for (const routes of [authApi, overviewApi, householdsApi, cadresApi, staffApi, auditApi, complaintsApi, applicationsApi, visitsApi]) {
      routes(api, ctx);
    }
    if (options.reloadContent) contentReloadApi(api, ctx, options.reloadContent);
  });
  await app.register(async (pages) => {
    await pages.register(formbody);
    pages.addHook('preHandler', checkFormCsrf);
    for (const routes of [
      loginPages,
      accountPages,
      overviewPages,
      householdPages,
      householdImportPages,
      cadrePages,
      staffPages,
      auditPages,
      complaintListPages,
      complaintDetailPages,
      applicationListPages,
      applicationDetailPages,
      visitListPages,
      visitDetailPages,
      coveragePages,
    ]) {
      routes(pages, ctx);
    }
    if (options.reloadContent) contentReloadPages(pages, ctx, options.reloadContent);
    for (const register of options.extraPages ?? []) register(pages);
  });
}
