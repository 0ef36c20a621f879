import { spawnSync } from 'node:child_process';

/** Whether a command runs here (`tool --version`, or the given arguments, exits 0). */
export function hasTool(command: string, args: string[] = ['--version']): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/**
 * Skips a test when a tool is missing on a developer machine, but fails it under CI=true, where .ci/run installs it:
 * a check that silently stops running is worse than none.
 */
export function needTool(context: { skip: (note?: string) => void }, command: string, args?: string[]): void {
  if (hasTool(command, args)) return;
  const message = `${command} is not installed: apt-get install ${PACKAGES[command] ?? command} to run this check`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI installs it in .ci/run)`);
  console.warn(`skipped: ${message}`);
  context.skip(message);
}

const PACKAGES: Record<string, string> = { nginx: 'nginx-light', 'systemd-analyze': 'systemd', openssl: 'openssl' };
