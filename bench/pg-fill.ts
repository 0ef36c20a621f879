import type pg from 'pg';
import { CODE_ALPHABET } from '../src/core/short-code.js';
import { COMPLAINT_CATEGORIES } from '../src/model/complaint.js';
import { CHECKLIST } from '../src/model/visit.js';
import { idCheckChar, idTail, maskIdNumber } from '../src/privacy/id-number.js';
import { createHasher } from '../src/privacy/keyed-hash.js';
import { createReplyAddressBook } from '../src/privacy/reply-address.js';
import { quoteIdent } from '../src/store/postgres/connect.js';
import {
  AID,
  ATTRIBUTES,
  BENCH_HASH_KEY,
  CARDS,
  CAUSES,
  COMPLAINT_STATUS,
  type GeneratedLogin,
  type GeneratedSet,
  GIVEN,
  PLACE,
  RELATIONS,
  STATUSES,
  SURNAMES,
} from './generate.js';
import { createRng } from './rng.js';

/** A SQL text[] literal of our own constants (no quotes in them). */
const arr = (items: readonly string[]) => `array[${items.map((s) => `'${s}'`).join(',')}]::text[]`;
/** One random item of a SQL array literal, a new pick per row. */
const pick = (items: readonly string[]) => `(${arr(items)})[1 + floor(random() * ${items.length})::int]`;
const phone = `'1' || (3 + floor(random() * 7))::int || lpad(floor(random() * 1e9)::bigint::text, 9, '0')`;
/** A hash-shaped value (s1: + 64 hex) that no real ID hashes to: the bulk rows are never verified against. */
const fakeHash = (label: string) => `'s1:' || encode(sha256(convert_to(${label}, 'UTF8')), 'hex')`;
const MASK = `'3699' || repeat('*', 14)`;

/** Steps of one fill, in order, with the seconds each took. */
export type FillTimings = Record<string, number>;

/**
 * Fills an empty, migrated schema with `households` households shaped like bench/generate.ts (members, 3 years of
 * aid, 3 visits and 0.2 complaints per household, a cadre per 20 households, 20% of households and half the cadres
 * bound to web users with a session each), all generated in the database (`insert … select … from generate_series`)
 * so a million households take minutes, not hours. Secondary indexes are dropped first and rebuilt after. ID hashes
 * are hash-shaped but not keyed, except for the 200 login households, whose head has a real ID hashed under
 * BENCH_HASH_KEY so the bench can verify as them.
 */
