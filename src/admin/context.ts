import type { FastifyRequest } from 'fastify';
import type { ApplicationService } from '../ledger/application-service.js';
import type { ComplaintService } from '../ledger/complaint-service.js';
import type { StaffUser } from '../model/staff.js';
import type { Hasher } from '../privacy/keyed-hash.js';
import type { Store } from '../store/legacy-store.js';
import type { LoginLimiter } from './auth/login-limiter.js';
import type { AdminAuth, SessionManager } from './auth/sessions.js';
import type { OverviewSection } from './overview/sections.js';

/** What every dashboard route module receives from the plugin. */
export type AdminContext = {
  store: Store;
  now: () => Date;
  sessions: SessionManager;
  limiter: LoginLimiter;
  sections: readonly OverviewSection[];
  /** The ledgers' services: a transition goes through them so the reporter is told and the registry updated. */
  complaints: ComplaintService;
  applications: ApplicationService;
  /** Days after which a household counts as not visited (VISIT_OVERDUE_DAYS). */
  visitOverdueDays: number;
  /** DATA_DIR/uploads: the only directory visit photos are served from. */
  uploadsDir: string;
  /** The ID hasher the importer needs, under the data dir's key. */
  hasher: Hasher;
  /** Whether the data dir is a demo one: registry imports are refused there. */
  demo: boolean;
  /** Records a staff action in the audit log (the actor defaults to the signed-in user). */
  audit: (request: FastifyRequest, entry: AuditInput) => Promise<void>;
};

/** One audit entry as a handler describes it: what was done to which record. */
export type AuditInput = { action: string; target?: string; detail?: string; actor?: Pick<StaffUser, 'id' | 'username'> };

/** Thrown when a handler that needs a signed-in user runs without one: a route registered without the guard. */
export class MissingAuthError extends Error {
  constructor(url: string) {
    super(`Route ${url} ran without a signed-in staff user; register it with config.admin.permission so the guard runs first.`);
  }
}

/** The signed-in staff user of a request (the guard has set it for every non-public route). */
export function authOf(request: FastifyRequest): AdminAuth {
  if (!request.adminAuth) throw new MissingAuthError(request.url);
  return request.adminAuth;
}
