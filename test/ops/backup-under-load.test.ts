import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { complaintScript, send } from '../../bench/chat-load.js';
import { type Child, startChild } from '../../bench/child.js';
import { jsonClient } from '../../bench/http.js';
import type { Manifest } from '../../src/backup/manifest.js';
import { createTestApp, TEST_HASH_KEY, tempDir, textOf } from '../helpers/test-app.js';
import { notPrivate, runBackupCli } from './backup-cli.js';

const WRITERS = 6;
let root = '';
let server: Child | undefined;

afterAll(async () => {
  await server?.stop('SIGKILL');
  if (root) await rm(root, { recursive: true, force: true });
});

/** Writers filing anonymous complaints through the chat API as fast as they are answered, until `stop` is called. */
function fileComplaints(child: Child, confirmed: string[]): { stop: () => Promise<void> } {
  const client = jsonClient(child.port, WRITERS);
  let running = true;
  const writer = async (w: number) => {
    while (running) {
      for (const step of complaintScript({ township: '东坡乡', village: '红星村' })) {
        const { text } = await send(client, `writer-${w}`, step);
        const code = /查询码是：([A-Z0-9]{8})/.exec(text)?.[1];
        if (code) confirmed.push(code);
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  return {
    stop: async () => {
      running = false;
      await Promise.all(writers);
      client.close();
    },
  };
}

describe('npm run backup under write load, then npm run restore', () => {
  it('copies every complaint confirmed before the backup started, and the restored data dir opens', async () => {
    root = await tempDir('bangfu-backup-load-');
    const dataDir = join(root, 'data');
    server = await startChild(
      'src/main.ts',
      {
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: '0',
        SEED_DEMO: '0',
        ID_HASH_KEY: TEST_HASH_KEY,
        VISIT_REMINDERS: '0',
        LOG_LEVEL: 'warn',
        ADMIN_PASSWORD: 'backup-test-admin-password',
        CHAT_RATE_PER_USER_PER_MINUTE: '100000',
        CHAT_RATE_PER_IP_PER_MINUTE: '100000',
      },
      /Web chat:\s+http:\/\/127\.0\.0\.1:(\d+)\//,
      60_000,
    );
    const confirmed: string[] = [];
    const load = fileComplaints(server, confirmed);
    for (let waited = 0; confirmed.length < 5 && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const before = [...confirmed];
    const backup = await runBackupCli(['backup', join(root, 'backup')], dataDir);
    const duringBackup = confirmed.length - before.length;
    await load.stop();
    await server.stop();

    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/Backed up .* \d+ files, [\d.]+ [KM]B \(\d+ bytes\).*through the running Bangfu/);
    // The server kept confirming complaints while the backup ran: it was never stopped.
    expect(before.length).toBeGreaterThanOrEqual(5);
    expect(duringBackup).toBeGreaterThan(0);
    expect(await notPrivate(join(root, 'backup'))).toEqual([]);
    const manifest = JSON.parse(await readFile(join(root, 'backup', 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.online).toBe(true);
    expect(manifest.files.map((f) => f.path)).not.toContain('.lock');
    expect(manifest.files.map((f) => f.path)).toContain('format.json');

    const restoredDir = join(root, 'restored');
    const restore = await runBackupCli(['restore', join(root, 'backup')], restoredDir);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(await notPrivate(restoredDir)).toEqual([]);

    const app = await createTestApp({ ID_HASH_KEY: TEST_HASH_KEY }, { dataDir: restoredDir });
    try {
      const missing = before.filter((code) => app.store.complaints.byTrackingCode(code) === undefined);
      expect(missing).toEqual([]);
      expect(app.notices).toEqual([]);
      expect(textOf(await app.chat('after-restore', `查询进度 ${before[0]}`))).toContain(before[0] as string);
    } finally {
      await app.close();
    }
  }, 180_000);
});