export async function fillPg(
  client: pg.ClientBase,
  schema: string,
  households: number,
  seed = 20151129,
): Promise<GeneratedSet & { timings: FillTimings }> {
  const started = performance.now();
  const timings: FillTimings = {};
  const step = async (name: string, sql: string, params?: unknown[]) => {
    const at = performance.now();
    if (process.env.FILL_DEBUG) console.error('step', name);
    await client.query(sql, params);
    timings[name] = Math.round((performance.now() - at) / 100) / 10;
  };
  const n = households;
  const asOf = '2026-11-01';
  const cadreCount = Math.max(1, Math.round(n / 20));
  const per = Math.ceil(n / cadreCount);
  const townships = Math.min(25, Math.max(3, Math.round(n / 400)));
  const villages = Math.max(5, Math.ceil(n / 35));
  const updated = '2026-10-02T08:00:00.000Z';
  await client.query(`set search_path = ${quoteIdent(schema)}, public`);
  await client.query(`set synchronous_commit = off; set maintenance_work_mem = '256MB'; select setseed(${(seed % 1000) / 1000})`);
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes i where schemaname = $1
     and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = $1::regnamespace)`,
    [schema],
  );
  for (const index of indexes) await client.query(`drop index ${quoteIdent(schema)}.${quoteIdent(index.name)}`);

  await client.query(`
    create function pg_temp.gx(g bigint) returns text language sql immutable as $$ select 'GX' || lpad(g::text, greatest(6, length(g::text)), '0') $$;
    create function pg_temp.gc(c bigint) returns text language sql immutable as $$ select 'GC' || lpad(c::text, greatest(5, length(c::text)), '0') $$;
    create function pg_temp.place(i bigint) returns text language sql immutable as $$
      select string_agg((${arr(PLACE)})[1 + (((i * 7919) % 91125) / (45 ^ k)::int) % 45], '' order by k desc) from generate_series(0, 2) k $$;
    create temp table bench_villages as
      select v, ((${arr(PLACE)})[1 + (t * 37) % 45] || (${arr(PLACE)})[1 + (t * 11 + 5) % 45] || (array['乡','镇'])[1 + t % 2]) as township,
        pg_temp.place(v) || '村' as village
      from generate_series(0, ${villages - 1}) v, lateral (select v % ${townships} as t) tt;
    create unique index on bench_villages (v);
  `);
  const villageOf = (g: string) => `(floor((${g} - 1)::bigint * ${villages} / ${n}))::int`;
  await step(
    'cadres',
    `insert into cadres (id, name, phone, org, villages, household_ids, status, created_at, updated_at)
     select pg_temp.gc(c + 1), ${pick(SURNAMES)} || ${pick(GIVEN)} || ${pick(GIVEN)}, ${phone},
       '演示县' || ${pick(['农业农村局', '教育局', '卫健委', '乡村振兴局', '财政局'])},
       case when c % 10 = 0 and c * ${per} < ${n} then array[(select village from bench_villages where v = ${villageOf(`(c * ${per} + 1)`)})] else '{}' end,
       case when c % 10 = 0 then '{}' else array(select pg_temp.gx(g) from generate_series(c * ${per} + 1, least(${n}, (c + 1) * ${per})) g) end,
       'active', timestamptz '${asOf}T08:00:00Z' - interval '900 days', '${updated}'
     from generate_series(0, ${cadreCount - 1}) c`,
  );
  await step(
    'households',
    `insert into households (id, head_name, id_masked, id_hash, verify_hash, phone, county, township, village, group_name, size,
       attribute, card, causes, status, exit_year, monitor_type, monitor_since, cadre_name, cadre_phone, updated_at)
     select pg_temp.gx(s.g), s.surname || ${pick(GIVEN)} || case when random() < 0.8 then ${pick(GIVEN)} else '' end, ${MASK},
       ${fakeHash(`'household-id:' || s.g`)}, ${fakeHash(`'household-verify:' || s.g`)}, ${phone}, '演示县', bv.township, bv.village,
       (1 + floor(random() * 9))::int || '组', 1 + floor(random() * 6)::int, ${pick(ATTRIBUTES)}, ${pick(CARDS)},
       array(select distinct x from unnest(array[${pick(CAUSES)}, ${pick(CAUSES)}]) x), s.status,
       case when s.status = '已脱贫' then 2016 + floor(random() * 5)::int end,
       case when s.status = '监测对象' then '脱贫不稳定户' end,
       case when s.status = '监测对象' then date '${asOf}' - (30 + floor(random() * 671))::int end,
       c.name, c.phone, '${updated}'
     from (select g, ${pick(SURNAMES)} as surname, ${pick(STATUSES)} as status from generate_series(1, ${n}) g offset 0) s
     join bench_villages bv on bv.v = ${villageOf('s.g')}
     join cadres c on c.id = pg_temp.gc(least(${cadreCount}, (s.g - 1) / ${per} + 1))`,
  );
  await step(
    'members',
    `insert into members (id, household_id, name, id_masked, id_hash, verify_hash, relation)
     select h.id || ':' || m, h.id,
       case when m = 1 then ${pick(SURNAMES)} else left(h.head_name, 1) end || ${pick(GIVEN)} || case when random() < 0.8 then ${pick(GIVEN)} else '' end,
       ${MASK}, ${fakeHash(`'member-id:' || h.id || ':' || m`)}, ${fakeHash(`'member-verify:' || h.id || ':' || m`)},
       case when m = 1 then '配偶' else ${pick(RELATIONS)} end
     from households h cross join lateral generate_series(1, h.size - 1) m`,
  );
  const kinds = AID.map((k, i) => `(${i}, '${k.category}', '${k.name}', ${k.fen[0]}, ${k.fen[1]}, ${k.p}, ${k.times})`).join(', ');
  await step(
    'aid',
    `insert into aid_records (id, household_id, category, name, amount_fen, date)
     select s.hid || ':' || s.y || ':' || s.i || ':' || t, s.hid, s.category, s.name, s.lo + floor(random() * (s.hi - s.lo + 1))::bigint,
       date '${asOf}' - (s.y * 365 + floor(random() * 365)::int)
     from (select h.id as hid, y, k.*, random() < k.p as hit
           from households h cross join generate_series(0, 2) y cross join (values ${kinds}) k(i, category, name, lo, hi, p, times) offset 0) s
     cross join lateral generate_series(1, s.times) t
     where s.hit
     on conflict do nothing`,
  );
  const ok = Object.fromEntries(CHECKLIST.map((c) => [c.key, { ok: true }]));
  const leaking = { ...ok, housing: { ok: false, reason: '屋顶漏雨，需要维修' } };
  await step(
    'visits',
    `insert into visits (id, cadre_id, household_id, village, date, checklist, income, measures, next_visit, attachments, complaint_ids, created_at)
     select 'GV' || lpad(s.v::text, greatest(7, length(s.v::text)), '0'), pg_temp.gc(least(${cadreCount}, (s.g - 1) / ${per} + 1)), h.id, h.village, s.d,
       case when random() < 0.83 then $1::jsonb else $2::jsonb end, 6000 + floor(random() * 14001),
       ${pick(['落实产业奖补', '联系医保报销', '推荐公益性岗位', '继续跟踪', '协助申请教育资助'])}, date '${asOf}' + 30, '[]', '{}',
       (s.d::text || 'T10:00:00Z')::timestamptz
     from (select v, 1 + floor(random() * ${n})::int as g, date '${asOf}' - floor(random() * 731)::int as d
           from generate_series(1, ${n * 3}) v offset 0) s
     join households h on h.id = pg_temp.gx(s.g)`,
    [JSON.stringify(ok), JSON.stringify(leaking)],
  );
  await step(
    'bindings',
    `insert into bindings (id, kind, target_id, bound_at)
     select 'web:gen-h-' || (g - 1), 'household', pg_temp.gx(g), timestamptz '${updated}' from generate_series(1, ${n}) g
       where (g - 1) % 7 <> 3 and random() < 0.2
     union all
     select 'web:gen-c-' || c, 'cadre', pg_temp.gc(c + 1), timestamptz '${updated}' from generate_series(0, ${cadreCount - 1}, 2) c`,
  );
  await step('sessions', 'insert into chat_sessions (id, updated_at, version) select id, bound_at, 1 from bindings');
  const users = async (kind: string) =>
    (
      await client.query<{ u: string }>(`select substr(id, 5) as u from bindings where kind = $1 order by target_id limit 2000`, [kind])
    ).rows.map((r) => r.u);
  if (process.env.FILL_DEBUG) console.error('users');
  const householdUsers = await users('household');
  if (process.env.FILL_DEBUG) console.error('users done');
  const cadreUsers = await users('cadre');
  const addresses = createReplyAddressBook(BENCH_HASH_KEY);
  const replies = Array.from({ length: 64 }, (_, i) =>
    addresses.seal({ channel: 'web', userId: i % 2 === 0 && householdUsers.length ? (householdUsers[i] as string) : `gen-r-${i}` }),
  );
  const at = `to_char(s.created at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  await step(
    'complaints',
    `insert into complaints (id, tracking_code, category, township, village, description, anonymous, phone, reply_to, household_id,
       sensitive, status, assignee, deadline, reopen_count, history, created_at, updated_at)
     select 'GK' || lpad(s.k::text, greatest(6, length(s.k::text)), '0'),
       (select string_agg(substr('${CODE_ALPHABET}', ((((s.k::bigint * 42435795863) & 1099511627775) >> (5 * i)) % 32)::int + 1, 1), '' order by i)
        from generate_series(0, 7) i),
       ${pick(COMPLAINT_CATEGORIES.slice(0, 5))}, h.township, h.village,
       ${pick(['今年的产业奖补到现在还没有发到我家', '低保评定不公平，有人家里有车还吃低保', '村里的路灯坏了好几个月没人修'])},
       s.anon, case when not s.anon then ${phone} end, $1::jsonb -> floor(random() * 64)::int, case when not s.anon then h.id end,
       false, s.status, case when s.status <> 'registered' then h.township || '人民政府' end,
       case when s.status <> 'registered' then (s.created at time zone 'UTC')::date end, 0,
       jsonb_build_array(jsonb_build_object('at', ${at}, 'by', '群众', 'from', null, 'to', 'registered', 'note', ''))
         || case when s.status = 'registered' then '[]'::jsonb
            else jsonb_build_array(jsonb_build_object('at', ${at}, 'by', 'admin', 'from', 'registered', 'to', s.status, 'note', '按程序办理')) end,
       s.created, s.created
     from (select k, 1 + floor(random() * ${n})::int as g, ${pick(COMPLAINT_STATUS)} as status, random() < 0.4 as anon,
             timestamptz '${asOf}T08:00:00Z' - (1 + floor(random() * 700)::int) * interval '1 day' as created
           from generate_series(1, ${Math.round(n / 5)}) k offset 0) s
     join households h on h.id = pg_temp.gx(s.g)`,
    [JSON.stringify(replies)],
  );
  const logins = await realLogins(client, n, seed);
  const indexStart = performance.now();
  for (const index of indexes) await client.query(index.def);
  timings.indexes = Math.round((performance.now() - indexStart) / 100) / 10;
  const { rows: tables } = await client.query<{ name: string }>(
    `select quote_ident(relname) as name from pg_class where relnamespace = $1::regnamespace and relkind = 'r'`,
    [schema],
  );
  // Only this schema's tables (a bare VACUUM would do the whole database). VACUUM as autovacuum would after an import,
  // so index-only scans work as on a database that has settled.
  await step('analyze', `vacuum analyze ${tables.map((t) => t.name).join(', ')}`);
  const { rows: countRows } = await client.query<{ name: string; n: number }>(
    `select 'households' as name, count(*)::int as n from households union all select 'members', count(*) from members
     union all select 'aid', count(*) from aid_records union all select 'visits', count(*) from visits
     union all select 'complaints', count(*) from complaints union all select 'cadres', count(*) from cadres
     union all select 'bindings', count(*) from bindings`,
  );
  const { rows: places } = await client.query<{ township: string; village: string }>(
    'select township, village from bench_villages order by v limit 50',
  );
  const { rows: size } = await client.query<{ bytes: string }>(
    `select sum(pg_total_relation_size(c.oid))::bigint as bytes from pg_class c where c.relnamespace = $1::regnamespace and c.relkind = 'r'`,
    [schema],
  );
  await client.query('drop table bench_villages; reset synchronous_commit; reset maintenance_work_mem');
  return {
    counts: Object.fromEntries(countRows.map((r) => [r.name, r.n])),
    logins,
    householdUsers,
    cadreUsers,
    places,
    seconds: (performance.now() - started) / 1000,
    bytesOnDisk: Number(size[0]?.bytes ?? 0),
    timings,
  };
}

