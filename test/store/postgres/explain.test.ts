import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { PgAdminSessions } from '../../../src/store/postgres/admin-sessions.js';
import { PgAid } from '../../../src/store/postgres/aid.js';
import { PgAttempts } from '../../../src/store/postgres/attempts.js';
import { PgCadres } from '../../../src/store/postgres/cadres.js';
import { PgBindings, PgHouseholdCodes, PgInbound, PgSessions } from '../../../src/store/postgres/chat-state.js';
import type { Db } from '../../../src/store/postgres/connect.js';
import { PgHouseholds, PgMembers } from '../../../src/store/postgres/households.js';
import { applicationLedger, complaintLedger } from '../../../src/store/postgres/ledger.js';
import { migrate } from '../../../src/store/postgres/migrate.js';
import { PgOutbox } from '../../../src/store/postgres/outbox.js';
import { PgAudit, PgStaff } from '../../../src/store/postgres/staff.js';
import { PgVisits } from '../../../src/store/postgres/visits.js';
import { createTestSchema, testDatabaseReachable } from './pg-fixture.js';

const reachable = await testDatabaseReachable();

// A county's worth of rows, enough that the planner prefers an index wherever one serves the query.
const DATA = `
  insert into households select 'H' || lpad(g::text, 6, '0'), '户主' || g, '3601**************', 's1:' || lpad(to_hex(g), 64, '0'),
    's1:' || lpad(to_hex(g + 1000000), 64, '0'), null, '井冈山市', '乡' || (g % 20), '村' || (g % 500), null, 1 + g % 6, '一般贫困户',
    null, array['因病'], '已脱贫', null, null, null, null, null, now() from generate_series(1, 50000) g;
  insert into members select 'M' || g, 'H' || lpad((g % 50000 + 1)::text, 6, '0'), '成员' || g, '3601**************',
    's1:' || lpad(to_hex(g + 2000000), 64, '0'), 's1:' || lpad(to_hex(g + 3000000), 64, '0'), '子女' from generate_series(1, 50000) g;
  insert into aid_records select 'A' || g, 'H' || lpad((g % 50000 + 1)::text, 6, '0'), '产业', '奖补' || g, 100000, date '2024-01-01' + g % 700, null
    from generate_series(1, 100000) g;
  insert into visits select 'V' || g, 'C' || (g % 2000), 'H' || lpad((g % 50000 + 1)::text, 6, '0'), '村' || (g % 500), date '2025-01-01' + g % 400,
    null, '{}', null, null, '了解', date '2026-01-01', '[]', '{}', null, now() from generate_series(1, 50000) g;
  insert into complaints select 'c' || g, 'TS' || g, '其他', '乡1', '村' || (g % 500), '说明', null, false, null,
    jsonb_build_object('channel', 'web', 'tag', 'tag' || g, 'sealed', 'v1.x'), null, 'H' || lpad((g % 50000 + 1)::text, 6, '0'), null, null, false,
    case when g % 10 = 0 then 'registered' else 'closed' end, null, null, null, 0, '[]', now() - g * interval '1 minute', now()
    from generate_series(1, 20000) g;
  insert into applications select 'a' || g, 'AP' || g, '其他', date '2026-01-01', null, '帮助', null, null, '乡1', '村1', true,
    jsonb_build_object('channel', 'web', 'userId', 'u' || g), 'submitted', null, date '2026-01-03', date '2026-01-15', null, '{}', '[]', now(), now()
    from generate_series(1, 10000) g;
  insert into outbox select 'o' || g, 'telegram', 'u' || (g % 5000), null, null, '{"text":"hi"}', now() - g * interval '1 second',
    case when g % 100 = 0 then 'pending' else 'sent' end, 1, null, null, null, null from generate_series(1, 20000) g;
  insert into bindings select 'web:u' || g, 'household', 'H' || lpad((g % 50000 + 1)::text, 6, '0'), now() from generate_series(1, 20000) g;
  insert into chat_sessions select 'web:u' || g, null, null, null, now(), 1 from generate_series(1, 20000) g;
  insert into attempt_failures select 'verify:client:' || (g % 5000), now() - g * interval '1 second' from generate_series(1, 20000) g;
  insert into cadres select 'C' || g, '干部' || g, '139', null, array['村' || (g % 500)], array['H' || lpad(g::text, 6, '0')], 'active', null, null,
    now(), now() from generate_series(1, 2000) g;
  insert into audit select 'e' || g, now() - g * interval '1 second', 's' || (g % 50), 'user' || (g % 50), 'household.view', 'household:H' || lpad((g % 50000 + 1)::text, 6, '0'), null,
    '10.0.0.1' from generate_series(1, 200000) g;
  insert into admin_sessions select 'as' || g, 's' || (g % 500), 'csrf', now(), now(), '10.0.0.1' from generate_series(1, 5000) g;
  insert into staff select 's' || g, 'user' || g, '用户', 'viewer', '县局', 'x', false, false, now(), now() from generate_series(1, 5000) g;
  insert into inbound select 'wechat-oa', 'u' || g, now() from generate_series(1, 20000) g;
  insert into household_codes select 'H' || lpad(g::text, 6, '0'), 'code' || g, 'C1', now(), now() + interval '1 day' from generate_series(1, 5000) g;
  analyze;`;

