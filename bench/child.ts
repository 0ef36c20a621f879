import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (commands run from here). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A TypeScript entry point running as its own node process (node --import tsx), listening on a port it printed. */
export type Child = {
  process: ChildProcess;
  port: number;
  /** Milliseconds from spawn until the port line was printed. */
  readyMs: number;
  startedAt: number;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  /** Peak resident set size in bytes so far (Linux: VmHWM), or 0 when unknown. */
  peakRss: () => number;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and resolves when it has exited. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/** Starts `node --import tsx <entry>` with `env` and waits until a stdout line matches `ready` (group 1: the port). */
export function startChild(
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 120_000,
  args: string[] = [],
): Promise<Child> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs(), '--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start within ${timeoutMs} ms:\n${text}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = ready.exec(text);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.on('data', (more: Buffer) => {
        text += more.toString('utf8');
      });
      resolve({
        process: child,
        port: Number(match[1]),
        readyMs: performance.now() - startedAt,
        startedAt,
        output: () => text,
        peakRss: () => peakRss(child.pid),
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill(signal);
          const force = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(force);
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code ?? signal}) before it listened:\n${text}`));
    });
  });
}

// BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers the bench starts.
function nodeArgs(): string[] {
  return (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
}

/** VmHWM of a process in bytes (0 when /proc is not there). */
export function peakRss(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}
