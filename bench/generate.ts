import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CODE_ALPHABET } from '../src/core/short-code.js';
import type { AidCategory, AidRecord } from '../src/model/aid.js';
import type { Cadre } from '../src/model/cadre.js';
import { COMPLAINT_CATEGORIES, type Complaint, type ComplaintStatus } from '../src/model/complaint.js';
import type { CardColour, Household, HouseholdAttribute, Member, PovertyStatus } from '../src/model/household.js';
import { CHECKLIST, type ChecklistKey, type ChecklistResult, type Visit } from '../src/model/visit.js';
import { idCheckChar, idTail, maskIdNumber } from '../src/privacy/id-number.js';
import { createHasher, type Hasher } from '../src/privacy/keyed-hash.js';
import { createReplyAddressBook } from '../src/privacy/reply-address.js';
import { openLowStore } from '../src/store/lowdb/open-store.js';
import { createRng, type Rng } from './rng.js';

/** What to generate; every count but `households` follows the county-scale ratios below unless given. */
export type GenerateOptions = {
  dir: string;
  households: number;
  seed?: number;
  /** The "today" of the data set (dates are relative to it), so the same seed gives the same files. */
  asOf?: string;
  /** Home visits (default 3 per household: 30,000 for 10,000 households). */
  visits?: number;
  /** Complaints (default 1 per 5 households: 2,000 for 10,000). */
  complaints?: number;
  /** Cadres (default 1 per 20 households: 500 for 10,000). */
  cadres?: number;
  /** Share of households with a chat user already bound (default 0.2). */
  boundShare?: number;
};

/** The ID hash key of generated data sets: a real data dir takes its key from outside, so bench servers get it as ID_HASH_KEY. */
export const BENCH_HASH_KEY = 'bench-hash-key-0123456789abcdef0123456789';

/** A record whose ID hashes are still to be computed (scrypt, so in parallel batches), with what they are computed from. */
type Unhashed = { record: Household | Member; id: string; name: string };

/** A household login (head name + ID tail) of a household nobody is bound to yet; kept in memory only. */
export type GeneratedLogin = { householdId: string; name: string; idTail: string };

/** What was generated, with handles the load generator uses. */
export type GeneratedSet = {
  counts: Record<string, number>;
  /** Unbound households to verify as (name + last 6), for the bench's verification turns. */
  logins: GeneratedLogin[];
  /** Web user ids already bound to a household. */
  householdUsers: string[];
  /** Web user ids already bound to a cadre. */
  cadreUsers: string[];
  /** Places that exist in the registry. */
  places: { township: string; village: string }[];
  seconds: number;
  bytesOnDisk: number;
};

export const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢钟'];
export const GIVEN = [...'桂兰秀英春华明军建国平红梅芳玉珍德福贵生海云金水发龙凤强伟丽敏静小大山林文武志勇贤淑良忠义'];
export const PLACE = [...'东西南北上下大小新老石青白黄红长高金银龙凤马牛竹茶桃李杨柳溪河塘坪岭坑冲湾口田坝洲源岗坳背'];
export const RELATIONS = ['配偶', '之子', '之女', '之孙子', '之孙女', '之父', '之母'];
export const ATTRIBUTES: HouseholdAttribute[] = ['一般贫困户', '一般贫困户', '一般贫困户', '低保贫困户', '低保贫困户', '特困供养户'];
export const CARDS: CardColour[] = ['红卡', '蓝卡', '蓝卡', '黄卡', '黄卡'];
export const CAUSES = ['因病', '因残', '因学', '因灾', '缺技术', '缺劳力', '缺资金', '自身发展动力不足'];
export const STATUSES: PovertyStatus[] = ['已脱贫', '已脱贫', '已脱贫', '已脱贫', '监测对象', '未脱贫'];
export const COMPLAINT_STATUS: ComplaintStatus[] = [
  'registered',
  'accepted',
  'rectifying',
  'verifying',
  'closed',
  'closed',
  'closed',
  'rejected',
];
export const AID: { category: AidCategory; name: string; fen: [number, number]; p: number; times: number }[] = [
  { category: '产业', name: '产业奖补', fen: [50_000, 300_000], p: 0.7, times: 1 },
  { category: '健康', name: '城乡居民医保代缴', fen: [32_000, 38_000], p: 0.8, times: 1 },
  { category: '教育', name: '雨露计划助学补助', fen: [150_000, 150_000], p: 0.25, times: 2 },
  { category: '兜底', name: '低保金', fen: [60_000, 120_000], p: 0.3, times: 2 },
  { category: '就业', name: '公益性岗位补贴', fen: [30_000, 80_000], p: 0.2, times: 1 },
  { category: '金融', name: '小额信贷贴息', fen: [100_000, 250_000], p: 0.1, times: 1 },
];

