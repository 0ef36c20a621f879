import { describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../src/ledger/calendar-file.js';
import { applyTransition, conflictsWith } from '../../src/ledger/complaint-rules.js';
import { localDate } from '../../src/model/calendar.js';
import type { Complaint, ComplaintStatus } from '../../src/model/complaint.js';
import { canSeeComplaint, isOverdue } from '../../src/model/complaint.js';

const NOW = new Date('2026-11-27T02:00:00Z'); // Friday 10:00 in China
const CALENDAR = loadWorkingCalendar('content', (message) => {
  throw new Error(message);
});

function complaint(over: Partial<Complaint> = {}): Complaint {
  return {
    id: 'c1',
    trackingCode: 'ABCD2345',
    category: '扶贫资金发放问题',
    township: '青山乡',
    village: '石桥村',
    description: '产业奖补没有发到户',
    anonymous: false,
    sensitive: false,
    status: 'registered',
    reopenCount: 0,
    history: [],
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    ...over,
  };
}

describe('complaint transitions', () => {
  const allowed: [ComplaintStatus, ComplaintStatus][] = [
    ['registered', 'accepted'],
    ['registered', 'rejected'],
    ['accepted', 'rectifying'],
    ['accepted', 'rejected'],
    ['rectifying', 'verifying'],
    ['verifying', 'closed'],
    ['verifying', 'rectifying'],
    ['closed', 'rectifying'],
  ];
  const statuses: ComplaintStatus[] = ['registered', 'accepted', 'rectifying', 'verifying', 'closed', 'rejected'];
  const cases = statuses.flatMap((from) => statuses.map((to) => [from, to, allowed.some(([f, t]) => f === from && t === to)] as const));

  it.each(cases)('%s → %s allowed: %s', (from, to, ok) => {
    const result = applyTransition(complaint({ status: from, assignee: '乡纪委' }), { to, note: '理由' }, 'staff', NOW, CALENDAR);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.error).toMatch(/不能从/);
  });

  it('requires an assignee to accept and sets a 15-working-day deadline by default', () => {
    expect(applyTransition(complaint(), { to: 'accepted', note: '' }, 's', NOW, CALENDAR)).toEqual({
      ok: false,
      error: expect.stringContaining('承办单位'),
    });
    const result = applyTransition(complaint(), { to: 'accepted', note: '', assignee: '青山乡政府' }, 's', NOW, CALENDAR);
    expect(result.ok && result.complaint.deadline).toBe('2026-12-18');
  });

  it('takes an explicit deadline and refuses a past or malformed one', () => {
    const ok = applyTransition(complaint(), { to: 'accepted', note: '', assignee: 'x单位', deadline: '2026-12-01' }, 's', NOW, CALENDAR);
    expect(ok.ok && ok.complaint.deadline).toBe('2026-12-01');
    expect(
      applyTransition(complaint(), { to: 'accepted', note: '', assignee: 'x单位', deadline: '2026-11-01' }, 's', NOW, CALENDAR).ok,
    ).toBe(false);
    expect(applyTransition(complaint(), { to: 'accepted', note: '', assignee: 'x单位', deadline: '12/01' }, 's', NOW, CALENDAR).ok).toBe(
      false,
    );
  });

  it('requires a reason to reject', () => {
    expect(applyTransition(complaint(), { to: 'rejected', note: '  ' }, 's', NOW, CALENDAR)).toEqual({
      ok: false,
      error: '不予受理必须写明理由。',
    });
  });

  it('records who, when, from, to and the note; counts a reopen', () => {
    const result = applyTransition(
      complaint({ status: 'closed', assignee: 'x' }),
      { to: 'rectifying', note: '群众不满意' },
      '李科长',
      NOW,
      CALENDAR,
    );
    expect(result.ok && result.complaint.history.at(-1)).toEqual({
      at: NOW.toISOString(),
      by: '李科长',
      from: 'closed',
      to: 'rectifying',
      note: '群众不满意',
    });
    expect(result.ok && result.complaint.reopenCount).toBe(1);
  });
});

describe('conflict of interest', () => {
  it.each([
    ['村会计', '石桥村村会计', true],
    ['王支书', '王支书', true],
    ['王支书', '青山乡纪委', false],
    [undefined, '石桥村委会', false],
  ])('concerns %s, assignee %s → conflict %s', (concerns, assignee, expected) => {
    expect(conflictsWith(complaint({ concerns }), assignee)).toBe(expected);
  });

  // The complaint is about 青山乡石桥村 (see complaint() above).
  it.each([
    ['村会计', '石桥村村委会', true],
    ['村会计', '石桥村两委', true],
    ['村会计', '村委会', true],
    ['村会计', '本村村委会', true],
    ['村支书', '青山乡石桥村村民委员会', true],
    ['村委会', '石桥村党支部', true],
    ['村会计', '红星村村委会', false],
    ['村会计', '青山乡政府', false],
    ['村会计', '县纪委监委', false],
    ['乡长', '青山乡人民政府', true],
    ['乡长', '乡政府', true],
    ['乡长', '东坡乡政府', false],
    ['乡长', '石桥村村委会', false],
    ['第一书记', '驻村工作队', true],
    ['第一书记', '县纪委监委工作队', false],
    [undefined, '石桥村村委会', false],
  ])('concerns %s, assignee %s → conflict %s (units of the same place)', (concerns, assignee, expected) => {
    expect(conflictsWith(complaint({ concerns }), assignee)).toBe(expected);
  });

  it('keeps the names fixed at submission (an anonymous complaint has no household to look them up from)', () => {
    const c = complaint({ category: '干部作风问题', sensitive: true, anonymous: true, excludedAssignees: ['刘帮扶'] });
    expect(conflictsWith(c, '刘帮扶')).toBe(true);
    expect(conflictsWith(c, '县纪委监委')).toBe(false);
  });

  it("never assigns a conduct complaint to the household's own cadre", () => {
    const c = complaint({ category: '干部作风问题', sensitive: true });
    expect(conflictsWith(c, '刘帮扶', ['刘帮扶'])).toBe(true);
    expect(applyTransition(c, { to: 'accepted', note: '', assignee: '刘帮扶' }, 's', NOW, CALENDAR, ['刘帮扶']).ok).toBe(false);
  });
});

describe('visibility', () => {
  it.each([
    ['admin', '', true, true],
    ['supervisor', '', true, true],
    ['reviewer', '乡纪委', false, true],
    ['reviewer', '乡纪委', true, false],
    ['viewer', '乡纪委', false, false],
  ] as const)('%s of %s sees sensitive=%s: %s', (role, unit, sensitive, expected) => {
    expect(canSeeComplaint({ role, unit }, complaint({ sensitive, assignee: '乡纪委' }))).toBe(expected);
  });

  it('shows a reviewer unassigned complaints and those of their unit only', () => {
    expect(canSeeComplaint({ role: 'reviewer', unit: 'A' }, complaint())).toBe(true);
    expect(canSeeComplaint({ role: 'reviewer', unit: 'A' }, complaint({ assignee: 'B' }))).toBe(false);
  });
});

describe('overdue', () => {
  it('is overdue only when open and past the deadline (China date)', () => {
    expect(isOverdue({ status: 'accepted', deadline: '2026-11-26' }, localDate(NOW))).toBe(true);
    expect(isOverdue({ status: 'accepted', deadline: '2026-11-27' }, localDate(NOW))).toBe(false);
    expect(isOverdue({ status: 'closed', deadline: '2026-11-01' }, localDate(NOW))).toBe(false);
  });
});
