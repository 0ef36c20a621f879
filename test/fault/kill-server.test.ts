import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { complaintScript, feedbackScript, type Step, send } from '../../bench/chat-load.js';
import { type Child, startChild } from '../../bench/child.js';
import { jsonClient } from '../../bench/http.js';
import { createRng } from '../../bench/rng.js';
import type { Complaint } from '../../src/model/complaint.js';
import { TEST_HASH_KEY, tempDir } from '../helpers/test-app.js';
import { readCollection, unreadableDataFiles } from './data-files.js';

const ROUNDS = 4;
const WRITERS = 8;
let dataDir = '';
let server: Child | undefined;

afterAll(async () => {
  await server?.stop('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The real entry point (node --import tsx src/main.ts) on the data dir, on a free port. */
function start(): Promise<Child> {
  const env = {
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    SEED_DEMO: '0',
    ID_HASH_KEY: TEST_HASH_KEY,
    VISIT_REMINDERS: '0',
    LOG_LEVEL: 'warn',
    ADMIN_PASSWORD: 'fault-test-admin-password',
    CHAT_RATE_PER_USER_PER_MINUTE: '100000',
    CHAT_RATE_PER_IP_PER_MINUTE: '100000',
  };
  return startChild('src/main.ts', env, /Web chat:\s+http:\/\/127\.0\.0\.1:(\d+)\//, 60_000);
}

/** Writers submitting complaints (and 留言) as fast as they are answered, until the server dies. */
async function writeUntilKilled(child: Child, round: number, confirmed: Set<string>, killAfterMs: number): Promise<number> {
  const client = jsonClient(child.port, WRITERS);
  let alive = true;
  const writer = async (w: number) => {
    const userId = `r${round}-w${w}`;
    for (let n = 0; alive; n += 1) {
      const steps: Step[] = n % 3 === 2 ? feedbackScript() : complaintScript({ township: '东坡乡', village: '红星村' });
      for (const step of steps) {
        try {
          const { text } = await send(client, userId, step);
          const code = /查询码是：([A-Z0-9]{8})/.exec(text)?.[1];
          if (code) confirmed.add(code);
        } catch {
          // The server was killed under this request: the answer never reached the client, so nothing was promised.
          return;
        }
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  const before = confirmed.size;
  // However slow the machine, kill only once this round has confirmed a few complaints, then at a random moment.
  for (let waited = 0; confirmed.size - before < 2 && waited < 30_000; waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  alive = false;
  child.process.kill('SIGKILL');
  await Promise.all(writers);
  await new Promise<void>((resolve) =>
    child.process.exitCode !== null || child.process.signalCode !== null ? resolve() : child.process.once('exit', () => resolve()),
  );
  client.close();
  return confirmed.size - before;
}

describe('kill -9 during write-heavy chat load', () => {
  it('leaves every data file readable and every confirmed complaint stored, restart after restart', async () => {
    dataDir = await tempDir('bangfu-kill-');
    const rng = createRng(9);
    const confirmed = new Set<string>();
    let submittedInTotal = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      server = await start();
      if (round > 0) {
        expect(await unreadableDataFiles(dataDir)).toEqual([]);
        const stored = new Set([...(await readCollection<Complaint>(dataDir, 'complaints')).values()].map((c) => c.trackingCode));
        expect([...confirmed].filter((code) => !stored.has(code))).toEqual([]);
      }
      submittedInTotal += await writeUntilKilled(server, round, confirmed, rng.int(0, 1500));
    }
    server = await start();
    expect(await unreadableDataFiles(dataDir)).toEqual([]);
    const complaints = await readCollection<Complaint>(dataDir, 'complaints');
    const stored = new Set([...complaints.values()].map((c) => c.trackingCode));
    expect([...confirmed].filter((code) => !stored.has(code))).toEqual([]);
    // The load really was write-heavy: complaints were confirmed in every round.
    expect(submittedInTotal).toBeGreaterThanOrEqual(ROUNDS * 2);
    // And the restarted server still answers and finds a confirmed complaint by its code.
    const client = jsonClient(server.port, 1);
    const code = [...confirmed][0] as string;
    const { text } = await send(client, 'after-crash', { text: `查询进度 ${code}`, kind: 'read' });
    client.close();
    expect(text).toContain(code);
    await server.stop();
  }, 180_000);
});
