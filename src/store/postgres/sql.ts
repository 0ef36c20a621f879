import type { Page, PageRequest } from '../queries.js';
import type { Db } from './connect.js';

/** A WHERE clause built from optional filters, with its parameters numbered in order. */
export class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  /** The placeholder (`$n`) of a new parameter. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition; each `?` in it takes the next of `values`. */
  add(condition: string, ...values: unknown[]): this {
    let i = 0;
    this.parts.push(condition.replace(/\?/g, () => this.param(values[i++])));
    return this;
  }

  /** `where a and b`, or nothing. */
  get sql(): string {
    return this.parts.length ? `where ${this.parts.join(' and ')}` : '';
  }
}

/** Text for a LIKE pattern that matches itself only (no wildcards). */
export function likeText(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** LIMIT and OFFSET of a 1-based page request. */
export function bounds({ page = 1, pageSize }: PageRequest, defaultSize = 20): { limit: number; offset: number } {
  const limit = pageSize ?? defaultSize;
  return { limit, offset: (Math.max(1, page) - 1) * limit };
}

/** One page of `select <list> from <from> <where> order by <order>`, and how many rows match in all. */
export async function selectPage<T>(
  db: Db,
  q: { list: string; from: string; where: Where; order: string },
  request: PageRequest,
  toRecord: (row: Record<string, unknown>) => T,
  defaultSize = 20,
): Promise<Page<T>> {
  const { limit, offset } = bounds(request, defaultSize);
  const params = q.where.params;
  const n = params.length;
  const [rows, count] = await Promise.all([
    db.query(`select ${q.list} from ${q.from} ${q.where.sql} order by ${q.order} limit $${n + 1} offset $${n + 2}`, [
      ...params,
      limit,
      offset,
    ]),
    db.query<{ n: number }>(`select count(*)::int as n from ${q.from} ${q.where.sql}`, params),
  ]);
  return { items: rows.rows.map(toRecord), total: count.rows[0]?.n ?? 0 };
}
