import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Complaint } from '../../src/model/complaint.js';
import { ADMIN_PASSWORD, adminApp, HASH_KEY } from '../admin/helpers.js';
import { cadre, reportByChat } from '../admin/ledger-fixtures.js';
import { readCollection } from '../fault/data-files.js';
import { createTestApp, type TestApp, textOf } from '../helpers/test-app.js';

// A chat user bound to household H0001 (神山村; its registry cadre is 李干部, the village's registered cadre 刘帮扶).
const REPORTER = 'anon-bound-4c7e91';
const DESCRIPTION = '帮扶干部一年没来过我家，登记的走访都是假的，编号QX-7741';
const CONDUCT = ['4', '是的', DESCRIPTION, '跳过', '匿名', '确认提交'];
const NOW = new Date('2026-11-27T02:00:00Z');

let app: TestApp | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await app?.dispose();
  app = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function boundReporterApp(): Promise<TestApp> {
  const a = await adminApp({ now: () => NOW });
  await cadre(a, 'C1', '刘帮扶', ['神山村']);
  await a.store.bindings.bind({ id: `web:${REPORTER}`, kind: 'household', targetId: 'H0001', boundAt: NOW.toISOString() });
  app = a;
  return a;
}

/** Every file under the data dir (but uploads), relative path → text. */
/**
 * Every file under the data dir by its path, except that the store log (store.log, shared by every collection) is
 * split into one entry per collection, named `<collection>@store.log`, so a record is judged by where it belongs.
 */
async function dataFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(dir, path);
    const text = await readFile(path, 'utf8');
    if (name !== 'store.log') {
      files.set(name, text);
      continue;
    }
    for (const line of text.split('\n').filter(Boolean)) {
      for (const part of (JSON.parse(line) as { p: { c: string }[] }).p) {
        const key = `${part.c}@store.log`;
        files.set(key, `${files.get(key) ?? ''}${JSON.stringify(part)}\n`);
      }
    }
  }
  return files;
}

const holding = (files: Map<string, string>, text: string) => [...files].filter(([, body]) => body.includes(text)).map(([name]) => name);

describe('an anonymous complaint from a bound household', () => {
  it('leaves nothing in the data dir that ties it to the reporter, even after staff worked it', async () => {
    const a = await boundReporterApp();
    const code = await reportByChat(a, REPORTER, CONDUCT);
    const stored = (await a.store.complaints.byTrackingCode(code)) as Complaint;
    expect(stored).toMatchObject({ anonymous: true, sensitive: true });
    for (const [to, assignee] of [
      ['accepted', '县纪委监委'],
      ['rectifying', undefined],
    ] as const) {
      expect((await a.complaints.transition(stored.id, { to, note: '', assignee }, '李科长', NOW)).ok).toBe(true);
    }
    // The reporter was told of both steps (so the scan below covers the outbox too).
    expect((await a.store.outbox.counts()).pending).toBe(2);

    const files = await dataFiles(a.dataDir);
    const onDisk = (await readCollection<Complaint>(a.dataDir, 'complaints')).get(stored.id);
    expect(onDisk?.description).toBe(DESCRIPTION);
    expect(onDisk?.householdId).toBeUndefined();
    expect(JSON.stringify(onDisk)).not.toContain(REPORTER);
    // The chat id is where a session and a binding must keep it, and nowhere else (no complaint, no outbox).
    expect(holding(files, REPORTER).filter((name) => !/^(sessions|bindings)((\.\d+)?\.(json|log)|@store\.log)$/.test(name))).toEqual([]);
    // And the session files hold nothing of the form: no text, no code, no record id, no choice of 匿名.
    const sessionFiles = new Map([...files].filter(([name]) => /^(sessions|forms)((\.\d+)?\.(json|log)|@store\.log)$/.test(name)));
    for (const trace of [DESCRIPTION, code, stored.id, 'anonymous', 'H0001']) expect(holding(sessionFiles, trace), trace).toEqual([]);
  });

  it("is still the reporter's own: listed in 查询进度, told of progress, and only they can rate it", async () => {
    const a = await boundReporterApp();
    const code = await reportByChat(a, REPORTER, CONDUCT);
    const id = (await a.store.complaints.byTrackingCode(code))?.id as string;
    const mine = await a.chat(REPORTER, '查询进度');
    const item = mine.at(-1)?.choices?.find((c) => c.label.startsWith('干部作风问题'));
    expect(textOf(await a.chat(REPORTER, { choice: item?.id as string }))).toContain(`查询码 ${code}`);
    for (const to of ['accepted', 'rectifying', 'verifying', 'closed'] as const) {
      const result = await a.complaints.transition(id, { to, note: '已整改', assignee: '县纪委监委' }, '李科长', NOW);
      expect(result.ok).toBe(true);
    }
    const inbox = await a.server.inject({ method: 'GET', url: `/api/chat/messages?userId=${REPORTER}` });
    const messages = inbox.json().messages as { text: string; choices?: { id: string; label: string }[] }[];
    expect(messages.map((m) => m.text)).toEqual([
      expect.stringContaining('已受理'),
      expect.stringContaining('正在整改'),
      expect.stringContaining('正在核实'),
      expect.stringContaining('已办结'),
    ]);
    const satisfied = messages.at(-1)?.choices?.find((c) => c.label === '满意')?.id as string;
    expect(textOf(await a.chat('someone-else', { choice: satisfied }))).toContain('不能评价');
    expect(textOf(await a.chat(REPORTER, { choice: satisfied }))).toContain('谢谢');
    expect((await a.store.complaints.get(id))?.satisfaction).toBe('satisfied');
  });

  it.each([
    ['李干部', false],
    ['刘帮扶', false],
    ['茅坪乡神山村 李干部', false],
    ['县纪委监委', true],
  ])("can be assigned to %s: %s (the household's cadres are excluded, as for a named one)", async (assignee, allowed) => {
    const a = await boundReporterApp();
    for (const named of [false, true]) {
      const answers = named ? ['4', '是的', DESCRIPTION, '跳过', '实名', '跳过', '确认提交'] : CONDUCT;
      const code = await reportByChat(a, REPORTER, answers);
      const id = (await a.store.complaints.byTrackingCode(code))?.id as string;
      const result = await a.complaints.transition(id, { to: 'accepted', note: '', assignee }, '李科长', NOW);
      expect(result.ok, `${named ? 'named' : 'anonymous'} → ${assignee}`).toBe(allowed);
    }
  });
});

