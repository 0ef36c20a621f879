import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Coordination } from './coordination.js';

/** This process among the instances on one store: host, pid and a random part (a restarted pid is a new holder). */
export const INSTANCE_ID = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

/**
 * Runs a scheduled job only on the instance holding its lease (Store.coordination.lease), so a cluster runs it once
 * per period; the lease outlives two periods, so it passes on when its holder stops. Resolves with the job's result,
 * or undefined when another instance holds the lease.
 */
export async function asClusterJob<T>(
  coordination: Coordination,
  name: string,
  periodMs: number,
  now: Date,
  job: () => Promise<T>,
  holder = INSTANCE_ID,
): Promise<T | undefined> {
  if (!(await coordination.lease(`job:${name}`, holder, periodMs * 2, now))) return undefined;
  return job();
}
