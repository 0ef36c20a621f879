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

/**
 * The records of a collection as the store loads them: each shard's snapshot, then its journal replayed (what only
 * transactions.log holds yet, after a crash mid-transaction, is not read here).
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
    if (files.includes(`${base}.log`)) {
      for (const line of (await readFile(join(dir, `${base}.log`), 'utf8')).split('\n')) {
        if (line === '') continue;
        const entry = JSON.parse(line) as { put: T } | { del: string } | { tx: number; puts: T[]; dels: string[] };
        if ('put' in entry) items.set(entry.put.id, entry.put);
        else if ('del' in entry) items.delete(entry.del);
        else {
          for (const record of entry.puts) items.set(record.id, record);
          for (const id of entry.dels) items.delete(id);
        }
      }
    }
  }
  return items;
}
