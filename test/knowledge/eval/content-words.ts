import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadTopics } from '../../../src/knowledge/index.js';

/** A word or phrase from content/, with the file it came from. */
export type ContentWord = { text: string; file: string };

// Stopword lists name words that are cut out of a question (你好, 谢谢), not words matched against it.
const NOT_MATCHED = new Set(['fillers', 'particles', 'stopwords']);

function strings(value: unknown, out: string[]): void {
  if (typeof value === 'string' || typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (NOT_MATCHED.has(key)) continue;
      out.push(key);
      strings(v, out);
    }
  }
}

/** Every key and string value of the YAML files in content/<folder>/ (stopword lists excepted). */
export function yamlWords(contentDir: string, folder: string): ContentWord[] {
  const dir = join(contentDir, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .flatMap((f) => {
      const out: string[] = [];
      strings(parse(readFileSync(join(dir, f), 'utf8')), out);
      return out.map((text) => ({ text, file: `${folder}/${f}` }));
    });
}

/** The front-matter aliases of every policy topic. */
export async function aliasWords(contentDir: string): Promise<ContentWord[]> {
  const topics = await loadTopics(contentDir);
  return topics.flatMap((t) => t.aliases.map((text) => ({ text, file: `policies/${t.id}.md` })));
}

/** The ids of the policy topics in content/policies. */
export async function topicIds(contentDir: string): Promise<Set<string>> {
  return new Set((await loadTopics(contentDir)).map((t) => t.id));
}
