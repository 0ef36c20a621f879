import { afterEach, describe, expect, it } from 'vitest';
import type { NewComplaint } from '../../src/ledger/complaint-service.js';
import { type LoggedApp, loggedApp } from '../abuse/helpers.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const apps: (TestApp | LoggedApp)[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

const NEW_COMPLAINT: NewComplaint = {
  category: '扶贫资金发放问题',
  township: '茅坪乡',
  village: '神山村',
  description: '产业奖补没有发',
  anonymous: true,
};

describe('deadlines in the running app', () => {
  it('counts on the holiday calendar: accepted on 2026-09-30, due after National Day; a hardship check skips it too', async () => {
    const now = new Date('2026-09-30T02:00:00Z');
    const app = await createTestApp({ APPLICATION_CHECK_WORKING_DAYS: '3' }, { now: () => now });
    apps.push(app);
    const c = await app.complaints.create(NEW_COMPLAINT, now);
    const accepted = await app.complaints.transition(c.id, { to: 'accepted', note: '', assignee: '茅坪乡人民政府' }, '李科长', now);
    expect(accepted.ok && accepted.complaint.deadline).toBe('2026-10-27');
    const application = await app.applications.create(
      { event: '生病住院', eventDate: '2026-09-28', help: '医疗费', township: '茅坪乡', village: '神山村', consent: true },
      now,
    );
    // Three working days: 8 and 9 October, then the 调休 Saturday.
    expect(application.checkDeadline).toBe('2026-10-10');
  });

  it('warns at start-up, naming the year, when a deadline set today would reach a year without a calendar', async () => {
    const app = await loggedApp({}, { now: () => new Date('2026-12-21T02:00:00Z') });
    apps.push(app);
    const warnings = app
      .logs()
      .split('\n')
      .filter((line) => line.includes('content/calendar/2027.yaml'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"level":40');
    const c = await app.complaints.create(NEW_COMPLAINT, new Date('2026-12-21T02:00:00Z'));
    await app.complaints.transition(
      c.id,
      { to: 'accepted', note: '', assignee: '茅坪乡人民政府' },
      '李科长',
      new Date('2026-12-21T02:00:00Z'),
    );
    expect(
      app
        .logs()
        .split('\n')
        .filter((line) => line.includes('content/calendar/2027.yaml')),
    ).toHaveLength(1);
  });

  it('says nothing at start-up while the deadlines set today stay in published years', async () => {
    const app = await loggedApp({}, { now: () => new Date('2026-11-02T02:00:00Z') });
    apps.push(app);
    expect(app.logs()).not.toContain('content/calendar/');
  });
});
