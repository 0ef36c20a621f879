import type { Store } from '../store/legacy-store.js';
import type { WriteGate } from './write-gate.js';

type Method = (...args: unknown[]) => unknown;
type RepoName = Exclude<keyof Store, 'atomically' | 'writtenBytes' | 'close'>;
type SyncKeys<R> = {
  [K in keyof R]-?: R[K] extends (...args: never[]) => infer Out ? (Out extends PromiseLike<unknown> ? never : K) : never;
}[keyof R];

/**
 * The synchronous (in-memory read) methods of each repo: they run at once even while a backup holds the gate. Every
 * other method may write, so it waits. A synchronous method missing here would hand its caller a promise during a
 * backup: `everyReadListed` below stops the build when one is missing.
 */
const READS = {
  store: ['writtenBytes'],
  sessions: ['getSession', 'count'],
  households: ['get', 'byVerifyHash', 'byIdHash', 'townships', 'villages', 'search', 'all', 'count'],
  members: ['byHousehold', 'byVerifyHash'],
  aid: ['byHousehold', 'all'],
  bindings: ['get', 'byTarget'],
  attempts: ['failuresSince', 'failureTimes'],
  householdCodes: [],
  outbox: ['due', 'counts'],
  inbound: ['lastInbound'],
  feedback: ['list'],
  complaints: ['get', 'byTrackingCode', 'byReporterAddress', 'byReplyTag', 'byHousehold', 'filter', 'all'],
  applications: ['get', 'byTrackingCode', 'byReporterAddress', 'byReplyTag', 'byHousehold', 'filter', 'all'],
  visits: ['get', 'lastFor', 'search', 'all'],
  meta: ['get'],
  staff: ['get', 'byUsername', 'list', 'count'],
  adminSessions: ['get'],
  audit: ['search'],
  cadres: ['get', 'search', 'all', 'assignedHouseholds', 'forHousehold'],
} as const;

type Listed<R> = R extends keyof typeof READS ? (typeof READS)[R][number] : never;
type Unlisted = Exclude<SyncKeys<Store>, Listed<'store'>> | { [R in RepoName]: Exclude<SyncKeys<Store[R]>, Listed<R>> }[RepoName];
/** Fails to compile, naming the method, when a synchronous Store method is missing from READS. */
export const everyReadListed: [Unlisted] extends [never] ? true : Unlisted = true;

function guard<T extends object>(target: T, reads: ReadonlySet<string>, gate: WriteGate): T {
  const handed = new Map<string, { fn: Method; out: Method }>();
  return new Proxy(target, {
    get(t, key) {
      const value: unknown = Reflect.get(t, key);
      if (typeof key !== 'string' || typeof value !== 'function') return value;
      const cached = handed.get(key);
      if (cached?.fn === value) return cached.out;
      const fn = value as Method;
      const out: Method = reads.has(key) ? fn.bind(t) : (...args) => gate.run(() => Promise.resolve(fn.apply(t, args)));
      handed.set(key, { fn, out });
      return out;
    },
  });
}

/** The same store, with every call that may write passing through the gate (reads are untouched). */
export function guardStore(store: Store, gate: WriteGate): Store {
  const repos = new Map<string, object>();
  const guarded = guard(store, new Set(READS.store), gate);
  return new Proxy(guarded, {
    get(t, key) {
      const value: unknown = Reflect.get(t, key);
      if (typeof key !== 'string' || typeof value !== 'object' || value === null) return value;
      let repo = repos.get(key);
      if (!repo) {
        repo = guard(value, new Set<string>((READS as Record<string, readonly string[]>)[key] ?? []), gate);
        repos.set(key, repo);
      }
      return repo;
    },
  });
}
