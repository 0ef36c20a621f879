import { Gauge, type Registry } from 'prom-client';
import { localDate } from '../model/calendar.js';
import type { ImportKind } from '../registry/importer.js';
import type { Store } from '../store/store.js';
import { visitedSince } from '../visits/coverage.js';

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

/** Gauges computed from the store when Prometheus scrapes: ledger by status, overdue counts, outbox depth, import runs. */
export function registerStateGauges(registry: Registry, source: StateSource): void {
  const registers = [registry];
  const { store } = source;
  new Gauge({
    name: 'bangfu_complaints',
    help: 'Complaints (问题台账) by status',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      const { byStatus } = await store.complaints.summary({});
      for (const [status, n] of Object.entries(byStatus)) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'bangfu_applications',
    help: 'Hardship applications (防返贫申报) by status',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      const { byStatus } = await store.applications.summary({});
      for (const [status, n] of Object.entries(byStatus)) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'bangfu_overdue',
    help: 'Overdue items: complaints past their deadline, applications past their check or decision deadline, households not visited within VISIT_OVERDUE_DAYS',
    labelNames: ['kind'] as const,
    registers,
    async collect() {
      const now = source.now();
      const today = localDate(now);
      const complaints = await store.complaints.summary({ today });
      const applications = await store.applications.summary({ today });
      const visits = await store.households.count({ notVisitedSince: visitedSince(now, source.visitOverdueDays) });
      this.set({ kind: 'complaint' }, complaints.overdue);
      this.set({ kind: 'application' }, applications.overdue);
      this.set({ kind: 'visit' }, visits);
    },
  });
  new Gauge({
    name: 'bangfu_outbox_messages',
    help: 'Outbox messages by status (pending, sent, unreachable)',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      for (const [status, n] of Object.entries(await store.outbox.counts())) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'bangfu_outbox_pending',
    help: 'Outbox messages waiting to be sent, by channel (the outbox depth)',
    labelNames: ['channel'] as const,
    registers,
    async collect() {
      let known = 0;
      for (const channel of source.channels) {
        const pending = await store.outbox.countPending(channel);
        known += pending;
        this.set({ channel }, pending);
      }
      this.set({ channel: 'other' }, Math.max(0, (await store.outbox.counts()).pending - known));
    },
  });
  new Gauge({
    name: 'bangfu_import_runs',
    help: 'Registry imports run from the dashboard, by kind, as the audit log records them (npm run import runs with the server stopped)',
    labelNames: ['kind'] as const,
    registers,
    async collect() {
      for (const kind of IMPORT_KINDS) this.set({ kind }, await store.audit.count({ action: IMPORT_ACTION, target: `import:${kind}` }));
    },
  });
}
