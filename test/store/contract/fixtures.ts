import { createHash } from 'node:crypto';
import type { AidRecord } from '../../../src/model/aid.js';
import type { Application } from '../../../src/model/application.js';
import type { Cadre } from '../../../src/model/cadre.js';
import type { Complaint } from '../../../src/model/complaint.js';
import type { Household, Member } from '../../../src/model/household.js';
import type { StaffUser } from '../../../src/model/staff.js';
import type { Visit } from '../../../src/model/visit.js';

/** A fixed instant the contract tests reason from (Friday 10:00 in China). */
export const AT = new Date('2026-11-27T02:00:00Z');
/** Its China calendar date. */
export const TODAY = '2026-11-27';

/** A stand-in for a keyed, stretched hash (Hasher's `s1:` + 64 hex), distinct per label. */
export const hash = (label: string): string => `s1:${createHash('sha256').update(label).digest('hex')}`;

/** A household; `over` changes any field. */
export function household(id: string, over: Partial<Household> = {}): Household {
  return {
    id,
    headName: `户主${id}`,
    idMasked: '3601**************',
    idHash: hash(`id-${id}`),
    verifyHash: hash(`v-${id}`),
    county: '演示县',
    township: '青山乡',
    village: '石桥村',
    size: 3,
    attribute: '一般贫困户',
    causes: ['因病'],
    status: '已脱贫',
    updatedAt: AT.toISOString(),
    ...over,
  };
}

/** A household member. */
export function member(id: string, householdId: string, over: Partial<Member> = {}): Member {
  return {
    id,
    householdId,
    name: `成员${id}`,
    idMasked: '3601**************',
    idHash: hash(`mid-${id}`),
    verifyHash: hash(`mv-${id}`),
    relation: '子女',
    ...over,
  };
}

/** An aid payment. */
export function aid(id: string, householdId: string, date: string, amountFen: number, over: Partial<AidRecord> = {}): AidRecord {
  return { id, householdId, category: '产业', name: '产业奖补', amountFen, date, ...over };
}

/** An active cadre. */
export function cadre(id: string, over: Partial<Cadre> = {}): Cadre {
  return {
    id,
    name: `干部${id}`,
    phone: '13700007000',
    villages: [],
    householdIds: [],
    status: 'active',
    createdAt: AT.toISOString(),
    updatedAt: AT.toISOString(),
    ...over,
  };
}

/** A complaint in the ledger. */
export function complaint(id: string, over: Partial<Complaint> = {}): Complaint {
  return {
    id,
    trackingCode: `C${id.toUpperCase().padStart(7, '0')}`.slice(0, 8),
    category: '其他',
    township: '青山乡',
    village: '石桥村',
    description: '路灯坏了三个月',
    anonymous: false,
    sensitive: false,
    status: 'registered',
    reopenCount: 0,
    history: [],
    createdAt: AT.toISOString(),
    updatedAt: AT.toISOString(),
    ...over,
  };
}

/** A hardship application. */
export function application(id: string, over: Partial<Application> = {}): Application {
  return {
    id,
    trackingCode: `A${id.toUpperCase().padStart(7, '0')}`.slice(0, 8),
    event: '生病住院',
    eventDate: '2026-11-20',
    help: '医疗费用',
    township: '青山乡',
    village: '石桥村',
    consent: true,
    status: 'submitted',
    checkDeadline: '2026-12-01',
    decisionDeadline: '2026-12-12',
    visitIds: [],
    history: [],
    createdAt: AT.toISOString(),
    updatedAt: AT.toISOString(),
    ...over,
  };
}

const OK = { ok: true };

/** A home visit; every checklist item 达标 unless `failed` names some. */
export function visit(id: string, householdId: string, date: string, over: Partial<Visit> = {}, failed: string[] = []): Visit {
  const item = (key: string) => (failed.includes(key) ? { ok: false, reason: '不达标' } : OK);
  return {
    id,
    cadreId: 'C1',
    householdId,
    village: '石桥村',
    date,
    checklist: {
      food: item('food'),
      clothing: item('clothing'),
      education: item('education'),
      medical: item('medical'),
      housing: item('housing'),
      water: item('water'),
    },
    measures: '继续跟踪',
    nextVisit: '2026-12-27',
    attachments: [],
    complaintIds: [],
    createdAt: `${date}T02:00:00.000Z`,
    ...over,
  };
}

/** A dashboard user. */
export function staff(id: string, username: string, over: Partial<StaffUser> = {}): StaffUser {
  return {
    id,
    username,
    displayName: username,
    role: 'reviewer',
    unit: '县乡村振兴局',
    passwordHash: 'scrypt$x',
    mustChangePassword: false,
    disabled: false,
    createdAt: AT.toISOString(),
    updatedAt: AT.toISOString(),
    ...over,
  };
}

/** Ids of records, sorted, for order-free comparisons. */
export const ids = (records: { id: string }[]) => records.map((r) => r.id).sort();
