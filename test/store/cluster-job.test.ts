import { describe, expect, it } from 'vitest';
import { asClusterJob } from '../../src/store/cluster-job.js';
import { LocalCoordination } from '../../src/store/lowdb/coordination.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 3) + seconds * 1000);

describe('a scheduled job on several instances', () => {
  it('runs on one holder per period, and passes on once that holder stops renewing its lease', async () => {
    const coordination = new LocalCoordination();
    const ran: string[] = [];
    const tick = (holder: string, seconds: number) =>
      asClusterJob(coordination, 'prune', 60_000, at(seconds), async () => ran.push(`${holder}@${seconds}`), holder);
    await Promise.all([tick('a', 0), tick('b', 0)]);
    await tick('b', 60);
    await tick('a', 60);
    // a stops (killed); after two periods without renewal, b takes over.
    await tick('b', 170);
    await tick('b', 181);
    expect(ran).toEqual(['a@0', 'a@60', 'b@181']);
  });
});
