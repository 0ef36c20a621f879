import type { Page, PageRequest } from '../queries.js';

/** Adds `value` to the list under `key` in a multi-valued index. */
export function indexAdd<V>(index: Map<string, V[]>, key: string, value: V): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

/** Removes `value` from the list under `key`. */
export function indexRemove<V>(index: Map<string, V[]>, key: string, matches: (v: V) => boolean): void {
  const list = index.get(key)?.filter((v) => !matches(v));
  if (list?.length) index.set(key, list);
  else index.delete(key);
}

/** One page of an already ordered list (1-based; `defaultSize` items unless asked). */
export function pageOf<T>(items: T[], { page = 1, pageSize }: PageRequest, defaultSize = 20): Page<T> {
  const size = pageSize ?? defaultSize;
  const from = (Math.max(1, page) - 1) * size;
  return { items: items.slice(from, from + size), total: items.length };
}

/** Newest first by `createdAt`, then by id (a stable order for equal times). */
export function newestFirst<T extends { createdAt: string; id: string }>(a: T, b: T): number {
  return b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
}
