import { Gauge, type Registry } from 'prom-client';
import { APPLICATION_STATUSES, isApplicationOverdue } from '../model/application.js';
import { daysBetween, localDate } from '../model/calendar.js';
import { COMPLAINT_STATUSES, isOverdue } from '../model/complaint.js';
import type { ImportKind } from '../registry/importer.js';
import type { Store } from '../store/legacy-store.js';

/** What the gauges read at scrape time. */
export type StateSource = {
  store: Store;
  now: () => Date;
  /** A household is overdue for a visit after this many days without one (VISIT_OVERDUE_DAYS). */
  visitOverdueDays: number;
  /** The enabled chat channels, for outbox depth; pending messages of any other channel count as "other". */
  channels: readonly string[];
};

const IMPORT_KINDS: readonly ImportKind[] = ['households', 'members', 'aid'];
// The audit action the dashboard's import page records (src/admin/pages/household-import.ts), target `import:<kind>`.
const IMPORT_ACTION = 'households.import';
// Every pending message, whatever its retry time.
const ALL_PENDING = new Date('9999-12-31T00:00:00Z');

function zeroes(keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, 0]));
}

/** Gauges computed from the store when Prometheus scrapes: ledger by status, overdue counts, outbox depth, import runs. */
export function registerStateGauges(registry: Registry, source: StateSource): void {
  const registers = [registry];
  const { store } = source;
  new Gauge({
    name: 'bangfu_complaints',
    help: 'Complaints (问题台账) by status',
    labelNames: ['status'] as const,
    registers,
    collect() {
      const counts = zeroes(Object.keys(COMPLAINT_STATUSES));
      for (const c of store.complaints.all()) counts[c.status] = (counts[c.status] ?? 0) + 1;
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'bangfu_applications',
    help: 'Hardship applications (防返贫申报) by status',
    labelNames: ['status'] as const,
    registers,
    collect() {
      const counts = zeroes(Object.keys(APPLICATION_STATUSES));
      for (const a of store.applications.all()) counts[a.status] = (counts[a.status] ?? 0) + 1;
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'bangfu_overdue',
    help: 'Overdue items: complaints past their deadline, applications past their check or decision deadline, households not visited within VISIT_OVERDUE_DAYS',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      const now = source.now();
      const today = localDate(now);
      let complaints = 0;
      let applications = 0;
      let visits = 0;
      for (const c of store.complaints.all()) if (isOverdue(c, localDate(now))) complaints += 1;
      for (const a of store.applications.all()) if (isApplicationOverdue(a, localDate(now))) applications += 1;
      for (const h of store.households.all()) {
        const last = store.visits.lastFor(h.id)?.date;
        if (last === undefined || daysBetween(last, today) > source.visitOverdueDays) visits += 1;
      }
      this.set({ kind: 'complaint' }, complaints);
      this.set({ kind: 'application' }, applications);
      this.set({ kind: 'visit' }, visits);
    },
  });
  new Gauge({
    name: 'bangfu_outbox_messages',
    help: 'Outbox messages by status (pending, sent, unreachable)',
    labelNames: ['status'] as const,
    registers,
    collect() {
      for (const [status, n] of Object.entries(store.outbox.counts())) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'bangfu_outbox_pending',
    help: 'Outbox messages waiting to be sent, by channel (the outbox depth)',
    labelNames: ['channel'] as const,
    registers,
    collect() {
      let known = 0;
      for (const channel of source.channels) {
        const pending = store.outbox.due(channel, ALL_PENDING, Number.MAX_SAFE_INTEGER).length;
        known += pending;
        this.set({ channel }, pending);
      }
      this.set({ channel: 'other' }, Math.max(0, store.outbox.counts().pending - known));
    },
  });
  new Gauge({
    name: 'bangfu_import_runs',
    help: 'Registry imports run from the dashboard, by kind, as the audit log records them (npm run import runs with the server stopped)',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      const runs = store.audit.search({ action: IMPORT_ACTION, pageSize: Number.MAX_SAFE_INTEGER }).items;
      for (const kind of IMPORT_KINDS) this.set({ kind }, runs.filter((e) => e.target === `import:${kind}`).length);
    },
  });
}
