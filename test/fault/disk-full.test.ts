import { execFileSync } from 'node:child_process';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, tempDir, textOf } from '../helpers/test-app.js';

const COMPLAINT = ['反映问题', '1', '东坡乡', '红星村', '今年三月份的产业奖补到现在都没有发到我家', '跳过', '匿名'];
const CONFIRM = '确认提交';
const CODE = /查询码是：([A-Z0-9]{8})/;

let app: TestApp | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await app?.dispose();
  app = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Whether this machine lets us mount a tmpfs (root with CAP_SYS_ADMIN); CI runs as root. */
function tryMountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Writes zeros until the file system is full. */
async function fillDisk(path: string): Promise<void> {
  const handle = await open(path, 'w');
  const chunk = Buffer.alloc(4096);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
}

async function expectFailedSubmitThenRecovery(a: TestApp, user: string, unblock: () => Promise<void>): Promise<void> {
  const failed = await a.chat(user, CONFIRM);
  expect(textOf(failed)).toContain('没有保存成功');
  expect(textOf(failed)).not.toMatch(CODE);
  expect((await a.store.complaints.list({})).filter(() => true)).toEqual([]);
  // The server stays up: another user is answered, and so is this one.
  expect(textOf(await a.chat('someone-else', '你好'))).toContain('帮扶助手');
  await unblock();
  const retried = await a.chat(user, CONFIRM);
  const code = CODE.exec(textOf(retried))?.[1];
  expect(code).toBeDefined();
  expect(await a.store.complaints.byTrackingCode(code as string)).toBeDefined();
}

describe('an unwritable data dir during a submit', () => {
  it('tells the user it failed (no tracking code), stays up, and works again once the disk does', async () => {
    app = await createTestApp();
    const a = app;
    for (const text of COMPLAINT) await a.chat('u1', text);
    // Root ignores file modes, so put a directory where the store log goes: every write to it fails.
    const log = join(a.dataDir, 'store.log');
    await rename(log, `${log}.aside`);
    await mkdir(join(log, 'blocker'), { recursive: true });
    await expectFailedSubmitThenRecovery(a, 'u1', async () => {
      await rm(log, { recursive: true, force: true });
      await rename(`${log}.aside`, log);
    });
  });

  it('on a full disk (tmpfs) tells the user it failed, stays up, and works again once space is freed', async (context) => {
    const mountPoint = await tempDir('bangfu-full-');
    cleanups.push(() => rm(mountPoint, { recursive: true, force: true }));
    if (!tryMountTmpfs(mountPoint, '2m')) {
      // Not root here (developer laptops): the directory case above covers the same code path.
      context.skip();
      return;
    }
    cleanups.push(async () => {
      execFileSync('umount', [mountPoint]);
    });
    const dataDir = join(mountPoint, 'data');
    app = await createTestApp({}, { dataDir });
    const a = app;
    for (const text of COMPLAINT) await a.chat('u1', text);
    const filler = join(mountPoint, 'filler');
    await fillDisk(filler);
    // The store log's last page may still have room for a line: a write larger than a page uses it up and fails.
    await expect(a.store.meta.set('test:pad', 'x'.repeat(64 * 1024))).rejects.toThrow(/ENOSPC/);
    await expectFailedSubmitThenRecovery(a, 'u1', () => rm(filler));
    expect((await readdir(dataDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
