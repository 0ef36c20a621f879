import { Counter, Histogram, Registry } from 'prom-client';
import type { BotObserver, QaOutcome } from '../core/observer.js';
import type { StoreCall } from './observe-store.js';
import { OUTBOX_METHODS, OutboxEvents } from './outbox-events.js';
import { processRegistry } from './process-metrics.js';

// A verb at the start of a store method name marks a write (saveSession, put, markSent, …); reads are get/by/search/all/….
const WRITE_METHOD =
  /^(save|upsert|add|bind|unbind|record|enqueue|take|mark|note|put|set|remove|redeem|delete|insert|update|transaction|claim|release|issue|expire)([A-Z]|$)/;

/** The application's Prometheus metrics: event counters fed by the bot and the store, plus gauges added by state-gauges.ts. */
export type Metrics = {
  registry: Registry;
  /** Pass to the Bot: messages in and out, turn latency, intent routing. */
  observer: BotObserver;
  /** Which store calls `onStoreCall` wants (observeStore's filter). */
  watchStore: (repo: string, method: string) => boolean;
  onStoreCall: (call: StoreCall) => void;
  /** The text exposition of these and the process metrics. */
  render: () => Promise<string>;
  contentType: string;
};

/** Creates a registry for one app (tests build many apps in one process) with its counters and histograms. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const messages = new Counter({
    name: 'bangfu_chat_messages_total',
    help: 'Chat messages by channel: in (received and handled) and out (replies to them)',
    labelNames: ['channel', 'direction'] as const,
    registers,
  });
  const turns = new Histogram({
    name: 'bangfu_turn_duration_seconds',
    help: 'Time to handle one chat message, session save included',
    labelNames: ['channel'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const outcomes = new Counter({
    name: 'bangfu_qa_outcomes_total',
    help: 'How free-text messages ended: answered, clarified, referred to a person, or intent-routed to a flow',
    labelNames: ['outcome'] as const,
    registers,
  });
  const writes = new Histogram({
    name: 'bangfu_store_write_duration_seconds',
    help: 'Store writes by operation (repo.method), until durable',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const writeErrors = new Counter({
    name: 'bangfu_store_write_errors_total',
    help: 'Store writes that failed (disk full, not writable), by operation',
    labelNames: ['operation'] as const,
    registers,
  });
  const delivered = new Counter({
    name: 'bangfu_outbox_delivered_total',
    help: 'Proactive messages delivered from the outbox, by channel',
    labelNames: ['channel'] as const,
    registers,
  });
  const failures = new Counter({
    name: 'bangfu_outbox_failures_total',
    help: 'Outbox sends that failed, by channel and reason (unreachable is final; the others are retried)',
    labelNames: ['channel', 'reason'] as const,
    registers,
  });
  for (const outcome of ['answered', 'clarified', 'referred', 'intent-routed'] satisfies QaOutcome[]) outcomes.inc({ outcome }, 0);
  const outbox = new OutboxEvents({
    delivered: (channel, count) => delivered.inc({ channel }, count),
    failed: (channel, reason) => failures.inc({ channel, reason }),
  });
  const isWrite = (method: string) => WRITE_METHOD.test(method);
  return {
    registry,
    observer: {
      turn: (channel, replies, seconds) => {
        messages.inc({ channel, direction: 'in' });
        messages.inc({ channel, direction: 'out' }, replies);
        turns.observe({ channel }, seconds);
      },
      outcome: (outcome) => outcomes.inc({ outcome }),
    },
    watchStore: (repo, method) => isWrite(method) || (repo === 'outbox' && OUTBOX_METHODS.has(method)),
    onStoreCall: (call) => {
      if (call.repo === 'outbox') outbox.observe(call);
      if (!isWrite(call.method)) return;
      const operation = `${call.repo}.${call.method}`;
      if (call.error === undefined) writes.observe({ operation }, call.seconds);
      else writeErrors.inc({ operation });
    },
    render: async () => `${await processRegistry().metrics()}\n${await registry.metrics()}`,
    contentType: registry.contentType,
  };
}
