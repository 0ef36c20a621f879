import { describe, expect, it } from 'vitest';
import type { Application } from '../../../src/model/application.js';
import type { Cadre } from '../../../src/model/cadre.js';
import type { Complaint } from '../../../src/model/complaint.js';
import type { Household, Member } from '../../../src/model/household.js';
import type { Session } from '../../../src/model/session.js';
import type { StaffUser } from '../../../src/model/staff.js';
import type { Visit } from '../../../src/model/visit.js';
import { AT, application, cadre, complaint, hash, household, member, staff, visit } from './fixtures.js';
import type { ContractContext } from './harness.js';

// Every field of every record, each set: `Required<…>` stops the build when a model gains a field these do not fill, and
// the round trips below then fail until the store keeps it (a new column, a codec entry).
const iso = AT.toISOString();
const choice = { id: 'complaint.satisfied:c1', label: '满意' };

const SESSION: Required<Session> = {
  id: 'web:u1',
  form: { formId: 'complaint', step: 2, answers: { description: '路灯坏了' }, shown: {}, tries: 1, history: [0, 1] },
  lastChoices: [choice],
  notice: { choices: [choice, { id: 'complaint.unsatisfied:c1', label: '不满意' }], until: iso },
  formExpired: true,
  updatedAt: iso,
  version: 4,
};

const HOUSEHOLD: Required<Household> = {
  ...household('H1'),
  phone: '13900000101',
  group: '三组',
  card: '红卡',
  exitYear: 2019,
  monitorType: '脱贫不稳定户',
  monitorSince: '2025-03-01',
  cadreName: '刘帮扶',
  cadrePhone: '13900001111',
};
const MEMBER: Required<Member> = member('M1', 'H1');
const CADRE: Required<Cadre> = {
  ...cadre('C1', { villages: ['石桥村'], householdIds: ['H1'] }),
  org: '县交通局',
  codeHash: hash('code-C1'),
  codeExpiresAt: iso,
};
const COMPLAINT: Required<Complaint> = {
  ...complaint('c1', { status: 'accepted', history: [{ at: iso, by: '李科长', from: 'registered', to: 'accepted', note: '' }] }),
  concerns: '村主任',
  phone: '13900000102',
  replyTo: { channel: 'web', tag: 'tag:web:u1', sealed: 'test:u1' },
  reporter: { channel: 'wechat', userId: 'wx-1' },
  householdId: 'H1',
  excludedAssignees: ['刘帮扶'],
  visitId: 'v1',
  photos: [{ path: 'uploads/web/u1/1.jpg', mime: 'image/jpeg' }],
  assignee: '青山乡人民政府',
  deadline: '2026-12-18',
  satisfaction: 'unsatisfied',
};
const APPLICATION: Required<Application> = {
  ...application('a1', { visitIds: ['v1'], history: [{ at: iso, by: '申请人', from: null, to: 'submitted', note: '' }] }),
  cost: 12000,
  householdId: 'H1',
  applicant: { name: '张大山', township: '青山乡', village: '石桥村', phone: '13900000103' },
  reporter: { channel: 'web', userId: 'u2' },
  assignee: 'C1',
  monitorType: '突发严重困难户',
};
const VISIT: Required<Visit> = {
  ...visit('v1', 'H1', '2026-11-26', { complaintIds: ['c1'] }, ['housing']),
  lateReason: '下雨路断了',
  income: 8600,
  problems: '屋顶漏雨',
  attachments: [
    { kind: 'image', path: 'uploads/wechat/wx-9/1.jpg', mime: 'image/jpeg' },
    { kind: 'location', lat: 26.57, lng: 114.15, label: '石桥村' },
  ],
  applicationId: 'a1',
};
const STAFF: Required<StaffUser> = staff('S1', 'clerk');

/** Whole records, every optional field set, read back equal from every lookup and after a reopen. */
export function recordsContract({ fresh }: ContractContext): void {
  describe('records keep every field', () => {
    it('sessions (an open form, the last choices, a notification to answer)', async () => {
      const { store, reopen } = await fresh();
      await store.sessions.saveSession(SESSION);
      expect(await store.sessions.getSession(SESSION.id)).toEqual(SESSION);
      expect(await (await reopen()).sessions.getSession(SESSION.id)).toEqual(SESSION);
    });

    it('households, members, cadres and staff', async () => {
      const { store, reopen } = await fresh();
      await store.households.upsert(HOUSEHOLD);
      await store.members.upsert(MEMBER);
      await store.cadres.put(CADRE);
      await store.staff.put(STAFF);
      for (const s of [store, await reopen()]) {
        expect(await s.households.get(HOUSEHOLD.id)).toEqual(HOUSEHOLD);
        expect(await s.members.byHousehold(HOUSEHOLD.id)).toEqual([MEMBER]);
        expect(await s.cadres.get(CADRE.id)).toEqual(CADRE);
        expect(await s.staff.get(STAFF.id)).toEqual(STAFF);
      }
    });

    it('complaints, applications and visits, stored alone and in a transaction', async () => {
      const { store, reopen } = await fresh();
      await store.complaints.put(COMPLAINT);
      await store.transaction(async (tx) => {
        tx.put('applications', APPLICATION);
        tx.put('visits', VISIT);
      });
      for (const s of [store, await reopen()]) {
        expect(await s.complaints.get(COMPLAINT.id)).toEqual(COMPLAINT);
        expect(await s.complaints.byTrackingCode(COMPLAINT.trackingCode)).toEqual(COMPLAINT);
        expect(await s.applications.get(APPLICATION.id)).toEqual(APPLICATION);
        expect(await s.visits.get(VISIT.id)).toEqual(VISIT);
      }
    });
  });
}