describe('complaints stored before reply addresses were sealed', () => {
  it('are sealed at the next start, lose the household of an anonymous one, and still reach their reporter', async () => {
    const a = await boundReporterApp();
    const legacy: Complaint = {
      id: 'legacy-1',
      trackingCode: 'LGCY2345',
      category: '干部作风问题',
      township: '茅坪乡',
      village: '神山村',
      description: DESCRIPTION,
      anonymous: true,
      reporter: { channel: 'web', userId: REPORTER },
      householdId: 'H0001',
      sensitive: true,
      status: 'registered',
      reopenCount: 0,
      history: [],
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    };
    await a.store.complaints.put(legacy);
    await a.close();
    app = await createTestApp({ ADMIN_PASSWORD, ID_HASH_KEY: HASH_KEY }, { now: () => NOW, dataDir: a.dataDir });
    cleanups.push(() => rm(a.dataDir, { recursive: true, force: true }));
    const sealed = await app.store.complaints.get('legacy-1');
    expect(sealed?.reporter).toBeUndefined();
    expect(sealed?.householdId).toBeUndefined();
    expect(sealed?.replyTo?.sealed).toMatch(/^v1\./);
    expect((await app.complaints.transition('legacy-1', { to: 'accepted', note: '', assignee: '李干部' }, '李科长', NOW)).ok).toBe(false);
    expect((await app.complaints.transition('legacy-1', { to: 'accepted', note: '', assignee: '县纪委监委' }, '李科长', NOW)).ok).toBe(
      true,
    );
    const inbox = await app.server.inject({ method: 'GET', url: `/api/chat/messages?userId=${REPORTER}` });
    expect(inbox.json().messages).toEqual([expect.objectContaining({ text: expect.stringContaining('LGCY2345') })]);
  });
});

describe('the forms a user did not submit', () => {
  const STARTED = ['反映问题', '1', '茅坪乡', '神山村', '村里的低保名单上有开小车的人家，编号QX-9902'];

  it('leave nothing of their answers on disk once cancelled or closed for being idle', async () => {
    app = await adminApp({ now: () => NOW });
    const a = app;
    for (const text of STARTED) await a.chat('cancels', text);
    for (const text of STARTED) await a.chat('walks-away', text);
    expect(textOf(await a.chat('cancels', '取消'))).toContain('已取消');
    expect(await a.store.sessions.expireForms(new Date(NOW.getTime() + 1))).toBe(1);
    const files = await dataFiles(a.dataDir);
    expect(holding(files, 'QX-9902')).toEqual([]);
    // The one who walked away is told the form was closed when they come back.
    expect(textOf(await a.chat('walks-away', '你好'))).toContain('已经关闭了');
  });
});
