import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { tempDir } from '../helpers/test-app.js';
import { parseDockerfile } from './dockerfile-lint.js';

const root = new URL('../../', import.meta.url);

let child: ChildProcess | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  if (child?.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  child = undefined;
  dataDir = undefined;
});

/** The command line the systemd unit and the image both run. */
async function startCommand(): Promise<string[]> {
  const unit = await readFile(new URL('deploy/bangfu.service', root), 'utf8');
  const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1]?.split(' ') ?? [];
  const cmd = parseDockerfile(await readFile(new URL('deploy/Dockerfile', root), 'utf8')).findLast((i) => i.keyword === 'CMD');
  expect(JSON.parse(cmd?.args ?? '[]')).toEqual(['node', ...execStart.slice(1)]);
  return execStart.slice(1);
}

describe('the deployed start command', () => {
  it('serves, turns ready, and stops cleanly on SIGTERM', { timeout: 60_000 }, async () => {
    const args = await startCommand();
    dataDir = await tempDir('bangfu-start-');
    const env = {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      // As deploy/bangfu.env.example does: the ID hash key lives outside the data dir.
      ID_HASH_KEY_FILE: join(await tempDir('bangfu-start-key-'), 'id-hash.key'),
      SEED_DEMO: '0',
      VISIT_REMINDERS: '0',
      LOG_LEVEL: 'warn',
      ADMIN_PASSWORD: 'deploy-test-password-1',
    };
    const started = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    const address = await new Promise<string>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const url = /Web chat:\s+(http:\/\/\S+?)\//.exec(output)?.[1];
        if (url) resolve(url);
      };
      started.stdout?.on('data', read);
      started.stderr?.on('data', read);
      started.once('exit', (code) => reject(new Error(`exited with ${code} before serving:\n${output}`)));
    });
    expect(await (await fetch(`${address}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${address}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { store: 'ok' } });
    expect((await fetch(`${address}/metrics`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => started.once('exit', resolve));
    started.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The data dir was released: another process may open it at once.
    const store = await openLowStore(dataDir);
    await store.close();
  });
});
