import { fileURLToPath } from 'node:url';
import type { PolicyTopic } from '../../src/knowledge/index.js';

/** The repo's content/ folder. */
export const contentDir = fileURLToPath(new URL('../../content', import.meta.url));

/** A topic with sensible defaults, for synthetic knowledge bases. */
export function topic(fields: Partial<PolicyTopic> & Pick<PolicyTopic, 'id' | 'title'>): PolicyTopic {
  return { aliases: [], category: '测试', source: '测试', updated: '2025-01-01', related: [], short: fields.title, details: '', ...fields };
}
