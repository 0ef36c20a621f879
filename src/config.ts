import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'], { message: 'must be 1 or 0 (true/false)' })
  .transform((v) => ['1', 'true', 'yes'].includes(v));

const int = (min: number, max: number) =>
  z.coerce
    .number({ message: `must be a whole number from ${min} to ${max}` })
    .int({ message: `must be a whole number from ${min} to ${max}` })
    .min(min, { message: `must be a whole number from ${min} to ${max}` })
    .max(max, { message: `must be a whole number from ${min} to ${max}` });

/** Every environment variable Bangfu reads, with defaults; the README's configuration table mirrors it. */
export const configSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  CONTENT_DIR: z.string().min(1).default('./content'),
  SEED_DEMO: flag.default(true),
  SESSION_IDLE_MINUTES: int(1, 24 * 60).default(30),
  OFFICE_NAME: z.string().min(1).default('县乡村振兴局（原扶贫办）'),
  OFFICE_PHONE: z.string().default(''),
  ID_HASH_KEY: z.string().min(32, { message: 'must be at least 32 characters (or leave it unset to generate one in DATA_DIR)' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