/** Gives the heads of 200 households (every 7th, as generate.ts picks them) a real ID hashed under BENCH_HASH_KEY. */
async function realLogins(client: pg.ClientBase, n: number, seed: number): Promise<GeneratedLogin[]> {
  const rng = createRng(seed + 1);
  const hasher = createHasher(BENCH_HASH_KEY);
  const ids: string[] = [];
  for (let i = 3; i < n && ids.length < 200; i += 7) ids.push(`GX${String(i + 1).padStart(6, '0')}`);
  const { rows } = await client.query<{ id: string; head_name: string }>(
    'select id, head_name from households where id = any($1::text[])',
    [ids],
  );
  const logins: GeneratedLogin[] = [];
  const updates = await Promise.all(
    rows.map(async (row, k) => {
      const first17 = `369901${1950 + (k % 50)}0${1 + (k % 9)}1${k % 10}${String(rng.int(0, 999)).padStart(3, '0')}`;
      const id = first17 + idCheckChar(first17);
      logins.push({ householdId: row.id, name: row.head_name, idTail: idTail(id) });
      return {
        id: row.id,
        masked: maskIdNumber(id),
        idHash: await hasher.idHash(id),
        verifyHash: await hasher.verifyHash(row.head_name, idTail(id)),
      };
    }),
  );
  await client.query(
    `update households h set id_masked = u.masked, id_hash = u.id_hash, verify_hash = u.verify_hash
     from json_to_recordset($1::json) as u(id text, masked text, id_hash text, verify_hash text) where h.id = u.id`,
    [JSON.stringify(updates.map((u) => ({ id: u.id, masked: u.masked, id_hash: u.idHash, verify_hash: u.verifyHash })))],
  );
  return logins;
}
