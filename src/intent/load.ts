import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadLexicon } from '../knowledge/load.js';
import { createCanonicalizer } from '../knowledge/normalize.js';
import { createClassifier, type IntentClassifier } from './classifier.js';
import { INTENT_IDS, IntentFormatError, type IntentSpec, parseIntent, parseSmalltalk } from './spec.js';

const SMALLTALK_FILE = 'smalltalk.yaml';

/** Reads content/intents/*.yaml (one file per intent, plus smalltalk.yaml) and builds the classifier. */
export async function loadIntents(contentDir: string): Promise<IntentClassifier> {
  const dir = join(contentDir, 'intents');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  if (!files.includes(SMALLTALK_FILE)) throw new IntentFormatError(join(dir, SMALLTALK_FILE), 'missing');
  const read = (f: string) => readFile(join(dir, f), 'utf8');
  const smalltalk = parseSmalltalk(await read(SMALLTALK_FILE), join(dir, SMALLTALK_FILE));
  const specs: IntentSpec[] = [];
  for (const file of files.filter((f) => f !== SMALLTALK_FILE)) {
    const spec = parseIntent(await read(file), join(dir, file));
    if (specs.some((s) => s.id === spec.id)) throw new IntentFormatError(join(dir, file), `intent "${spec.id}" is defined twice`);
    specs.push(spec);
  }
  const missing = INTENT_IDS.filter((id) => !specs.some((s) => s.id === id));
  if (missing.length) throw new IntentFormatError(dir, `no file for intent(s) ${missing.join(', ')}`);
  return createClassifier(specs, smalltalk, createCanonicalizer(await loadLexicon(contentDir)));
}
