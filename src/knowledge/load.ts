import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildKnowledge, type Knowledge } from './knowledge.js';
import { type Lexicon, parseLexicon } from './lexicon.js';
import { type PolicyTopic, parseTopic } from './topic.js';

/** Reads and parses every content/policies/*.md file, sorted by file name. */
export async function loadTopics(contentDir: string): Promise<PolicyTopic[]> {
  const dir = join(contentDir, 'policies');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
  return Promise.all(files.map(async (f) => parseTopic(await readFile(join(dir, f), 'utf8'), join(dir, f))));
}

/** Reads content/knowledge/synonyms.yaml, stopwords.yaml, out-of-domain.yaml and concepts.yaml. */
export async function loadLexicon(contentDir: string): Promise<Lexicon> {
  const read = async (name: string) => {
    const file = join(contentDir, 'knowledge', name);
    return { text: await readFile(file, 'utf8'), file };
  };
  return parseLexicon(
    await read('synonyms.yaml'),
    await read('stopwords.yaml'),
    await read('out-of-domain.yaml'),
    await read('concepts.yaml'),
  );
}

/** Loads the policy knowledge base from the repo's content/ folder. */
export async function loadKnowledge(contentDir: string): Promise<Knowledge> {
  const [topics, lexicon] = await Promise.all([loadTopics(contentDir), loadLexicon(contentDir)]);
  return buildKnowledge(topics, lexicon);
}
