import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIRST_PASSWORD_FILE } from '../../src/admin/bootstrap.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { TEST_HASH_KEY, tempDir } from '../helpers/test-app.js';
import { ADMIN_PASSWORD, type LoggedApp, loggedApp } from './helpers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('the first admin password', () => {
  it('reaches neither the log stream nor stdout when the server runs without a terminal (systemd, docker, nohup)', async () => {
    const dir = await tempDir('bangfu-abuse-first-');
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    cleanup.push(() => {
      if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
      else Reflect.deleteProperty(process.stderr, 'isTTY');
    });
    let stdout = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      stdout += `${args.join(' ')}\n`;
    });
    cleanup.push(() => {
      write.mockRestore();
      log.mockRestore();
    });
    let logs = '';
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString('utf8');
        done();
      },
    });
    const app = await buildApp(
      loadConfig({ SEED_DEMO: '0', VISIT_REMINDERS: '0', LOG_LEVEL: 'trace', DATA_DIR: dir, ID_HASH_KEY: TEST_HASH_KEY }),
      { logStream },
    );
    cleanup.push(() => app.close());
    const password = /初始密码 (\S+)/.exec(await readFile(join(dir, FIRST_PASSWORD_FILE), 'utf8'))?.[1] ?? '';
    expect(password).toMatch(/^\S{16}$/);
    const res = await app.server.inject({ method: 'POST', url: '/api/admin/login', payload: { username: 'admin', password } });
    expect(res.json().user.mustChangePassword).toBe(true);
    expect(stdout).toContain(FIRST_PASSWORD_FILE);
    expect(logs).toContain('"msg":"request"');
    expect({ inLogs: logs.includes(password), onStdout: stdout.includes(password) }).toEqual({ inLogs: false, onStdout: false });
  });
});

describe('JSON API writes from a page that has the cookie but not the token', () => {
  let app: LoggedApp;
  const signIn = async () => {
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/admin/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    return { cookie: `bangfu_admin=${res.cookies.find((c) => c.name === 'bangfu_admin')?.value}`, csrf: res.json().csrfToken as string };
  };

  it.each<[string, (attackersOwn: string) => Record<string, string>]>([
    ['no token', () => ({})],
    ['a guessed token', () => ({ 'x-csrf-token': 'A'.repeat(43) })],
    ['the token of another session (the attacker’s own)', (attackersOwn) => ({ 'x-csrf-token': attackersOwn })],
  ])('are refused with %s: no staff account is created', async (_case, token) => {
    app = await loggedApp();
    cleanup.push(() => app.dispose());
    const victim = await signIn();
    const attacker = await signIn();
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/admin/staff',
      headers: { cookie: victim.cookie, 'content-type': 'application/json', ...token(attacker.csrf) },
      payload: { username: 'backdoor', role: 'admin', password: 'Backdoor-Pass-2024' },
    });
    expect(res.statusCode).toBe(403);
    expect(await app.store.staff.byUsername('backdoor')).toBeUndefined();
  });
});
