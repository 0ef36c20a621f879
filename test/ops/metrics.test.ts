import { afterEach, describe, expect, it } from 'vitest';
import type { AskResult } from '../../src/knowledge/index.js';
import { CHECKLIST, type Visit } from '../../src/model/visit.js';
import { household } from '../admin/helpers.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const COMPLAINT = ['我要投诉', '1', '东坡乡', '红星村', '今年三月份的产业奖补到现在都没有发到我家', '跳过', '匿名', '确认提交'];
const QUESTIONS = ['看病能报多少', '贷款', '火星上的土豆怎么种', '房子'];
const OUTCOME: Record<AskResult['kind'], string> = { answer: 'answered', clarify: 'clarified', unknown: 'referred' };

let app: TestApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

/** Scrapes /metrics from loopback and returns the sample lines as `name{labels}` → value. */
async function scrape(a: TestApp): Promise<Map<string, number>> {
  const response = await a.server.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  const samples = new Map<string, number>();
  for (const line of response.body.split('\n')) {
    const match = /^([a-z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/i.exec(line);
    if (match?.[1] && match[2]) samples.set(match[1], Number(match[2]));
  }
  return samples;
}

function visit(householdId: string, date: string): Visit {
  return {
    id: `V-${householdId}`,
    cadreId: 'C1',
    householdId,
    village: '神山村',
    date,
    checklist: Object.fromEntries(CHECKLIST.map((item) => [item.key, { ok: true }])) as Visit['checklist'],
    measures: '宣讲政策',
    nextVisit: '2026-04-01',
    attachments: [],
    complaintIds: [],
    createdAt: `${date}T02:00:00.000Z`,
  };
}

describe('GET /metrics after chat turns', () => {
  it('counts messages, turn latency, Q&A outcomes, intent routing, ledger state and store writes', async () => {
    let clock = new Date('2026-03-02T02:00:00Z');
    app = await createTestApp({ VISIT_OVERDUE_DAYS: '30' }, { now: () => clock });
    const a = app;
    let repliesOut = 0;
    for (const text of COMPLAINT) repliesOut += (await a.chat('reporter', text)).length;
    // One user per question, so no question is read as a pick among the previous answer's choices.
    for (const [i, text] of QUESTIONS.entries()) repliesOut += (await a.chat(`asker-${i}`, text)).length;
    const turns = COMPLAINT.length + QUESTIONS.length;
    const expected = { answered: 0, clarified: 0, referred: 0 };
    for (const text of QUESTIONS) expected[OUTCOME[a.knowledge().ask(text).kind] as keyof typeof expected] += 1;

    const m = await scrape(a);
    expect(m.get('bangfu_chat_messages_total{channel="web",direction="in"}')).toBe(turns);
    expect(m.get('bangfu_chat_messages_total{channel="web",direction="out"}')).toBe(repliesOut);
    expect(m.get('bangfu_turn_duration_seconds_count{channel="web"}')).toBe(turns);
    expect(m.get('bangfu_turn_duration_seconds_bucket{le="+Inf",channel="web"}')).toBe(turns);
    expect(m.get('bangfu_turn_duration_seconds_sum{channel="web"}')).toBeGreaterThan(0);
    expect(m.get('bangfu_qa_outcomes_total{outcome="intent-routed"}')).toBe(1);
    for (const [outcome, n] of Object.entries(expected)) expect(m.get(`bangfu_qa_outcomes_total{outcome="${outcome}"}`)).toBe(n);
    expect(m.get('bangfu_complaints{status="registered"}')).toBe(1);
    expect(m.get('bangfu_complaints{status="closed"}')).toBe(0);
    expect(m.get('bangfu_applications{status="submitted"}')).toBe(0);
    expect(m.get('bangfu_overdue{kind="complaint"}')).toBe(0);
    expect(m.get('bangfu_store_write_duration_seconds_count{operation="sessions.saveSession"}')).toBe(turns);
    expect(m.get('bangfu_store_write_duration_seconds_count{operation="store.transaction"}')).toBeGreaterThanOrEqual(1);
    expect(m.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(m.get('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    // Accepted with a deadline that then passes, the complaint is overdue; of three households, the one visited 40 days
    // ago and the never-visited one are overdue, the one visited 10 days ago is not.
    const [complaint] = (await a.store.complaints.list({})).filter(() => true);
    if (!complaint) throw new Error('expected the complaint');
    await a.store.complaints.put({ ...complaint, status: 'accepted', deadline: '2026-03-20' });
    clock = new Date('2026-05-02T02:00:00Z');
    await a.store.households.upsert(await household('H0001'), await household('H0002'), await household('H0003'));
    await a.store.visits.put(visit('H0001', '2026-03-23'));
    await a.store.visits.put(visit('H0002', '2026-04-22'));
    const later = await scrape(a);
    expect(later.get('bangfu_overdue{kind="complaint"}')).toBe(1);
    expect(later.get('bangfu_overdue{kind="visit"}')).toBe(2);
  });

  it('counts outbox depth, deliveries and failures by channel and reason, and dashboard import runs', async () => {
    app = await createTestApp({ TELEGRAM_BOT_TOKEN: '123456:AAE-test-token' });
    const a = app;
    const now = new Date();
    const text = { text: '您反映的问题已受理。' };
    for (const user of ['1', '2', '3', '4']) await a.store.outbox.enqueue('telegram', user, text, now);
    await a.store.outbox.enqueue('web', 'web-user', text, now);
    await a.store.outbox.enqueue('wechat', 'wx-user', text, now);
    let m = await scrape(a);
    expect(m.get('bangfu_outbox_pending{channel="telegram"}')).toBe(4);
    expect(m.get('bangfu_outbox_pending{channel="web"}')).toBe(1);
    // WeChat is not enabled here: its waiting message still shows, as "other".
    expect(m.get('bangfu_outbox_pending{channel="other"}')).toBe(1);
    expect(m.get('bangfu_outbox_messages{status="pending"}')).toBe(6);

    // What the Telegram sender does: claim the due messages, then mark each.
    const [sent, limited, offline, blocked] = await a.store.outbox.claim('telegram', now, { limit: 10, leaseMs: 60_000 });
    if (!sent || !limited || !offline || !blocked) throw new Error('expected four due messages');
    await a.store.outbox.markSent(sent.id, now);
    await a.store.outbox.markRetry(limited.id, 'sendMessage: 429 Too Many Requests: retry after 5', now);
    await a.store.outbox.markRetry(offline.id, 'Network request for sendMessage failed! (connect ECONNREFUSED 127.0.0.1:443)', now);
    await a.store.outbox.markUnreachable(blocked.id, 'sendMessage: 403 Forbidden: bot was blocked by the user');
    const polled = await a.server.inject({ method: 'GET', url: '/api/chat/messages?userId=web-user' });
    expect(polled.statusCode).toBe(200);
    await a.store.audit.add({
      id: 'A1',
      at: now.toISOString(),
      staffId: 'S1',
      username: 'admin',
      action: 'households.import',
      target: 'import:members',
      detail: 'members.csv',
      ip: '127.0.0.1',
    });

    m = await scrape(a);
    expect(m.get('bangfu_outbox_delivered_total{channel="telegram"}')).toBe(1);
    expect(m.get('bangfu_outbox_delivered_total{channel="web"}')).toBe(1);
    expect(m.get('bangfu_outbox_failures_total{channel="telegram",reason="rate-limited"}')).toBe(1);
    expect(m.get('bangfu_outbox_failures_total{channel="telegram",reason="network"}')).toBe(1);
    expect(m.get('bangfu_outbox_failures_total{channel="telegram",reason="unreachable"}')).toBe(1);
    expect(m.get('bangfu_outbox_pending{channel="telegram"}')).toBe(2);
    expect(m.get('bangfu_outbox_pending{channel="web"}')).toBe(0);
    expect(m.get('bangfu_outbox_messages{status="unreachable"}')).toBe(1);
    expect(m.get('bangfu_import_runs{kind="members"}')).toBe(1);
    expect(m.get('bangfu_import_runs{kind="households"}')).toBe(0);
  });
});