type Recorded = { text: string; values: unknown[] };

/** A Db that records every query it runs, so the test explains what the repos really send. */
function recording(pool: pg.Pool, log: Recorded[]): Db {
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver);
      return (text: string, values: unknown[] = []) => {
        log.push({ text, values });
        return target.query(text, values);
      };
    },
  });
}

/** Every plan node's type and relation. */
function nodes(plan: Record<string, unknown>): { type: string; relation?: string }[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [{ type: String(plan['Node Type']), relation: plan['Relation Name'] as string | undefined }, ...children.flatMap(nodes)];
}

describe.skipIf(!reachable)('PostgreSQL indexes', () => {
  let pool: pg.Pool;
  const log: Recorded[] = [];
  let db: Db;

  beforeAll(async () => {
    const schema = await createTestSchema();
    pool = schema.pool(2);
    await migrate(pool);
    await pool.query(DATA);
    db = recording(pool, log);
  }, 120_000);

  const now = new Date();
  const hot: [string, () => Promise<unknown>][] = [
    ['household by id', () => new PgHouseholds(db).get('H000123')],
    ['household by verification hash', () => new PgHouseholds(db).byVerifyHash(`s1:${(1_000_123).toString(16).padStart(64, '0')}`)],
    ['household by ID hash', () => new PgHouseholds(db).byIdHash(`s1:${(123).toString(16).padStart(64, '0')}`)],
    ['a cadre’s households', () => new PgHouseholds(db).find({ cadreId: 'C17' })],
    ['a cadre’s households not visited lately', () => new PgHouseholds(db).find({ cadreId: 'C17', notVisitedSince: '2026-01-01' })],
    ['dashboard household search by name', () => new PgHouseholds(db).search({ q: '户主1234' })],
    ['households of a village', () => new PgHouseholds(db).search({ village: '村42' })],
    ['members of a household', () => new PgMembers(db).byHousehold('H000123')],
    ['member by verification hash', () => new PgMembers(db).byVerifyHash('s1:x')],
    ['aid of a household', () => new PgAid(db).byHousehold('H000123')],
    ['binding of a chat user', () => new PgBindings(db).get('web', 'u77')],
    ['bindings of a household', () => new PgBindings(db).byTarget('household', 'H000123')],
    ['chat session', () => new PgSessions(db).getSession('web:u77')],
    ['outbox claim', () => new PgOutbox(db, { open: () => 'x' }).claim('telegram', now, { limit: 10, leaseMs: 1000 })],
    [
      'outbox claim for one user',
      () => new PgOutbox(db, { open: () => 'x' }).claim('telegram', now, { limit: 10, leaseMs: 1000, userId: 'u7' }),
    ],
    ['web messages of a user', () => new PgOutbox(db, { open: () => 'x', tag: () => 't' }).takeFor('web', 'u7', now)],
    ['complaint by tracking code', () => complaintLedger(db).byTrackingCode('TS77')],
    ['complaints by reply tag', () => complaintLedger(db).byReplyTag('tag77')],
    ['complaints of a household', () => complaintLedger(db).byHousehold('H000123')],
    ['complaints left to seal at start-up', () => complaintLedger(db).list({ legacy: true })],
    ['open complaints page', () => complaintLedger(db).search({ status: 'registered' })],
    ['applications of a reporter', () => applicationLedger(db).byReporterAddress('web', 'u77')],
    ['last visit of a household', () => new PgVisits(db).lastFor('H000123')],
    ['last visit dates', () => new PgVisits(db).lastDates(['H000123', 'H000124'])],
    ['visits of a cadre', () => new PgVisits(db).search({ cadreId: 'C17' })],
    ['cadres of a household', () => new PgCadres(db).forHousehold({ id: 'H000123', village: '村42' })],
    ['verification failures', () => new PgAttempts(db).failureTimes('verify:client:77', new Date(0))],
    ['dashboard session', () => new PgAdminSessions(db).get('as77')],
    ['staff by username', () => new PgStaff(db).byUsername('User77')],
    ['audit of a user', () => new PgAudit(db).search({ username: 'user7' })],
    ['audit of a record', () => new PgAudit(db).search({ target: 'household:H000123' })],
    ['last inbound message', () => new PgInbound(db).lastInbound('wechat-oa', 'u77')],
    ['household code', () => new PgHouseholdCodes(db).redeem('code77', now)],
  ];

  it.each(hot)('%s uses an index, never a scan of the table', async (_, run) => {
    log.length = 0;
    await run();
    expect(log.length).toBeGreaterThan(0);
    for (const { text, values } of log) {
      const { rows } = await pool.query(`explain (format json) ${text}`, values);
      const plan = (rows[0]['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0]?.Plan ?? {};
      const scans = nodes(plan).filter((n) => n.type === 'Seq Scan');
      expect(scans, `${text}\n${JSON.stringify(plan, null, 1).slice(0, 2000)}`).toEqual([]);
    }
  });
});
