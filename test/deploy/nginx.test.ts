import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../adapters/telegram/harness.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { needTool } from './tools.js';

const SITE = new URL('../../deploy/nginx-bangfu.conf', import.meta.url);
const HOST = 'bangfu.example.org';

type Prepared = { dir: string; conf: string };
let prepared: Prepared | undefined;
let nginx: ChildProcess | undefined;
let app: TestApp | undefined;
afterEach(async () => {
  if (nginx?.exitCode === null) {
    const exited = new Promise((resolve) => nginx?.once('exit', resolve));
    nginx.kill('SIGTERM');
    await exited;
  }
  await app?.dispose();
  if (prepared) await rm(prepared.dir, { recursive: true, force: true });
  nginx = undefined;
  app = undefined;
  prepared = undefined;
});

/** A self-signed certificate and the site inside a minimal nginx.conf in a temp prefix; `edit` adapts the site. */
async function prepare(edit: (site: string) => string = (site) => site): Promise<Prepared> {
  const dir = await mkdtemp(join(tmpdir(), 'bangfu-nginx-'));
  const made = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${HOST}`, '-keyout', 'key.pem', '-out', 'cert.pem'],
    { cwd: dir, encoding: 'utf8' },
  );
  expect(made.status, made.stderr).toBe(0);
  const site = edit(await readFile(SITE, 'utf8'))
    .replace(/ssl_certificate .*;/, `ssl_certificate ${join(dir, 'cert.pem')};`)
    .replace(/ssl_certificate_key .*;/, `ssl_certificate_key ${join(dir, 'key.pem')};`);
  await writeFile(join(dir, 'site.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${join(dir, k)};`).join('\n  ');
  const conf = join(dir, 'nginx.conf');
  await writeFile(
    conf,
    `pid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'error.log')};\nevents {}\nhttp {\n  access_log ${join(dir, 'access.log')};\n  ${temp}\n  include ${join(dir, 'site.conf')};\n}\n`,
  );
  return { dir, conf };
}

function nginxArgs(p: Prepared, ...extra: string[]): string[] {
  return ['-p', p.dir, '-c', p.conf, '-e', join(p.dir, 'error.log'), ...extra];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

type Answer = { status: number; headers: Record<string, unknown>; body: string };

function fetchVia(
  secure: boolean,
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        servername: HOST,
        rejectUnauthorized: false,
        headers: { host: HOST, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.once('error', reject);
    req.end(options.body);
  });
}

describe('deploy/nginx-bangfu.conf', () => {
  it('passes nginx -t with a self-signed certificate, without warnings', async (context) => {
    needTool(context, 'nginx', ['-v']);
    needTool(context, 'openssl', ['version']);
    prepared = await prepare();
    const run = spawnSync('nginx', nginxArgs(prepared, '-t'), { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('test is successful');
    expect(run.stderr).not.toContain('[warn]');
  });

  it('would fail nginx -t with a broken directive (the check can fail)', async (context) => {
    needTool(context, 'nginx', ['-v']);
    needTool(context, 'openssl', ['version']);
    prepared = await prepare((site) => site.replace('proxy_read_timeout 90s;', 'proxy_read_timeout ninety;'));
    expect(spawnSync('nginx', nginxArgs(prepared, '-t'), { encoding: 'utf8' }).status).not.toBe(0);
  });

  it('proxies the app over TLS, appends the client address, redirects http, and keeps /metrics private', async (context) => {
    needTool(context, 'nginx', ['-v']);
    needTool(context, 'openssl', ['version']);
    app = await createTestApp({ TRUST_PROXY: '1' });
    app.server.get('/test/forwarded', async (request) => ({ forwarded: request.headers['x-forwarded-for'] }));
    const appUrl = await app.server.listen({ host: '127.0.0.1', port: 0 });
    const [http, https] = [await freePort(), await freePort()];
    prepared = await prepare((site) =>
      site
        .replace('server 127.0.0.1:3000;', `server ${new URL(appUrl).host};`)
        .replace(/^\s*listen \[::\].*$/gm, '')
        .replace('listen 80;', `listen 127.0.0.1:${http};`)
        .replace('listen 443 ssl;', `listen 127.0.0.1:${https} ssl;`),
    );
    nginx = spawn('nginx', nginxArgs(prepared, '-g', 'daemon off;'), { stdio: 'ignore' });
    await waitFor(async () => (await accepts(https)) && (await accepts(http)), { what: 'nginx to listen' });

    expect(await fetchVia(true, https, '/healthz')).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    const chat = await fetchVia(true, https, '/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'via-nginx', text: '你好' }),
    });
    expect(chat.status).toBe(200);
    expect(chat.body).toContain('帮扶助手');
    const forwarded = await fetchVia(true, https, '/test/forwarded', { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(JSON.parse(forwarded.body)).toEqual({ forwarded: '203.0.113.7, 127.0.0.1' });
    for (const path of ['/metrics', '/metrics?format=text', '//metrics']) {
      const answer = await fetchVia(true, https, path, { headers: { 'x-forwarded-for': '127.0.0.1' } });
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('bangfu_');
    }
    const redirect = await fetchVia(false, http, '/admin?x=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(`https://${HOST}/admin?x=1`);
  });
});
