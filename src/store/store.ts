import type { Application } from '../model/application.js';
import type { Cadre } from '../model/cadre.js';
import type { Complaint } from '../model/complaint.js';
import type { Household } from '../model/household.js';
import type { OutboxMessage } from '../model/outbox.js';
import type { Reply } from '../model/reply.js';
import type { Visit } from '../model/visit.js';
import type {
  AttemptRepo,
  BindingRepo,
  FeedbackRepo,
  HouseholdCodeRepo,
  InboundRepo,
  MetaRepo,
  OutboxAddress,
  OutboxRepo,
  SessionRepo,
} from './chat-repos.js';
import type { Coordination } from './coordination.js';
import type { LedgerRepo, VisitRepo } from './ledger-repos.js';
import type { ApplicationFilter, ApplicationSummary, ComplaintFilter, ComplaintSummary } from './queries.js';
import type { AidRepo, CadreRepo, HouseholdRepo, MemberRepo } from './registry-repos.js';
import type { AdminSessionRepo, AuditRepo, StaffRepo } from './staff-repos.js';

/** The records a transaction may read and write, by collection. */
export type TxRecords = { complaints: Complaint; applications: Application; visits: Visit; households: Household; cadres: Cadre };

/**
 * One transaction: reads see the store as it is plus this transaction's own writes, and hold what they read until
 * the end, so no other change to it comes in between; writes are staged and stored together when the callback
 * resolves (all of them or, on an error, none).
 */
export interface StoreTx {
  get<K extends keyof TxRecords>(collection: K, id: string): Promise<TxRecords[K] | undefined>;
  put<K extends keyof TxRecords>(collection: K, record: TxRecords[K]): void;
  getMeta(id: string): Promise<string | undefined>;
  setMeta(id: string, value: string): void;
  /** Queues a message; to a sealed address, the stored message holds only the sealed form. */
  enqueue(to: OutboxAddress, reply: Reply, now: Date): OutboxMessage;
}

/** Complaints (问题台账). */
export type ComplaintRepo = LedgerRepo<Complaint, ComplaintFilter, ComplaintSummary>;
/** Hardship applications (防返贫申报). */
export type ApplicationRepo = LedgerRepo<Application, ApplicationFilter, ApplicationSummary>;

/**
 * All domain storage. Every operation returns a promise and asks for what it needs (a filter, a page, a count);
 * changes that must happen together are one operation or one `transaction`. lowdb (src/store/lowdb) implements it in
 * one process; a database implementation serves several instances.
 */
export interface Store {
  sessions: SessionRepo;
  households: HouseholdRepo;
  members: MemberRepo;
  aid: AidRepo;
  bindings: BindingRepo;
  attempts: AttemptRepo;
  householdCodes: HouseholdCodeRepo;
  outbox: OutboxRepo;
  inbound: InboundRepo;
  feedback: FeedbackRepo;
  complaints: ComplaintRepo;
  applications: ApplicationRepo;
  visits: VisitRepo;
  meta: MetaRepo;
  staff: StaffRepo;
  adminSessions: AdminSessionRepo;
  audit: AuditRepo;
  cadres: CadreRepo;
  coordination: Coordination;
  /**
   * Runs `fn` as one transaction and resolves with its result once its writes are durable; after a crash either every
   * write is there or none. When `fn` throws, nothing is written and the error is rethrown.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Bytes written per collection (or file) since open, for benchmarks. */
  writtenBytes(): Record<string, number>;
  close(): Promise<void>;
}
