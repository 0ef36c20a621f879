import { spawnSync } from 'node:child_process';
import { access, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { needTool } from './tools.js';

const UNIT = new URL('../../deploy/bangfu.service', import.meta.url);

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The unit's settings as `Key=value` lines per section. */
async function settings(): Promise<Map<string, string[]>> {
  const entries = new Map<string, string[]>();
  for (const line of (await readFile(UNIT, 'utf8')).split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match?.[1]) entries.set(match[1], [...(entries.get(match[1]) ?? []), match[2] ?? '']);
  }
  return entries;
}

/** Runs systemd-analyze verify on a copy of the unit; returns its exit code and what it printed. */
async function verify(text?: string): Promise<{ status: number | null; output: string }> {
  dir = await mkdtemp(join(tmpdir(), 'bangfu-unit-'));
  const path = join(dir, 'bangfu.service');
  if (text === undefined) await copyFile(UNIT, path);
  else await writeFile(path, text);
  const run = spawnSync('systemd-analyze', ['verify', path], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('deploy/bangfu.service', () => {
  it('passes systemd-analyze verify without a warning', async (context) => {
    needTool(context, 'systemd-analyze');
    // verify checks that ExecStart's binary exists: on a machine whose node lives elsewhere, point it there.
    const node = await access('/usr/bin/node').then(
      () => '/usr/bin/node',
      () => process.execPath,
    );
    const text = (await readFile(UNIT, 'utf8')).replace('/usr/bin/node ', `${node} `);
    expect(await verify(text)).toEqual({ status: 0, output: '' });
  });

  it('would report a misspelt setting (the check can fail)', async (context) => {
    needTool(context, 'systemd-analyze');
    const text = (await readFile(UNIT, 'utf8')).replace('Restart=on-failure', 'Restart=sometimes');
    expect((await verify(text)).output).toContain('Failed to parse service restart specifier');
  });

  it('restarts on failure as a dedicated user, with its data in /var/lib/bangfu (0700) and secrets in an environment file', async () => {
    const s = await settings();
    expect(s.get('Restart')).toEqual(['on-failure']);
    expect(s.get('User')).toEqual(['bangfu']);
    expect(s.get('StateDirectory')).toEqual(['bangfu bangfu-backups']);
    expect(s.get('StateDirectoryMode')).toEqual(['0700']);
    expect(s.get('Environment')).toContain('DATA_DIR=/var/lib/bangfu');
    expect(s.get('Environment')).toContain('TRUST_PROXY=1');
    expect(s.get('Environment')).toContain('HOST=127.0.0.1');
    expect(s.get('EnvironmentFile')).toEqual(['/etc/bangfu/bangfu.env']);
    expect(s.get('ExecStart')).toEqual(['/usr/bin/node --import tsx src/main.ts']);
    // V8 compiles code into memory it then executes: this option would crash node at start.
    expect(s.has('MemoryDenyWriteExecute')).toBe(false);
  });
});
