import type { Application } from '../../model/application.js';
import type { Complaint } from '../../model/complaint.js';
import type { Household } from '../../model/household.js';
import type { OutboxMessage } from '../../model/outbox.js';
import type { Reply } from '../../model/reply.js';
import type { Visit } from '../../model/visit.js';
import type { OutboxAddress, StoreTx } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';
import type { MetaRecord } from './meta.js';
import type { TxLog, TxPart } from './tx-log.js';

/** A collection a transaction may write: applies its share of a transaction, keeping the repo's indexes in step. */
export type TxTarget = { apply: (seq: number, part: TxPart, onlyMissing: boolean) => Promise<void> };

/** A transaction target over a collection, with the index upkeep of the repo over it. */
export function txTarget<T extends { id: string }>(
  col: JsonCollection<T>,
  changed?: (before: T | undefined, after: T | undefined) => void,
): TxTarget {
  // The log holds this collection's records, as they were staged through the typed StoreTx methods below.
  return { apply: (seq, part, onlyMissing) => col.applyTx(seq, part.puts as T[], part.dels, { onlyMissing, changed }) };
}

/** The collections a store transaction may write. */
export type TxTargets = {
  complaints: TxTarget;
  applications: TxTarget;
  visits: TxTarget;
  households: TxTarget;
  outbox: TxTarget & { draft: (to: OutboxAddress, reply: Reply, now: Date) => OutboxMessage };
  meta: TxTarget;
};

/** Collects the records of one transaction, one list per collection (so each shard gets one journal line). */
class LowStoreTx implements StoreTx {
  readonly puts = new Map<keyof TxTargets, Map<string, { id: string }>>();

  constructor(private readonly targets: TxTargets) {}

  putComplaint(complaint: Complaint): void {
    this.stage('complaints', complaint);
  }

  putApplication(application: Application): void {
    this.stage('applications', application);
  }

  putVisit(visit: Visit): void {
    this.stage('visits', visit);
  }

  upsertHousehold(household: Household): void {
    this.stage('households', household);
  }

  enqueue(to: OutboxAddress, reply: Reply, now: Date): OutboxMessage {
    const message = this.targets.outbox.draft(to, reply, now);
    this.stage('outbox', message);
    return message;
  }

  setMeta(id: string, value: string): void {
    const record: MetaRecord = { id, value };
    this.stage('meta', record);
  }

  private stage(collection: keyof TxTargets, record: { id: string }): void {
    // A record staged twice is written once, as last staged.
    const records = this.puts.get(collection) ?? new Map<string, { id: string }>();
    records.set(record.id, record);
    this.puts.set(collection, records);
  }
}

/** Builds a transaction with `build` and commits it through the log; resolves once it is durable and in memory. */
export async function runTransaction(log: TxLog, targets: TxTargets, build: (tx: StoreTx) => void): Promise<void> {
  const tx = new LowStoreTx(targets);
  build(tx);
  const parts: TxPart[] = [...tx.puts].map(([collection, puts]) => ({ collection, puts: [...puts.values()], dels: [] }));
  if (parts.length === 0) return;
  await log.commit(parts, (seq) => applyParts(targets, parts, seq, false));
}

/** Applies transaction parts to their collections; `onlyMissing` when replaying the log at load. */
export function applyParts(targets: TxTargets, parts: TxPart[], seq: number, onlyMissing: boolean): Promise<void> {
  const writes = parts.map((part) => {
    const target: TxTarget | undefined = Object.hasOwn(targets, part.collection) ? targets[part.collection as keyof TxTargets] : undefined;
    if (!target) throw new Error(`transactions.log names an unknown collection "${part.collection}"; restore the data dir from a backup.`);
    return target.apply(seq, part, onlyMissing);
  });
  return Promise.all(writes).then(() => undefined);
}
