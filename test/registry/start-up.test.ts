import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Child, startChild } from '../../bench/child.js';
import { tempDir } from '../helpers/test-app.js';

const ROOT = join(import.meta.dirname, '../..');
const BASE = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', VISIT_REMINDERS: '0', ADMIN_PASSWORD: 'test-admin-password-1' };
// Settings the developer's shell may hold must not decide what these starts do.
const UNSET = { ID_HASH_KEY: '', ID_HASH_KEY_FILE: '', BANGFU_MODE: '', SEED_DEMO: '' };

let server: Child | undefined;
let dataDir = '';
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

// The real entry point (node --import tsx src/main.ts), a few seconds per start.
describe('npm start', { timeout: 90_000 }, () => {
  it('on an empty data dir gives the demo, with a banner that says so and how real use starts', async () => {
    dataDir = await tempDir('bangfu-start-');
    server = await startChild(
      'src/main.ts',
      { ...UNSET, ...BASE, DATA_DIR: dataDir },
      /Web chat:\s+http:\/\/127\.0\.0\.1:(\d+)\/[\s\S]*DEMO MODE[\s\S]*Security and privacy/,
      60_000,
    );
    const output = server.output();
    expect(output).toContain('DEMO MODE (演示模式): this data dir holds fictional demo data only.');
    expect(output).toContain('household 张大山, ID tail 150117; cadre: 干部绑定 GANBU888');
    expect(output).toContain('BANGFU_MODE=real and ID_HASH_KEY_FILE');
  });

  it('with BANGFU_MODE=real and no hash key refuses to start, naming the variable', async () => {
    dataDir = await tempDir('bangfu-start-');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...UNSET, ...BASE, DATA_DIR: dataDir, BANGFU_MODE: 'real' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('ID_HASH_KEY_FILE (or ID_HASH_KEY) must be set');
    expect(stderr).toContain('back that file up separately from the data');
  });
});