const DAY_MS = 24 * 3600_000;

function day(asOf: number, daysAgo: number): string {
  return new Date(asOf - daysAgo * DAY_MS).toISOString().slice(0, 10);
}

function phone(rng: Rng): string {
  return `1${rng.int(3, 9)}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
}

function personName(rng: Rng, surname = rng.pick(SURNAMES)): string {
  return surname + rng.pick(GIVEN) + (rng.chance(0.8) ? rng.pick(GIVEN) : '');
}

/** Unique place names (two characters + a suffix) for `count` places. */
function placeNames(rng: Rng, count: number, suffixes: string[]): string[] {
  const names = new Set<string>();
  // Two characters give 45² = 2,025 names; a large county needs a third.
  const length = count * 2 > PLACE.length ** 2 ? 3 : 2;
  while (names.size < count) names.add(Array.from({ length }, () => rng.pick(PLACE)).join('') + rng.pick(suffixes));
  return [...names];
}

/** A fictional resident ID number with a valid check character; region code 3699xx does not exist. */
function idNumber(rng: Rng, region: number, taken: Set<string>): string {
  for (;;) {
    const birth = day(Date.UTC(2004, 0, 1), rng.int(0, 64 * 365)).replace(/-/g, '');
    const first17 = `3699${String(region).padStart(2, '0')}${birth}${String(rng.int(0, 999)).padStart(3, '0')}`;
    const id = first17 + idCheckChar(first17);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

function trackingCode(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const code = Array.from({ length: 8 }, () => rng.pick([...CODE_ALPHABET])).join('');
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}

async function hashAll(hasher: Hasher, unhashed: Unhashed[]): Promise<void> {
  const BATCH = 2000;
  for (let i = 0; i < unhashed.length; i += BATCH) {
    await Promise.all(
      unhashed.slice(i, i + BATCH).map(async ({ record, id, name }) => {
        [record.idHash, record.verifyHash] = await Promise.all([hasher.idHash(id), hasher.verifyHash(name, idTail(id))]);
      }),
    );
  }
}

/** Writes a deterministic county-scale data set into `dir` through the Store (IDs hashed under BENCH_HASH_KEY). */
export async function generateDataset(options: GenerateOptions): Promise<GeneratedSet> {
  const started = performance.now();
  const n = options.households;
  const rng = createRng(options.seed ?? 20151129);
  const asOf = Date.parse(`${options.asOf ?? '2026-11-01'}T08:00:00Z`);
  const visitCount = options.visits ?? n * 3;
  const complaintCount = options.complaints ?? Math.round(n / 5);
  const cadreCount = Math.max(1, options.cadres ?? Math.round(n / 20));
  const boundShare = options.boundShare ?? 0.2;
  const hasher = createHasher(BENCH_HASH_KEY);
  const addresses = createReplyAddressBook(BENCH_HASH_KEY);
  const store = await openLowStore(options.dir);
  try {
    const townships = placeNames(rng, Math.min(25, Math.max(3, Math.round(n / 400))), ['乡', '镇']);
    const villages = placeNames(rng, Math.max(5, Math.ceil(n / 35)), ['村']).map((village, i) => ({
      township: townships[i % townships.length] as string,
      village,
    }));
    const ids = new Set<string>();
    const households: Household[] = [];
    const members: Member[] = [];
    const logins: GeneratedLogin[] = [];
    const updatedAt = new Date(asOf - 30 * DAY_MS).toISOString();
    const unhashed: Unhashed[] = [];
    for (let i = 0; i < n; i += 1) {
      const place = villages[Math.floor((i * villages.length) / n)] as { township: string; village: string };
      const region = townships.indexOf(place.township) + 1;
      const id = idNumber(rng, region, ids);
      const surname = rng.pick(SURNAMES);
      const headName = personName(rng, surname);
      const size = rng.int(1, 6);
      const status = rng.pick(STATUSES);
      const household: Household = {
        id: `GX${String(i + 1).padStart(6, '0')}`,
        headName,
        idMasked: maskIdNumber(id),
        idHash: '',
        verifyHash: '',
        phone: phone(rng),
        county: '演示县',
        township: place.township,
        village: place.village,
        group: `${rng.int(1, 9)}组`,
        size,
        attribute: rng.pick(ATTRIBUTES),
        card: rng.pick(CARDS),
        causes: [...new Set([rng.pick(CAUSES), rng.pick(CAUSES)])],
        status,
        ...(status === '已脱贫' ? { exitYear: rng.int(2016, 2020) } : {}),
        ...(status === '监测对象' ? { monitorType: '脱贫不稳定户' as const, monitorSince: day(asOf, rng.int(30, 700)) } : {}),
        updatedAt,
      };
      households.push(household);
      unhashed.push({ record: household, id, name: headName });
      for (let m = 1; m < size; m += 1) {
        const memberId = idNumber(rng, region, ids);
        const name = personName(rng, m === 1 ? rng.pick(SURNAMES) : surname);
        const member: Member = {
          id: `${household.id}:${m}`,
          householdId: household.id,
          name,
          idMasked: maskIdNumber(memberId),
          idHash: '',
          verifyHash: '',
          relation: m === 1 ? '配偶' : rng.pick(RELATIONS),
        };
        members.push(member);
        unhashed.push({ record: member, id: memberId, name });
      }
      if (logins.length < 200 && i % 7 === 3) logins.push({ householdId: household.id, name: headName, idTail: idTail(id) });
    }

    const cadres: Cadre[] = [];
    const perCadre = Math.ceil(n / cadreCount);
    for (let c = 0; c < cadreCount; c += 1) {
      const mine = households.slice(c * perCadre, (c + 1) * perCadre);
      const cadre: Cadre = {
        id: `GC${String(c + 1).padStart(5, '0')}`,
        name: personName(rng),
        phone: phone(rng),
        org: `演示县${rng.pick(['农业农村局', '教育局', '卫健委', '乡村振兴局', '财政局'])}`,
        // One in ten is a 驻村工作队 member assigned the whole village; the rest have their own households.
        villages: c % 10 === 0 && mine[0] ? [mine[0].village] : [],
        householdIds: c % 10 === 0 ? [] : mine.map((h) => h.id),
        status: 'active',
        createdAt: new Date(asOf - 900 * DAY_MS).toISOString(),
        updatedAt,
      };
      for (const h of mine) Object.assign(h, { cadreName: cadre.name, cadrePhone: cadre.phone });
      cadres.push(cadre);
    }

    const aid: AidRecord[] = [];
    for (const h of households) {
      for (let year = 0; year < 3; year += 1) {
        for (const kind of AID) {
          if (!rng.chance(kind.p)) continue;
          for (let t = 0; t < kind.times; t += 1) {
            aid.push({
              id: `${h.id}:${aid.length}`,
              householdId: h.id,
              category: kind.category,
              name: kind.name,
              amountFen: rng.int(kind.fen[0], kind.fen[1]),
              date: day(asOf, year * 365 + rng.int(0, 364)),
            });
          }
        }
      }
    }

    const visits: Visit[] = [];
    const cadreOf = (i: number) => cadres[Math.min(cadres.length - 1, Math.floor(i / perCadre))] as Cadre;
    for (let v = 0; v < visitCount; v += 1) {
      const index = rng.int(0, n - 1);
      const h = households[index] as Household;
      const date = day(asOf, rng.int(0, 730));
      const checklist = Object.fromEntries(
        CHECKLIST.map((item): [ChecklistKey, ChecklistResult] =>
          rng.chance(0.97) ? [item.key, { ok: true }] : [item.key, { ok: false, reason: '屋顶漏雨，需要维修' }],
        ),
      ) as Record<ChecklistKey, ChecklistResult>;
      visits.push({
        id: `GV${String(v + 1).padStart(7, '0')}`,
        cadreId: cadreOf(index).id,
        householdId: h.id,
        village: h.village,
        date,
        checklist,
        income: rng.int(6000, 20000),
        measures: rng.pick(['落实产业奖补', '联系医保报销', '推荐公益性岗位', '继续跟踪', '协助申请教育资助']),
        nextVisit: day(asOf, -30),
        attachments: [],
        complaintIds: [],
        createdAt: `${date}T10:00:00.000Z`,
      });
    }

    const codes = new Set<string>();
    const householdUsers: string[] = [];
    const cadreUsers: string[] = [];
    const bindings = [];
    for (let i = 0; i < n; i += 1) {
      if (i % 7 === 3 || !rng.chance(boundShare)) continue;
      const userId = `gen-h-${i}`;
      householdUsers.push(userId);
      bindings.push({ id: `web:${userId}`, kind: 'household' as const, targetId: (households[i] as Household).id, boundAt: updatedAt });
    }
    for (let c = 0; c < cadres.length; c += 2) {
      const userId = `gen-c-${c}`;
      cadreUsers.push(userId);
      bindings.push({ id: `web:${userId}`, kind: 'cadre' as const, targetId: (cadres[c] as Cadre).id, boundAt: updatedAt });
    }

    const complaints: Complaint[] = [];
    for (let k = 0; k < complaintCount; k += 1) {
      const h = rng.pick(households);
      const status = rng.pick(COMPLAINT_STATUS);
      const created = new Date(asOf - rng.int(1, 700) * DAY_MS).toISOString();
      const anonymous = rng.chance(0.4);
      const reporterUser = householdUsers.length > 0 && rng.chance(0.5) ? rng.pick(householdUsers) : `gen-r-${k}`;
      complaints.push({
        id: `GK${String(k + 1).padStart(6, '0')}`,
        trackingCode: trackingCode(rng, codes),
        category: rng.pick(COMPLAINT_CATEGORIES.slice(0, 5)),
        township: h.township,
        village: h.village,
        description: rng.pick([
          '今年的产业奖补到现在还没有发到我家',
          '低保评定不公平，有人家里有车还吃低保',
          '村里的路灯坏了好几个月没人修',
        ]),
        anonymous,
        ...(anonymous ? {} : { phone: phone(rng), householdId: h.id }),
        replyTo: addresses.seal({ channel: 'web', userId: reporterUser }),
        sensitive: false,
        status,
        ...(status === 'registered' ? {} : { assignee: `${h.township}人民政府`, deadline: created.slice(0, 10) }),
        reopenCount: 0,
        history: [
          { at: created, by: '群众', from: null, to: 'registered', note: '' },
          ...(status === 'registered' ? [] : [{ at: created, by: 'admin', from: 'registered' as const, to: status, note: '按程序办理' }]),
        ],
        createdAt: created,
        updatedAt: created,
      });
    }

    await hashAll(hasher, unhashed);
    // Fire every write before awaiting any: the store coalesces them into about one rewrite per file.
    const writes: Promise<unknown>[] = [];
    const BATCH = 20_000;
    for (let i = 0; i < households.length; i += BATCH) writes.push(store.households.upsert(...households.slice(i, i + BATCH)));
    for (let i = 0; i < members.length; i += BATCH) writes.push(store.members.upsert(...members.slice(i, i + BATCH)));
    for (let i = 0; i < aid.length; i += BATCH) writes.push(store.aid.add(...aid.slice(i, i + BATCH)));
    for (const c of cadres) writes.push(store.cadres.put(c));
    for (const v of visits) writes.push(store.visits.put(v));
    for (const c of complaints) writes.push(store.complaints.put(c));
    for (const b of bindings) writes.push(store.bindings.bind(b));
    for (const b of bindings) writes.push(store.sessions.saveSession({ id: b.id, updatedAt, version: 1 }));
    await Promise.all(writes);
    return {
      counts: {
        households: households.length,
        members: members.length,
        aid: aid.length,
        visits: visits.length,
        complaints: complaints.length,
        cadres: cadres.length,
        bindings: bindings.length,
      },
      logins,
      householdUsers,
      cadreUsers,
      places: villages.slice(0, 50),
      seconds: (performance.now() - started) / 1000,
      bytesOnDisk: await dirBytes(options.dir),
    };
  } finally {
    await store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      households: { type: 'string', default: '10000' },
      seed: { type: 'string' },
      large: { type: 'boolean' },
    },
  });
  if (!values.dir) {
    console.error('usage: tsx bench/generate.ts --dir DATA_DIR [--households 10000 | --large] [--seed N]');
    process.exit(1);
  }
  const households = values.large ? 100_000 : Number(values.households);
  const result = await generateDataset({ dir: resolve(values.dir), households, seed: values.seed ? Number(values.seed) : undefined });
  console.log(
    JSON.stringify({
      counts: result.counts,
      seconds: Math.round(result.seconds * 10) / 10,
      megabytes: Math.round(result.bytesOnDisk / 1e5) / 10,
    }),
  );
}
