import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLexicon, loadTopics, type PolicyTopic } from '../../src/knowledge/index.js';
import { contentDir } from './helpers.js';

describe('content/policies', () => {
  let topics: PolicyTopic[];
  let files: string[];
  beforeAll(async () => {
    files = (await readdir(join(contentDir, 'policies'))).filter((f) => f.endsWith('.md')).sort();
    topics = await loadTopics(contentDir);
  });

  it('has at least 40 topics, every file parsed', async () => {
    expect(topics.length).toBeGreaterThanOrEqual(40);
    expect(topics.length).toBe(files.length);
  });

  it('uses unique ids equal to the file names', async () => {
    expect(topics.map((t) => `${t.id}.md`)).toEqual(files);
    expect(new Set(topics.map((t) => t.id)).size).toBe(topics.length);
  });

  it('keeps every short answer within 200 characters', async () => {
    const tooLong = topics.filter((t) => Array.from(t.short).length > 200).map((t) => `${t.id} (${Array.from(t.short).length})`);
    expect(tooLong).toEqual([]);
  });

  it('only relates to topics that exist', async () => {
    const ids = new Set(topics.map((t) => t.id));
    const dangling = topics.flatMap((t) => t.related.filter((id) => !ids.has(id)).map((id) => `${t.id} → ${id}`));
    expect(dangling).toEqual([]);
  });

  it('has a readable lexicon', async () => {
    const lexicon = await loadLexicon(contentDir);
    expect(lexicon.terms.length).toBeGreaterThan(0);
    expect(lexicon.replace.冇).toBe('没有');
    expect(lexicon.expand.看病).toContain('医疗');
  });
});
