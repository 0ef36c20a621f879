import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../bench/rng.js';
import { FakeTelegramApi } from '../fakes/telegram-api.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { createTestSchema, testDatabaseReachable } from '../store/postgres/pg-fixture.js';
import { Cluster } from './cluster.js';
import { advanceAll, type ExpectedNotices, unexplainedRepeats } from './staff-notices.js';
import {
  answersTo,
  type Conversation,
  confirmedCodes,
  FORM_TEXTS,
  formWriter,
  noticeCalls,
  referenceTranscript,
  until,
} from './tg-writers.js';

const KILLS = 10;
const FORM_WRITERS = 3;
const BURST_USERS = 2;
const BURST = 4;
const reachable = await testDatabaseReachable();

let fake: FakeTelegramApi | undefined;
let cluster: Cluster | undefined;
let staff: TestApp | undefined;

afterAll(async () => {
  await cluster?.close();
  await staff?.dispose();
  await fake?.close();
});

/** A web user sending `BURST` messages at once, to both instances, again and again: what was sent, what was answered. */
async function burster(live: Cluster, userId: string, running: () => boolean): Promise<{ userId: string; sent: number; acked: number }> {
  let sent = 0;
  let acked = 0;
  while (running()) {
    const answered = await Promise.all(
      Array.from({ length: BURST }, async (_, k) => {
        const client = live.pick(k)?.client;
        if (!client) return false;
        sent += 1;
        try {
          return (await client.post('/api/chat', { userId, text: '你好' })).status === 200;
        } catch {
          return false;
        }
      }),
    );
    acked += answered.filter(Boolean).length;
    // A pause between bursts keeps the load light enough that a killed instance restarts in good time.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { userId, sent, acked };
}

describe.skipIf(!reachable)('two instances on one PostgreSQL database under chat load', () => {
  it('kill -9 ten times: no confirmed complaint lost, no update sent twice, no conversation answered out of order', async () => {
    const started = Date.now();
    const note = (what: string) => process.stderr.write(`[two-instances ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}\n`);
    const schema = await createTestSchema();
    const url = new URL(schema.url);
    url.searchParams.set('options', `-c search_path=${schema.schema}`);
    const api = await FakeTelegramApi.start();
    fake = api;
    staff = await createTestApp({ DATABASE_URL: url.toString() });
    const live = new Cluster({ databaseUrl: url.toString(), apiRoot: api.apiRoot, acceptToken: (t) => api.acceptToken(t) }, ['a', 'b']);
    cluster = live;
    await Promise.all(live.instances.map((i) => live.start(i)));
    note('instances up');
    const reference = await referenceTranscript(api, live, 1);
    note(`reference: ${reference.perStep.join(',')}`);

    let running = true;
    const conversations: Conversation[] = [];
    const expected: ExpectedNotices = new Map();
    const writers = Array.from({ length: FORM_WRITERS }, (_, w) =>
      formWriter(api, live, reference, 100_000 * (w + 1), () => running, conversations),
    );
    const bursts = Array.from({ length: BURST_USERS }, (_, u) => burster(live, `burst-${u}`, () => running));
    const office = staff;
    const staffWork = (async () => {
      while (running) {
        await advanceAll(office, expected);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();

    // Each kill comes at a random moment once the load made some progress since the last restart.
    const rng = createRng(16);
    for (let kill = 0; kill < KILLS; kill += 1) {
      const answered = api.callsOf('sendMessage').length;
      await until(api, () => api.callsOf('sendMessage').length >= answered + 5, 60_000, `chat load after kill ${kill}`);
      await new Promise((resolve) => setTimeout(resolve, rng.int(0, 1500)));
      const victim = rng.pick(live.instances);
      await live.kill(victim);
      await live.start(victim);
      note(
        `kill ${kill + 1}: ${victim.name} restarted in ${((victim.child?.readyMs ?? 0) / 1000).toFixed(1)} s; ${confirmedCodes(api).size} confirmed, ${conversations.length} conversations`,
      );
    }
    running = false;
    const [burstResults] = await Promise.all([Promise.all(bursts), Promise.all(writers), staffWork]);
    const loadSeconds = (Date.now() - started) / 1000;
    note('load stopped');

    // Staff finish every complaint, and every update they enqueued reaches its reporter.
    while ((await advanceAll(office, expected)) > 0);
    const wanted = [...expected.values()].flat();
    const received = () => new Set(noticeCalls(api).map((c) => String(c.params.text)));
    note(`${wanted.length} updates enqueued`);
    await until(api, () => wanted.every((text) => received().has(text)), 120_000, 'every reporter update to be sent');
    note('updates sent');

    // No confirmed complaint lost.
    const stored = new Set((await office.store.complaints.list({})).map((c) => c.trackingCode));
    const confirmed = confirmedCodes(api);
    expect([...confirmed].filter((code) => !stored.has(code))).toEqual([]);
    expect(confirmed.size).toBeGreaterThanOrEqual(KILLS);

    // No update sent twice (but the one a killed sender had handed to Telegram), and each reporter's in order.
    const calls = noticeCalls(api);
    expect(unexplainedRepeats(calls, new Set(live.instances.map((i) => i.token)))).toEqual([]);
    for (const [code, texts] of expected) {
      const firsts = [...new Set(calls.map((c) => String(c.params.text)).filter((text) => text.includes(code)))];
      expect(firsts, `updates of ${code}`).toEqual(texts);
    }
    expect(await office.store.outbox.countPending('telegram')).toBe(0);

    // Each conversation's answers came in the order of its messages: a prefix of the reference transcript, one
    // step's answers per acknowledged message (a message whose instance was killed may or may not have been answered).
    const stepsUpTo = (n: number) => reference.perStep.slice(0, n).reduce((a, b) => a + b, 0);
    const disordered: string[] = [];
    for (const c of conversations) {
      const answers = answersTo(api, c.chatId);
      const prefix = JSON.stringify(answers) === JSON.stringify(reference.all.slice(0, answers.length));
      const complete = c.cut ? answers.length <= stepsUpTo(c.acked + 1) : answers.length === stepsUpTo(c.acked);
      if (!prefix || !complete) disordered.push(`chat ${c.chatId} (${c.acked} acknowledged): ${answers.join(' | ')}`);
    }
    expect(disordered).toEqual([]);
    expect(conversations.filter((c) => c.acked === FORM_TEXTS.length).length).toBeGreaterThanOrEqual(KILLS);

    // Messages of one user sent at once to both instances were handled one at a time: each answered one bumped the
    // session's version (lost updates would leave it lower).
    for (const { userId, sent, acked } of burstResults) {
      const version = (await office.store.sessions.getSession(`web:${userId}`))?.version ?? 0;
      expect(version, `${userId}: ${acked} answered of ${sent}`).toBeGreaterThanOrEqual(acked);
      expect(version).toBeLessThanOrEqual(sent);
    }
    console.log(
      `two instances: ${KILLS} kills in ${loadSeconds.toFixed(0)} s, ${confirmed.size} complaints confirmed, ` +
        `${conversations.length} conversations (${conversations.filter((c) => c.lostReply).length} lost an answer to a kill), ` +
        `${calls.length} updates sent for ${wanted.length} enqueued, ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
    );
  }, 420_000);
});
