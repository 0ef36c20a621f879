import { z } from 'zod';
import { type ProxyTrust, proxyTrustSchema } from './proxy-trust.js';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'], { message: 'must be 1 or 0 (true/false)' })
  .transform((v) => ['1', 'true', 'yes'].includes(v));

const int = (min: number, max: number) =>
  z.coerce
    .number({ message: `must be a whole number from ${min} to ${max}` })
    .int({ message: `must be a whole number from ${min} to ${max}` })
    .min(min, { message: `must be a whole number from ${min} to ${max}` })
    .max(max, { message: `must be a whole number from ${min} to ${max}` });

const httpUrl = (message: string) =>
  z
    .url({ protocol: /^https?$/, message })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional();

/** Every environment variable Bangfu reads, with defaults; the README's configuration table mirrors it. */
export const configSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, {
      message: 'must be a PostgreSQL URL, e.g. postgres://bangfu@db.internal:5432/bangfu (unset: lowdb in DATA_DIR)',
    })
    .optional(),
  UPGRADE_BACKUP_DIR: z.string().min(1).optional(),
  CONTENT_DIR: z.string().min(1).default('./content'),
  SEED_DEMO: flag.default(true),
  BANGFU_MODE: z.enum(['demo', 'real'], { message: 'must be demo (fictional demo data) or real (a real registry)' }).optional(),
  SESSION_IDLE_MINUTES: int(1, 24 * 60).default(30),
  SESSION_RETENTION_DAYS: int(1, 3650).default(30),
  NOTIFICATION_REPLY_HOURS: int(1, 30 * 24).default(72),
  OFFICE_NAME: z.string().min(1).default('县乡村振兴局（原扶贫办）'),
  OFFICE_PHONE: z.string().default(''),
  ID_HASH_KEY: z
    .string()
    .min(32, { message: 'must be at least 32 random characters, e.g. from: openssl rand -hex 32 (or set ID_HASH_KEY_FILE instead)' })
    .optional(),
  ID_HASH_KEY_FILE: z.string().min(1).optional(),
  ADMIN_PASSWORD: z.string().min(10, { message: 'must be at least 10 characters (unset: one is generated and printed once)' }).optional(),
  ADMIN_SESSION_IDLE_MINUTES: int(5, 7 * 24 * 60).default(480),
  TRUST_PROXY: proxyTrustSchema.default({ kind: 'none' } satisfies ProxyTrust),
  VISIT_OVERDUE_DAYS: int(1, 365).default(30),
  VISIT_REMINDERS: flag.default(true),
  VISIT_REMINDER_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time of day HH:MM (China time), e.g. 08:30' })
    .default('08:30'),
  VISIT_REMINDER_INTERVAL_DAYS: int(1, 30).default(1),
  APPLICATION_CHECK_WORKING_DAYS: int(1, 30).default(2),
  APPLICATION_DECISION_DAYS: int(1, 90).default(15),
  CHAT_RATE_PER_USER_PER_MINUTE: int(1, 1_000_000).default(30),
  CHAT_RATE_PER_IP_PER_MINUTE: int(1, 1_000_000).default(300),
  CHAT_NEW_USERS_PER_IP_PER_HOUR: int(1, 1_000_000).default(30),
  CHAT_POLLS_PER_IP_PER_MINUTE: int(1, 1_000_000).default(600),
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,256}$/, { message: 'must be 16-256 visible characters without spaces, e.g. from: openssl rand -hex 32' })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, { message: 'must look like 123456789:AAE… (the token @BotFather gave you)' })
    .optional(),
  TELEGRAM_WEBHOOK_URL: httpUrl('must be the public https:// URL Telegram posts updates to, e.g. https://bangfu.example.org/telegram'),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, { message: 'must be 1-256 characters of A-Z, a-z, 0-9, _ and - (or leave it unset to derive one)' })
    .optional(),
  TELEGRAM_API_ROOT: httpUrl('must be the URL of a Bot API server, e.g. http://127.0.0.1:8081 (default https://api.telegram.org)'),
  WECHAT_MODE: z.enum(['personal', 'official-account'], { message: 'must be personal or official-account' }).default('personal'),
  WECHATY_PUPPET: z
    .string()
    .regex(/^(@[a-z0-9-]+\/)?[a-z0-9][a-z0-9._-]*$/, { message: 'must be an installed puppet package name, e.g. wechaty-puppet-service' })
    .optional(),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
  WECHAT_GROUP_MENTION_ONLY: flag.default(true),
  WECHAT_FRIEND_KEYWORD: z.string().trim().min(1).optional(),
  WECHAT_SEND_DELAY_MS: z
    .string()
    .regex(/^\s*\d{1,6}\s*([-–~,]\s*\d{1,6}\s*)?$/, { message: 'must be a delay range in milliseconds, e.g. 1500-4000 (or one number)' })
    .transform((text) => {
      const [min = 0, max = min] = text.split(/[-–~,]/).map((part) => Number(part.trim()));
      return { min: Math.min(min, max), max: Math.max(min, max) };
    })
    .default({ min: 1500, max: 4000 }),
  WECHAT_SENDS_PER_MINUTE: int(1, 120).default(20),
  WECHAT_OA_APP_ID: z
    .string()
    .regex(/^wx[0-9a-f]{16}$/i, { message: 'must be the AppID of the Official Account, e.g. wx1234567890abcdef' })
    .optional(),
  WECHAT_OA_APP_SECRET: z
    .string()
    .regex(/^[0-9a-z]{32}$/i, { message: 'must be the 32-character AppSecret of the Official Account' })
    .optional(),
  WECHAT_OA_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, { message: 'must be 3-32 letters or digits (the Token set under 服务器配置)' })
    .optional(),
  WECHAT_OA_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, {
      message: 'must be the 43-character EncodingAESKey (letters and digits) shown under 公众号后台 → 设置与开发 → 基本配置 → 服务器配置',
    })
    .optional(),
  WECHAT_API_ROOT: httpUrl('must be the URL of the WeChat API, e.g. https://api.weixin.qq.com (the default)'),
});

/** Validated configuration. */
export type Config = z.infer<typeof configSchema>;

/** Thrown at start-up when an environment variable has a value that is not allowed. */
export class ConfigError extends Error {}

/** Reads the configuration from the environment; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])),
  );
  const parsed = configSchema.safeParse(known);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `  ${name}=${JSON.stringify(env[name])}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
