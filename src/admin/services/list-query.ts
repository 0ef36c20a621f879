import { z } from 'zod';
import { AdminError } from './admin-error.js';

/** An optional filter text: trimmed, length-capped, empty meaning "no filter". */
export const filterText = (max = 50) =>
  z
    .string({ message: '筛选条件必须是文字' })
    .trim()
    .max(max, { message: `筛选条件最多 ${max} 字` })
    .optional()
    .transform((v) => v || undefined);

/** Page number and size of every list (bad values fall back to the defaults) and the optional export format. */
export const listParams = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(20),
  format: z.enum(['csv', 'xlsx'], { message: 'format 只能是 csv 或 xlsx' }).optional(),
});

/** Parsed paging parameters. */
export type ListParams = z.infer<typeof listParams>;

/** The query-string filters of a page as plain strings, for links that keep them. */
export function keepFilters(filters: Record<string, string | number | boolean | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
}

/** One page of an in-memory list. */
export function pageOf<T>(items: T[], { page, pageSize }: { page: number; pageSize: number }): T[] {
  return items.slice((page - 1) * pageSize, page * pageSize);
}

/** Parses request input with a schema, or fails with a 400 naming the first problem. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AdminError(issue ? `${issue.path.length ? `${issue.path.join('.')}：` : ''}${issue.message}` : '请求参数不对', 400);
}

/** An optional yes/no filter: `1`/`true` and `0`/`false`; empty or absent means "either". */
export const filterFlag = (name: string) =>
  z
    .enum(['1', 'true', '0', 'false', ''], { message: `${name} 只能是 1 或 0（true / false）` })
    .optional()
    .transform((v) => (v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : undefined));

/** An optional choice from a fixed list (an empty select means "all"), refused with a message naming the choices. */
export function filterChoice<const T extends readonly [string, ...string[]]>(name: string, values: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), z.enum(values, { message: `${name} 只能是：${values.join('、')}` }).optional());
}

/** An optional calendar date filter `YYYY-MM-DD` (inclusive). */
export const filterDate = (name: string) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${name} 的格式应为 YYYY-MM-DD` })
      .refine((v) => !Number.isNaN(Date.parse(v)), { message: `${name} 不是有效日期` })
      .optional(),
  );
