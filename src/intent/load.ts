import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadLexicon } from '../knowledge/load.js';
import { createCanonicalizer } from '../knowledge/normalize.js';
import { createClassifier, type IntentClassifier } from './classifier.js';
import { INTENT_IDS, IntentFormatError, type IntentSpec, parseIntent, parseSmalltalk, parseWords } from './spec.js';

const SMALLTALK_FILE = 'smalltalk.yaml';
const WORDS_FILE = 'words.yaml';

/** Reads content/intents/*.yaml (one file per intent, plus words.yaml and smalltalk.yaml) and builds the classifier. */
export async function loadIntents(contentDir: string): Promise<IntentClassifier> {
  const dir = join(contentDir, 'intents');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  for (const shared of [WORDS_FILE, SMALLTALK_FILE]) {
    if (!files.includes(shared)) throw new IntentFormatError(join(dir, shared), 'missing');
  }
  const read = (f: string) => readFile(join(dir, f), 'utf8');
  const words = parseWords(await read(WORDS_FILE), join(dir, WORDS_FILE));
  const smalltalk = parseSmalltalk(await read(SMALLTALK_FILE), join(dir, SMALLTALK_FILE), words);
  const specs: IntentSpec[] = [];
  for (const file of files.filter((f) => f !== SMALLTALK_FILE && f !== WORDS_FILE)) {
    const spec = parseIntent(await read(file), join(dir, file), words);
    if (specs.some((s) => s.id === spec.id)) throw new IntentFormatError(join(dir, file), `intent "${spec.id}" is defined twice`);
    specs.push(spec);
  }
  const missing = INTENT_IDS.filter((id) => !specs.some((s) => s.id === id));
  if (missing.length) throw new IntentFormatError(dir, `no file for intent(s) ${missing.join(', ')}`);
  return createClassifier(specs, smalltalk, words, createCanonicalizer(await loadLexicon(contentDir)));
}
