import { spawn } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../../src/config.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { lintDockerfile, parseDockerfile } from './dockerfile-lint.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFile(new URL(path, root), 'utf8');

let app: TestApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

/** Runs the Dockerfile's HEALTHCHECK command against an app on `port`; resolves with its exit code. */
async function healthcheck(port: number): Promise<number | null> {
  const health = parseDockerfile(await read('deploy/Dockerfile')).find((i) => i.keyword === 'HEALTHCHECK');
  const [command = '', ...args] = JSON.parse(health?.args.replace(/^(--\S+\s+)*CMD\s+/, '') ?? '[]') as string[];
  const child = spawn(command === 'node' ? process.execPath : command, args, {
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.once('exit', resolve));
}

type Compose = {
  services: Record<
    string,
    {
      build?: { context: string; dockerfile: string };
      image?: string;
      env_file?: string;
      environment?: Record<string, string>;
      ports?: string[];
      volumes?: string[];
      depends_on?: Record<string, { condition: string }>;
      healthcheck?: { test: string[] };
    }
  >;
  volumes: Record<string, unknown>;
};

describe('deploy/Dockerfile', () => {
  it('passes the structural lint', async () => {
    expect(lintDockerfile(await read('deploy/Dockerfile'))).toEqual([]);
  });

  const good = [
    'FROM node:24-bookworm-slim',
    'COPY package.json package-lock.json ./',
    'RUN npm ci --omit=dev',
    'USER 10001:10001',
    'HEALTHCHECK CMD ["node", "-e", "fetch(\'http://127.0.0.1:3000/readyz\')"]',
    'CMD ["node", "--import", "tsx", "src/main.ts"]',
  ].join('\n');
  it.each([
    ['an unpinned image', good.replace('node:24-bookworm-slim', 'node'), 'pin a version'],
    ['latest', good.replace('node:24-bookworm-slim', 'node:latest'), 'pin a version'],
    ['no USER', good.replace('USER 10001:10001\n', ''), 'no USER'],
    ['USER root', good.replace('USER 10001:10001', 'USER root'), 'non-root'],
    ['no HEALTHCHECK', good.replace(/HEALTHCHECK.*\n/, ''), 'no HEALTHCHECK'],
    ['a curl HEALTHCHECK', good.replace(/HEALTHCHECK.*/, 'HEALTHCHECK CMD curl -f http://127.0.0.1:3000/readyz'), 'use node'],
    ['a HEALTHCHECK of /healthz', good.replace('/readyz', '/healthz'), 'ask /readyz'],
    ['a shell-form CMD', good.replace(/CMD \[.*\]$/, 'CMD node --import tsx src/main.ts'), 'exec (JSON) form'],
    ['npm start', good.replace(/CMD \[.*\]$/, 'CMD ["npm", "start"]'), 'not npm'],
    ['ADD of a URL', `${good}\nADD https://example.org/x.tgz /tmp/`, 'ADD https://'],
    ['npm install', good.replace('npm ci --omit=dev', 'npm install'), 'npm ci'],
    ['dev dependencies', good.replace(' --omit=dev', ''), '--omit=dev'],
  ])('reports %s', (_name, text, problem) => {
    expect(lintDockerfile(good)).toEqual([]);
    expect(lintDockerfile(text).join('\n')).toContain(problem);
  });

  it('copies what the app reads at run time, and lets exactly that into the build context', async () => {
    const instructions = parseDockerfile(await read('deploy/Dockerfile'));
    const copied = instructions.filter((i) => i.keyword === 'COPY').flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(copied.sort()).toEqual(['adapters', 'content', 'package-lock.json', 'package.json', 'src']);
    for (const path of copied) await access(new URL(path, root));
    const ignore = (await read('deploy/Dockerfile.dockerignore')).split('\n').filter((l) => l.startsWith('!'));
    expect(ignore.map((l) => l.slice(1).replace(/\/$/, '')).sort()).toEqual([...copied].sort());
    // npm ci --omit=dev leaves out devDependencies: tsx, which runs the TypeScript, must be a dependency.
    const pkg = JSON.parse(await read('package.json')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.dependencies.tsx).toBeDefined();
    expect(pkg.scripts.start).toBe('tsx src/main.ts');
  });

  it('has a HEALTHCHECK that passes when /readyz is 200 and fails when it is 503', async () => {
    app = await createTestApp();
    const ready = new URL(await app.server.listen({ host: '127.0.0.1', port: 0 }));
    expect(await healthcheck(Number(ready.port))).toBe(0);
    await app.dispose();
    // Telegram is configured but never started here: /readyz says starting (503).
    app = await createTestApp({ TELEGRAM_BOT_TOKEN: '123456:AAE-test-token' });
    const starting = new URL(await app.server.listen({ host: '127.0.0.1', port: 0 }));
    expect(await healthcheck(Number(starting.port))).toBe(1);
  });
});

describe('deploy/compose.yaml', () => {
  it('runs the app from the Dockerfile next to PostgreSQL, with DATABASE_URL pointing at it', async () => {
    const compose = parse(await read('deploy/compose.yaml')) as Compose;
    const { app: service, db } = compose.services;
    if (!service || !db) throw new Error('expected the services app and db');
    await access(new URL(`deploy/${service.build?.context}/${service.build?.dockerfile}`, root));
    expect(service.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(db.healthcheck?.test.join(' ')).toContain('pg_isready');
    const url = new URL((service.environment?.DATABASE_URL ?? '').replace(/\$\{[^}]+\}/, 'secret'));
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('db');
    expect(url.username).toBe(db.environment?.POSTGRES_USER);
    expect(url.pathname).toBe(`/${db.environment?.POSTGRES_DB}`);
    expect(service.environment?.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    expect(db.environment?.POSTGRES_PASSWORD).toContain('${POSTGRES_PASSWORD:?');
    // Only nginx on the host reaches the app; the database is not published at all.
    expect(service.ports).toEqual(['127.0.0.1:3000:3000']);
    expect(db.ports).toBeUndefined();
    const dockerfile = parseDockerfile(await read('deploy/Dockerfile'));
    const dataDir = /DATA_DIR=(\S+)/.exec(dockerfile.find((i) => i.keyword === 'ENV')?.args ?? '')?.[1];
    expect(service.environment?.DATA_DIR).toBe(dataDir);
    expect(service.volumes).toEqual([`bangfu-data:${dataDir}`, `bangfu-backups:${dataDir}-backups`]);
    expect(Object.keys(compose.volumes).sort()).toEqual(['bangfu-backups', 'bangfu-data', 'bangfu-db']);
    await access(new URL(`deploy/${service.env_file}.example`, root));
  });
});

describe('settings in deploy/', () => {
  // DATABASE_URL: read by the PostgreSQL store once it lands; NODE_ENV: read by dependencies.
  const known = new Set([...Object.keys(configSchema.shape), 'DATABASE_URL', 'NODE_ENV']);

  it.each([
    ['bangfu.service', (t: string) => [...t.matchAll(/^Environment=([A-Z_]+)=/gm)].map((m) => m[1])],
    ['Dockerfile', (t: string) => [...t.matchAll(/^\s+([A-Z_]+)=/gm), ...t.matchAll(/^ENV ([A-Z_]+)=/gm)].map((m) => m[1])],
    ['bangfu.env.example', (t: string) => [...t.matchAll(/^#? ?([A-Z][A-Z_]+)=/gm)].map((m) => m[1])],
    ['compose.yaml', (t: string) => Object.keys((parse(t) as Compose).services.app?.environment ?? {})],
  ])('%s sets only variables Bangfu reads', async (file, names) => {
    const found = names(await read(`deploy/${file}`));
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((name) => !known.has(name ?? ''))).toEqual([]);
  });
});
