import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { PolicyTopic } from '../../src/knowledge/index.js';

/** The repo's content/ folder. */
export const contentDir = fileURLToPath(new URL('../../content', import.meta.url));

/** One dev-set question with the topic id it should reach ('unknown' for off-topic). */
export type DevCase = { q: string; expect: string; also?: string[] };

/** Reads test/knowledge/dev-set.yaml. */
export function readDevSet(): DevCase[] {
  return parse(readFileSync(new URL('./dev-set.yaml', import.meta.url), 'utf8')) as DevCase[];
}

/** A topic with sensible defaults, for synthetic knowledge bases. */
export function topic(fields: Partial<PolicyTopic> & Pick<PolicyTopic, 'id' | 'title'>): PolicyTopic {
  return { aliases: [], category: '测试', source: '测试', updated: '2025-01-01', related: [], short: fields.title, details: '', ...fields };
}
