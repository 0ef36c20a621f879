import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashEnrolmentCode } from '../../src/core/enrolment-code.js';
import type { Household } from '../../src/model/household.js';
import { fakeHash } from '../helpers/fake-hash.js';
import { choiceId, createTestApp, type TestApp, textOf } from '../helpers/test-app.js';

// Friday 10:00 in China.
const NOW = new Date('2026-11-27T02:00:00Z');
const CODE = /查询码是：([A-Z0-9]{8})/;
const COMPLAINT = ['反映问题', '1', '青山乡', '石桥村', '三月份的产业奖补到现在都没有发到我家', '跳过', '匿名'];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function app(dataDir?: string): Promise<TestApp> {
  const a = await createTestApp({}, { now: () => NOW, dataDir });
  cleanups.push(() => a.dispose());
  return a;
}

/**
 * The same data dir opened again while the first app is abandoned mid-flight, as after kill -9: nothing of the
 * first app's memory reaches the second, only what is on disk.
 */
function restart(crashed: TestApp): Promise<TestApp> {
  return app(crashed.dataDir);
}

/**
 * Makes every write to these files fail: root ignores file modes, so a directory takes each file's place (a file
 * already there waits beside it). Only for files the app has not opened yet: an open journal would go on writing
 * to the moved file. The returned function puts the files back.
 */
async function block(dir: string, names: string[]): Promise<() => Promise<void>> {
  const moved: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (
      await rename(path, `${path}.aside`).then(
        () => true,
        () => false,
      )
    )
      moved.push(path);
    await mkdir(join(path, 'blocker'), { recursive: true });
  }
  return async () => {
    for (const name of names) await rm(join(dir, name), { recursive: true, force: true });
    for (const path of moved) await rename(`${path}.aside`, path);
  };
}

/** Makes the next session save fail, as a full disk would, once the turn's work is done (the reply is still sent). */
function loseNextSessionSave(a: TestApp): void {
  const sessions = a.store.sessions;
  const save = sessions.saveSession.bind(sessions);
  sessions.saveSession = async () => {
    sessions.saveSession = save;
    throw new Error('ENOSPC: no space left on device, write');
  };
}

async function report(a: TestApp, user: string): Promise<string> {
  for (const text of COMPLAINT) await a.chat(user, text);
  const code = CODE.exec(textOf(await a.chat(user, '确认提交')))?.[1];
  if (!code) throw new Error('no tracking code');
  return code;
}

async function inbox(a: TestApp, user: string): Promise<string[]> {
  const res = await a.server.inject({ method: 'GET', url: `/api/chat/messages?userId=${user}` });
  return (res.json().messages as { text: string }[]).map((m) => m.text);
}

describe('a status change and its notification', () => {
  it('are both refused when the store log cannot be written, and stay so after a restart', async () => {
    const a = await app();
    const code = await report(a, 'reporter');
    const id = (await a.store.complaints.byTrackingCode(code))?.id as string;
    const unblock = await block(a.dataDir, ['store.log']);
    await expect(a.complaints.transition(id, { to: 'accepted', note: '', assignee: '青山乡政府' }, '李科长', NOW)).rejects.toThrow();
    expect((await a.store.complaints.get(id))?.status).toBe('registered');
    expect((await a.store.outbox.counts()).pending).toBe(0);
    await unblock();
    const b = await restart(a);
    expect((await b.store.complaints.get(id))?.status).toBe('registered');
    expect(await inbox(b, 'reporter')).toEqual([]);
  });
});

function household(id: string, headName: string): Household {
  return {
    id,
    headName,
    idMasked: '3601**************',
    idHash: fakeHash(`id-${id}`),
    verifyHash: fakeHash(`v-${id}`),
    county: '演示县',
    township: '青山乡',
    village: '石桥村',
    size: 3,
    attribute: '一般贫困户',
    causes: [],
    status: '已脱贫',
    updatedAt: NOW.toISOString(),
  };
}

