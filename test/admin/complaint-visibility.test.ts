import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Complaint } from '../../src/model/complaint.js';
import type { StaffRole } from '../../src/model/staff.js';
import type { TestApp } from '../helpers/test-app.js';
import { adminApp, login, loginAs, type Session } from './helpers.js';
import { api, complaint } from './ledger-fixtures.js';

const NOW = new Date('2025-03-20T02:00:00Z');
let app: TestApp;
let open: Complaint;
let mine: Complaint;
let other: Complaint;
let aboutPerson: Complaint;
let conduct: Complaint;
const sessions = {} as Record<StaffRole, Session>;

beforeAll(async () => {
  app = await adminApp({ now: () => NOW });
  open = await complaint(app);
  mine = await complaint(app);
  other = await complaint(app, { township: '黄坳乡' });
  aboutPerson = await complaint(app, { concerns: '村会计王某' });
  conduct = await complaint(app, { category: '干部作风问题', description: '帮扶干部一年没来过我家，登记的走访都是假的' });
  const accept = (c: Complaint, assignee: string) =>
    app.complaints.transition(c.id, { to: 'accepted', note: '', assignee }, '李科长', new Date('2025-03-06T02:00:00Z'));
  await accept(mine, '茅坪乡政府');
  await accept(other, '黄坳乡政府');
  sessions.admin = await login(app);
  for (const role of ['supervisor', 'reviewer', 'viewer'] as const) sessions[role] = await loginAs(app, role, '茅坪乡政府');
});
afterAll(async () => app?.dispose());

const SENSITIVE = () => [aboutPerson, conduct];
const codesOf = (items: { trackingCode: string }[]) => items.map((i) => i.trackingCode).sort();
const sorted = (...cs: Complaint[]) => cs.map((c) => c.trackingCode).sort();

describe('who sees which complaint', () => {
  it('marks complaints naming a person or about cadre conduct as sensitive', () => {
    expect(SENSITIVE().map((c) => c.sensitive)).toEqual([true, true]);
    expect([open, mine, other].map((c) => c.sensitive)).toEqual([false, false, false]);
  });

  it.each(['admin', 'supervisor'] as const)(
    'a %s sees every complaint, sensitive ones included, in list, detail and export',
    async (role) => {
      const list = (await api(app, sessions[role], '/api/admin/complaints')).json();
      expect(codesOf(list.items)).toEqual(sorted(open, mine, other, aboutPerson, conduct));
      const detail = await api(app, sessions[role], `/api/admin/complaints/${conduct.id}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toMatchObject({ sensitive: true, category: '干部作风问题' });
      const csv = (await api(app, sessions[role], '/api/admin/complaints?format=csv')).body;
      for (const c of SENSITIVE()) expect(csv).toContain(c.trackingCode);
    },
  );

  it('a reviewer sees unassigned complaints and those of their unit, never sensitive ones', async () => {
    const s = sessions.reviewer;
    const list = (await api(app, s, '/api/admin/complaints')).json();
    expect(codesOf(list.items)).toEqual(sorted(open, mine));
    expect(list.total).toBe(2);
    for (const c of [other, ...SENSITIVE()]) {
      expect((await api(app, s, `/api/admin/complaints/${c.id}`)).statusCode, c.category).toBe(404);
      expect((await api(app, s, `/admin/complaints/${c.id}`)).statusCode).toBe(404);
      const moved = await api(app, s, `/api/admin/complaints/${c.id}/transition`, { to: 'rejected', note: '试图越权' });
      expect(moved.statusCode).toBe(404);
    }
    expect(app.store.complaints.get(conduct.id)?.status).toBe('registered');
    const bodies = [
      (await api(app, s, '/admin/complaints')).body,
      (await api(app, s, '/api/admin/complaints?format=csv')).body,
      (await api(app, s, '/api/admin/complaints?category=干部作风问题')).body,
      (await api(app, s, '/admin/overview')).body,
      (await api(app, s, '/api/admin/overview')).body,
    ];
    for (const body of bodies) for (const c of [other, ...SENSITIVE()]) expect(body).not.toContain(c.trackingCode);
    expect((await api(app, s, '/api/admin/complaints?category=干部作风问题')).json().total).toBe(0);
  });

  it('a reviewer can work the complaints they see', async () => {
    const res = await api(app, sessions.reviewer, `/api/admin/complaints/${mine.id}/transition`, { to: 'rectifying', note: '开始整改' });
    expect(res.statusCode).toBe(200);
    expect(res.json().history.at(-1).by).toBe('reviewer-user（茅坪乡政府）');
  });

  it('a viewer gets none of the complaint routes, only the overview figures', async () => {
    const s = sessions.viewer;
    for (const url of ['/api/admin/complaints', '/admin/complaints', `/api/admin/complaints/${open.id}`, `/admin/complaints/${open.id}`]) {
      expect((await api(app, s, url)).statusCode, url).toBe(403);
    }
    expect((await api(app, s, `/api/admin/complaints/${open.id}/transition`, { to: 'rejected', note: 'x' })).statusCode).toBe(403);
    const overview = await api(app, s, '/api/admin/overview');
    expect(overview.statusCode).toBe(200);
    expect(overview.json().complaints.total).toBe(3);
  });

  it('leaves sensitive complaints out of the overview counts of everyone but supervisors and admins', async () => {
    const figures = async (role: StaffRole) => (await api(app, sessions[role], '/api/admin/overview')).json().complaints;
    expect((await figures('admin')).byCategory.干部作风问题).toBe(1);
    expect((await figures('supervisor')).total).toBe(5);
    for (const role of ['reviewer', 'viewer'] as const) {
      const f = await figures(role);
      expect(f.total, role).toBe(3);
      expect(f.byCategory.干部作风问题, role).toBe(0);
    }
  });
});
