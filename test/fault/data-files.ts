import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Problems found in a data dir: a *.json that does not parse, a *.log line that does not parse. */
export async function unreadableDataFiles(dir: string): Promise<string[]> {
  const problems: string[] = [];
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.json') && !name.endsWith('.log')) continue;
    const text = await readFile(join(dir, name), 'utf8');
    try {
      if (name.endsWith('.json')) JSON.parse(text);
      else for (const line of text.split('\n')) if (line !== '') JSON.parse(line);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** Every data file of a data dir (snapshots and logs), as one text: what a copy of the disk would give away. */
export async function dataDirText(dir: string): Promise<string> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json') || name.endsWith('.log')).sort();
  const texts = await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')));
  return texts.join('\n');
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The records of a collection as the store loads them: each shard's snapshot and own journal (forms), then the store's
 * group-commit log (store.log) replayed over them.
 */
export async function readCollection<T extends { id: string }>(dir: string, name: string): Promise<Map<string, T>> {
  const items = new Map<string, T>();
  const files = (await readdir(dir)).filter(
    (f) => f === `${name}.json` || f === `${name}.log` || new RegExp(`^${name}\\.\\d+\\.(json|log)$`).test(f),
  );
  const bases = [...new Set(files.map((f) => f.replace(/\.(json|log)$/, '')))];
  for (const base of bases) {
    if (files.includes(`${base}.json`)) {
      const snapshot = JSON.parse(await readFile(join(dir, `${base}.json`), 'utf8')) as { items: Record<string, T> };
      for (const [id, item] of Object.entries(snapshot.items)) items.set(id, item);
    }
    for (const line of (await readOptional(join(dir, `${base}.log`)))?.split('\n') ?? []) {
      if (line === '') continue;
      const entry = JSON.parse(line) as { put: T } | { del: string };
      if ('put' in entry) items.set(entry.put.id, entry.put);
      else items.delete(entry.del);
    }
  }
  for (const line of (await readOptional(join(dir, 'store.log')))?.split('\n') ?? []) {
    if (line === '') continue;
    for (const part of (JSON.parse(line) as { p: { c: string; puts: T[]; dels: string[] }[] }).p) {
      if (part.c !== name) continue;
      for (const record of part.puts) items.set(record.id, record);
      for (const id of part.dels) items.delete(id);
    }
  }
  return items;
}
