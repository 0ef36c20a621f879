import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Config, ConfigError } from '../config.js';
import type { Store } from '../store/legacy-store.js';
import { generatePassword, hashPassword } from './auth/password.js';
import { passwordProblem } from './auth/password-policy.js';

/** The username of the account created on first start. */
export const FIRST_ADMIN_USERNAME = 'admin';
/** The file in DATA_DIR a generated first password is written to when no terminal is attached. */
export const FIRST_PASSWORD_FILE = 'admin-first-password.txt';

/** Where start-up output goes: `terminal` (a TTY, never the log stream) may show the secret; `say` gets only secret-free notes. */
export type FirstAdminOutput = { terminal?: NodeJS.WritableStream; say: (text: string) => void };

/** This process's outputs: stderr when it is a terminal (stdout carries the JSON log, often into files); notes on stdout. */
export function processOutput(): FirstAdminOutput {
  return { terminal: process.stderr.isTTY ? process.stderr : undefined, say: (text) => console.log(text) };
}

async function reveal(password: string, file: string, output: FirstAdminOutput): Promise<void> {
  const text = `管理后台：已创建账号 ${FIRST_ADMIN_USERNAME}，初始密码 ${password}\n（只显示这一次；第一次登录后必须改成只有您知道的密码。）\n`;
  if (output.terminal) {
    output.terminal.write(`\n${text}\n`);
    return;
  }
  // Recreated rather than overwritten, so the file never keeps the looser mode of an older copy.
  await rm(file, { force: true });
  await writeFile(file, text, { flag: 'wx', mode: 0o600 });
  output.say(
    `\n管理后台：已创建账号 ${FIRST_ADMIN_USERNAME}。没有终端可显示初始密码，已写入 ${file}（只有运行本程序的用户可读，不进日志）。\n` +
      '第一次登录后必须修改密码；改好后下次启动时这个文件会被删除。\n',
  );
}

/**
 * On first start (no staff user yet) creates `admin`: with ADMIN_PASSWORD (checked against the password policy), or with a
 * generated password that must be changed at first login and is shown on the terminal only, or written to a 0600 file in
 * DATA_DIR when there is no terminal; never through the logger or stdout. Later starts delete that file once it is stale.
 */
export async function ensureFirstAdmin(
  store: Store,
  config: Pick<Config, 'ADMIN_PASSWORD' | 'DATA_DIR'>,
  now: Date = new Date(),
  output: FirstAdminOutput = processOutput(),
): Promise<void> {
  const file = join(config.DATA_DIR, FIRST_PASSWORD_FILE);
  if (store.staff.count() > 0) {
    if (!store.staff.byUsername(FIRST_ADMIN_USERNAME)?.mustChangePassword) await rm(file, { force: true });
    return;
  }
  const problem = config.ADMIN_PASSWORD === undefined ? undefined : passwordProblem(config.ADMIN_PASSWORD);
  if (problem) throw new ConfigError(`ADMIN_PASSWORD is too weak: ${problem}. Choose a stronger one, or unset it to get a generated one.`);
  const password = config.ADMIN_PASSWORD ?? generatePassword();
  const at = now.toISOString();
  await store.staff.put({
    id: randomUUID(),
    username: FIRST_ADMIN_USERNAME,
    displayName: '',
    role: 'admin',
    unit: '',
    passwordHash: await hashPassword(password),
    mustChangePassword: config.ADMIN_PASSWORD === undefined,
    disabled: false,
    createdAt: at,
    updatedAt: at,
  });
  if (config.ADMIN_PASSWORD) output.say(`\n管理后台：已创建账号 ${FIRST_ADMIN_USERNAME}，密码为环境变量 ADMIN_PASSWORD 的值。\n`);
  else await reveal(password, file, output);
}
