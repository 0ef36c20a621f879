import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { Store } from '../store/store.js';
import { generatePassword, hashPassword } from './auth/password.js';

/** The username of the account created on first start. */
export const FIRST_ADMIN_USERNAME = 'admin';

/**
 * On first start (no staff user yet) creates `admin` with ADMIN_PASSWORD, or with a generated password printed once on the
 * console: on purpose not through the logger, so it does not end up in log files.
 */
export async function ensureFirstAdmin(
  store: Store,
  config: Pick<Config, 'ADMIN_PASSWORD'>,
  now: Date = new Date(),
  print: (text: string) => void = console.log,
): Promise<void> {
  if (store.staff.count() > 0) return;
  const password = config.ADMIN_PASSWORD ?? generatePassword();
  const at = now.toISOString();
  await store.staff.put({
    id: randomUUID(),
    username: FIRST_ADMIN_USERNAME,
    displayName: '',
    role: 'admin',
    unit: '',
    passwordHash: await hashPassword(password),
    mustChangePassword: false,
    disabled: false,
    createdAt: at,
    updatedAt: at,
  });
  if (config.ADMIN_PASSWORD) print(`\n管理后台：已创建账号 ${FIRST_ADMIN_USERNAME}，密码为环境变量 ADMIN_PASSWORD 的值。\n`);
  else {
    print(
      `\n管理后台：已创建账号 ${FIRST_ADMIN_USERNAME}，初始密码 ${password}\n` +
        '（只显示这一次，请马上记下，登录后在“修改密码”里换成自己的；也可以用 ADMIN_PASSWORD 指定。）\n',
    );
  }
}
