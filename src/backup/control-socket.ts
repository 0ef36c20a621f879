import { chmod, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from '../store/private-files.js';
import { CONTROL_SOCKET } from './data-files.js';

/** A request to the process owning DATA_DIR: stage a consistent copy for the backup process `pid`. */
export type StageRequest = { op: 'stage'; pid: number };

/** Its answer: the staging dir (its name in DATA_DIR) and how long writes were held, or why it failed. */
export type StageReply = { ok: true; staging: string; heldMs: number } | { ok: false; error: string };

const MAX_REQUEST_BYTES = 4096;
/** Longest socket path Linux takes (sun_path is 108 bytes with its NUL); Node silently cuts a longer one short. */
const MAX_SOCKET_PATH_BYTES = 107;

/** The socket's path, refused when it is too long to be used as it is. */
function socketPath(dataDir: string): string {
  const path = join(dataDir, CONTROL_SOCKET);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    throw Object.assign(new Error(`the path ${path} is longer than the ${MAX_SOCKET_PATH_BYTES} bytes a socket path may have`), {
      code: 'ENAMETOOLONG',
    });
  }
  return path;
}

/** A listening control socket; `close` stops it and removes the socket file. */
export type ControlServer = { close: () => Promise<void> };

/**
 * Listens on DATA_DIR/.backup.sock for one-line JSON requests. Only the data dir's owner can reach it (DATA_DIR is
 * 0700 and the socket 0600), and that user can read the data files anyway, so the file system is the authentication.
 */
export async function listenControl(dataDir: string, handle: (request: StageRequest) => Promise<StageReply>): Promise<ControlServer> {
  const path = socketPath(dataDir);
  // We own the data dir (its lock): a socket file left here is a dead process's.
  await rm(path, { force: true });
  const server = createServer((socket) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      if (text.includes('\n')) return;
      text += chunk;
      if (text.length > MAX_REQUEST_BYTES) socket.destroy();
      else if (text.includes('\n'))
        void answer(text.slice(0, text.indexOf('\n'))).then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
  });
  const answer = async (line: string): Promise<StageReply> => {
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch {
      return { ok: false, error: 'the request is not JSON' };
    }
    const { op, pid } = (request ?? {}) as Partial<StageRequest>;
    if (op !== 'stage' || !Number.isInteger(pid) || (pid as number) <= 0) return { ok: false, error: 'unknown request' };
    return handle({ op, pid: pid as number }).catch((error: unknown) => ({ ok: false as const, error: (error as Error).message }));
  };
  await listen(server, path);
  await chmod(path, PRIVATE_FILE_MODE);
  server.unref();
  return {
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(path, { force: true });
    },
  };
}

/** Asks the process owning DATA_DIR to stage a copy; rejects with the socket error (ENOENT: nobody listens). */
export function requestStaging(dataDir: string, timeoutMs = 120_000): Promise<StageReply> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath(dataDir));
    let text = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no answer on ${join(dataDir, CONTROL_SOCKET)} within ${timeoutMs / 1000} s`)),
    );
    socket.on('connect', () => socket.write(`${JSON.stringify({ op: 'stage', pid: process.pid } satisfies StageRequest)}\n`));
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        resolve(JSON.parse(text) as StageReply);
      } catch {
        reject(new Error(`an unreadable answer on ${join(dataDir, CONTROL_SOCKET)}`));
      }
    });
  });
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