/** A bound cadre for 石桥村 (household H1) and an open hardship application of H1; returns the application id. */
async function visitSetup(a: TestApp): Promise<string> {
  await a.store.households.upsert(household('H1', '张大山'));
  await a.store.cadres.put({
    id: 'C1',
    name: '刘帮扶',
    phone: '13900001111',
    villages: ['石桥村'],
    householdIds: [],
    status: 'active',
    codeHash: hashEnrolmentCode('K7PX3MWQ'),
    codeExpiresAt: '2026-12-06T00:00:00Z',
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  });
  expect(textOf(await a.chat('cadre', 'K7PX3MWQ'))).toContain('绑定成功');
  const application = await a.applications.create(
    {
      event: '生病住院',
      eventDate: '2026-11-20',
      help: '医疗费报销后还差一万多',
      householdId: 'H1',
      township: '青山乡',
      village: '石桥村',
      consent: true,
    },
    NOW,
  );
  return application.id;
}

/** Fills the visit form up to its confirmation: H1, linked to its application, housing 不达标. */
async function fillVisit(a: TestApp): Promise<void> {
  const pick = await a.chat('cadre', '走访登记');
  expect(textOf(await a.chat('cadre', { choice: choiceId(pick, '张大山') }))).toContain('困难申报');
  const answers = ['1', '昨天', '达标', '达标', '达标', '达标', '不达标', '屋顶漏雨', '达标', '跳过', '跳过', '帮助申报危房改造', '1'];
  for (const answer of answers) await a.chat('cadre', answer);
  expect(textOf(await a.chat('cadre', '跳过'))).toContain('住房安全有保障：不达标');
}

async function expectOneWholeVisit(a: TestApp, applicationId: string): Promise<void> {
  const visits = await a.store.visits.list({ householdId: 'H1' });
  expect(visits).toHaveLength(1);
  const [visit] = visits;
  const items = await a.store.complaints.byHousehold('H1');
  expect(items.map((c) => c.id)).toEqual(visit?.complaintIds);
  expect(items).toEqual([expect.objectContaining({ category: '走访发现问题', visitId: visit?.id })]);
  expect((await a.store.applications.get(applicationId))?.visitIds).toEqual([visit?.id]);
}

describe('a visit, its ledger items and its application link', () => {
  it('are saved together or not at all: with the store log unwritable the cadre is told, and a retry saves them once', async () => {
    const a = await app();
    const applicationId = await visitSetup(a);
    await fillVisit(a);
    const unblock = await block(a.dataDir, ['store.log']);
    const failed = textOf(await a.chat('cadre', '确认提交'));
    expect(failed).not.toContain('走访记录已保存');
    expect(await a.store.visits.list({ householdId: 'H1' })).toEqual([]);
    expect(await a.store.complaints.byHousehold('H1')).toEqual([]);
    expect((await a.store.applications.get(applicationId))?.visitIds).toEqual([]);
    await unblock();
    expect(textOf(await a.chat('cadre', '确认提交'))).toContain('走访记录已保存');
    await expectOneWholeVisit(a, applicationId);
    await expectOneWholeVisit(await restart(a), applicationId);
  });

  it('are stored once when the submit is retried after its answer was lost (the session could not be saved)', async () => {
    const a = await app();
    const applicationId = await visitSetup(a);
    await fillVisit(a);
    loseNextSessionSave(a);
    expect(textOf(await a.chat('cadre', '确认提交'))).toContain('走访记录已保存');
    // The session still shows the confirmation, so the cadre confirms again.
    expect(textOf(await a.chat('cadre', '确认提交'))).toContain('走访记录已保存');
    await expectOneWholeVisit(a, applicationId);
    await expectOneWholeVisit(await restart(a), applicationId);
  });
});

describe('a retried complaint submit', () => {
  it('returns the first tracking code instead of storing the complaint twice', async () => {
    const a = await app();
    for (const text of COMPLAINT) await a.chat('reporter', text);
    loseNextSessionSave(a);
    const first = CODE.exec(textOf(await a.chat('reporter', '确认提交')))?.[1];
    const second = CODE.exec(textOf(await a.chat('reporter', '确认提交')))?.[1];
    expect(first).toBeDefined();
    expect(second).toBe(first);
    expect((await a.store.complaints.list({})).filter(() => true)).toHaveLength(1);
  });
});
