import { afterEach, describe, expect, it } from 'vitest';
import { statusReplies } from '../../src/flows/household/status.js';
import { household } from '../admin/helpers.js';
import { complaint } from '../admin/ledger-fixtures.js';
import { createTestApp, type TestApp, textOf } from '../helpers/test-app.js';

const FILED = new Date('2026-03-04T16:30:00Z'); // 00:30 on 5 March in China, still 4 March in UTC
const REJECTED = new Date('2026-03-06T16:10:00Z'); // 00:10 on 7 March in China

let app: TestApp;
afterEach(async () => app?.dispose());

describe('times shown in chat are China time', () => {
  it('progress history dates each step by its China date', async () => {
    app = await createTestApp({}, { now: () => REJECTED });
    const filed = await complaint(app, {}, FILED);
    const moved = await app.complaints.transition(filed.id, { to: 'rejected', note: '不属于扶贫范围' }, '县扶贫办', REJECTED);
    expect(moved.ok).toBe(true);
    const history = textOf(await app.chat('anyone', `查询进度 ${filed.trackingCode}`));
    expect(history).toContain('2026年3月5日 已登记');
    expect(history).toContain('2026年3月7日 不予受理');
    expect(history).not.toContain('3月4日');
    expect(history).not.toContain('3月6日');
  });

  it("the status card's last 12 months start from today's China date", async () => {
    app = await createTestApp({}, { now: () => FILED });
    await app.store.households.upsert(await household('H0001', { headName: '张三' }));
    await app.store.aid.add(
      { id: 'A1', householdId: 'H0001', category: '产业', name: '产业奖补', amountFen: 100000, date: '2025-03-04' },
      { id: 'A2', householdId: 'H0001', category: '教育', name: '雨露计划', amountFen: 50000, date: '2025-03-05' },
    );
    const card = textOf(await statusReplies({ store: app.store, config: app.config }, 'H0001', FILED));
    expect(card).toContain('近12个月帮扶：共 500.00元');
    expect(card).toContain('2025-03-05 雨露计划');
    expect(card).not.toContain('产业奖补');
  });
});
