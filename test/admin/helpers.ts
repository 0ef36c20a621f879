import type { AdminPluginOptions } from '../../src/admin/plugin.js';
import { ApplicationService } from '../../src/ledger/application-service.js';
import { loadWorkingCalendar } from '../../src/ledger/calendar-file.js';
import { ComplaintService } from '../../src/ledger/complaint-service.js';
import type { AidRecord } from '../../src/model/aid.js';
import type { Household, Member } from '../../src/model/household.js';
import type { StaffRole } from '../../src/model/staff.js';
import { idCheckChar, maskIdNumber } from '../../src/privacy/id-number.js';
import { createHasher } from '../../src/privacy/keyed-hash.js';
import { createReplyAddressBook } from '../../src/privacy/reply-address.js';
import type { Store } from '../../src/store/store.js';
import { fakeHash } from '../helpers/fake-hash.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** The first admin's password in every dashboard test. */
export const ADMIN_PASSWORD = 'Bangfu-Test-Admin-2024';
/** The ID hash key of every dashboard test. */
export const HASH_KEY = 'test-hash-key-0123456789abcdef0123456789';
const hasher = createHasher(HASH_KEY);

/** A valid 18-digit resident ID number from 17 digits. */
export function fullId(first17: string): string {
  return first17 + idCheckChar(first17);
}

/** A registry household with sensible defaults; the ID is stored masked and hashed, as the importer does. */
export async function household(
  id: string,
  overrides: Partial<Household> = {},
  idNumber = fullId(`3608811960010${id.slice(-4).padStart(4, '0')}`),
): Promise<Household> {
  const headName = overrides.headName ?? `户主${id}`;
  return {
    id,
    headName,
    idMasked: maskIdNumber(idNumber),
    idHash: await hasher.idHash(idNumber),
    verifyHash: await hasher.verifyHash(headName, idNumber.slice(-6)),
    phone: '13912345678',
    county: '井冈山市',
    township: '茅坪乡',
    village: '神山村',
    size: 4,
    attribute: '一般贫困户',
    card: '红卡',
    causes: ['因病'],
    status: '已脱贫',
    exitYear: 2017,
    cadreName: '李干部',
    cadrePhone: '13800001111',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Three households in two villages, a member and two aid payments. */
export async function seed(store: Store): Promise<void> {
  await store.households.upsert(
    await household('H0001', { headName: '张三' }),
    await household('H0002', { headName: '李四', village: '坝上村', card: '蓝卡', status: '监测对象' }),
    await household('H0003', { headName: '王五', township: '黄坳乡', village: '长富桥村', card: '黄卡', status: '未脱贫' }),
  );
  const member: Member = {
    id: 'M1',
    householdId: 'H0001',
    name: '张小三',
    idMasked: maskIdNumber(fullId('36088120100101001')),
    idHash: fakeHash('M1'),
    verifyHash: fakeHash('v-M1'),
    relation: '子',
  };
  await store.members.upsert(member);
  const aid: AidRecord[] = [
    { id: 'A1', householdId: 'H0001', category: '产业', name: '产业奖补', amountFen: 300000, date: '2024-03-05' },
    { id: 'A2', householdId: 'H0001', category: '教育', name: '雨露计划', amountFen: 150000, date: '2024-04-10' },
  ];
  await store.aid.add(...aid);
}

/** A dashboard test app (admin created from ADMIN_PASSWORD) with the seed data. */
export async function adminApp(options: { now?: () => Date } = {}): Promise<TestApp> {
  const app = await createTestApp({ ADMIN_PASSWORD, ID_HASH_KEY: HASH_KEY }, options);
  await seed(app.store);
  return app;
}

/** A signed-in API session: the Cookie header and the CSRF token. */
export type Session = { cookie: string; csrf: string };

/** Logs in through the JSON API and returns the session; fails loudly on anything but 200. */
export async function login(app: TestApp, username = 'admin', password = ADMIN_PASSWORD): Promise<Session> {
  const res = await app.server.inject({ method: 'POST', url: '/api/admin/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login answered ${res.statusCode}: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'bangfu_admin');
  if (!cookie) throw new Error('login set no session cookie');
  return { cookie: `bangfu_admin=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

/** The headers of a JSON API write in a session: its cookie and its CSRF token. */
export function writeHeaders(session: Session): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrf };
}

/** Creates a staff user of a role through the API (as admin) and signs them in, past the forced password change. */
export async function loginAs(app: TestApp, role: StaffRole, unit = '茅坪乡'): Promise<Session> {
  const admin = await login(app);
  const username = `${role}-user`;
  const created = await app.server.inject({
    method: 'POST',
    url: '/api/admin/staff',
    headers: writeHeaders(admin),
    payload: { username, role, unit, password: 'Initial-Pass-123' },
  });
  if (created.statusCode !== 201) throw new Error(`staff create answered ${created.statusCode}: ${created.body}`);
  const session = await login(app, username, 'Initial-Pass-123');
  const changed = await app.server.inject({
    method: 'POST',
    url: '/api/admin/password',
    headers: writeHeaders(session),
    payload: { currentPassword: 'Initial-Pass-123', newPassword: 'Changed-Pass-456' },
  });
  if (changed.statusCode !== 200) throw new Error(`password change answered ${changed.statusCode}: ${changed.body}`);
  return session;
}

/** Options for registering the dashboard plugin on a bare fastify instance, with the ledger services over `store`. */
export function pluginOptions(store: Store, dataDir: string): AdminPluginOptions {
  const codeTaken = async (code: string) =>
    (await store.complaints.byTrackingCode(code)) !== undefined || (await store.applications.byTrackingCode(code)) !== undefined;
  // Deadlines on the real calendar; a test date past the last published year counts weekends only, unremarked.
  const calendar = loadWorkingCalendar('content', () => undefined);
  return {
    store,
    config: { DATA_DIR: dataDir, ADMIN_SESSION_IDLE_MINUTES: 480, VISIT_OVERDUE_DAYS: 30 },
    hasher,
    demo: false,
    complaints: new ComplaintService(store, codeTaken, createReplyAddressBook(HASH_KEY), calendar),
    applications: new ApplicationService(store, { checkWorkingDays: 2, decisionDays: 15, calendar }, codeTaken),
    reloadContent: async () => 0,
  };
}
