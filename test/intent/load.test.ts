import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadIntents } from '../../src/intent/load.js';
import { IntentFormatError, parseIntent, parseSmalltalk, parseWords } from '../../src/intent/spec.js';
import { tempDir } from '../helpers/test-app.js';
import { contentDir } from '../knowledge/helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A copy of content/ to break. */
async function copy(): Promise<string> {
  const dir = await tempDir('bangfu-intents-');
  dirs.push(dir);
  await cp(contentDir, dir, { recursive: true });
  return dir;
}

const VALID = 'id: hardship\npriority: 1\nthreshold: 2\ncues:\n  - { pattern: 住院了, weight: 2 }\nexamples: [老人住院了]\n';

describe('intent files', () => {
  it('parses an intent with defaults for against and not', async () => {
    const spec = parseIntent(VALID, 'hardship.yaml');
    expect(spec).toMatchObject({ id: 'hardship', priority: 1, threshold: 2, against: [], not: [], examples: ['老人住院了'] });
    expect(spec.cues[0]?.pattern.test('老人住院了')).toBe(true);
  });

  it.each([
    ['an unknown intent id', VALID.replace('id: hardship', 'id: weather'), 'id'],
    ['a broken pattern', VALID.replace('住院了', "'(住院'"), 'bad pattern'],
    ['no examples', VALID.replace('examples: [老人住院了]', 'examples: []'), 'examples'],
    ['a zero weight', VALID.replace('weight: 2', 'weight: 0'), 'weight'],
    ['broken YAML', 'id: [', 'not valid YAML'],
  ])('rejects %s, naming the file', (_name, text, problem) => {
    expect(() => parseIntent(text, 'x.yaml')).toThrow(IntentFormatError);
    expect(() => parseIntent(text, 'x.yaml')).toThrow(new RegExp(`x\\.yaml: .*${problem.replace(/[()]/g, '\\$&')}`));
  });

  it('parses small talk groups with global patterns, and names the file of a broken one', async () => {
    const spec = parseSmalltalk("groups:\n  - { id: ok, patterns: ['好(的|嘞)?'], reply: 好的 }\nfillers: [啊]\n", 'smalltalk.yaml');
    expect(spec.groups[0]).toMatchObject({ id: 'ok', reply: '好的', anywhere: false });
    expect('好的好嘞'.replace(spec.groups[0]?.patterns[0] as RegExp, '')).toBe('');
    expect(() => parseSmalltalk("groups:\n  - { id: x, patterns: ['(好'], reply: 好 }\n", 'smalltalk.yaml')).toThrow(
      /smalltalk\.yaml: bad pattern/,
    );
  });

  it('expands word groups, also inside other groups, and applies unless', () => {
    const words = parseWords("replace: { 俺: 我 }\ngroups:\n  ask: ['吗']\n  kin: [老汉, 老伴]\n  who: ['我的{kin}']\n", 'words.yaml');
    expect(words.replace).toEqual({ 俺: '我' });
    const spec = parseIntent(
      "id: hardship\npriority: 1\nthreshold: 2\ncues:\n  - { pattern: '{who}.{0,2}住院', weight: 2, unless: '报销' }\nexamples: [x]\n",
      'hardship.yaml',
      words,
    );
    const cue = spec.cues[0];
    expect(cue?.pattern.test('我的老伴住院了')).toBe(true);
    expect(cue?.pattern.test('老伴住院了')).toBe(false);
    expect(cue?.unless?.test('我的老汉住院报销')).toBe(true);
  });

  it.each([
    ['an unknown group', "groups:\n  ask: ['吗']\n  a: ['{b}']\n", 'unknown word group \\{b\\}'],
    ['a group that uses itself', "groups:\n  ask: ['吗']\n  a: ['x{a}']\n", 'refers to itself'],
    ['no ask group', 'groups:\n  kin: [老汉]\n', 'groups.ask'],
    ['a bad group name', "groups:\n  ask: ['吗']\n  Kin: [老汉]\n", 'groups.Kin'],
  ])('rejects words.yaml with %s, naming the file', (_name, text, problem) => {
    expect(() => parseWords(text, 'words.yaml')).toThrow(new RegExp(`words\\.yaml: .*${problem}`));
  });

  it('reads max_length, and leaves it out when absent', () => {
    expect(parseIntent(VALID.replace('threshold: 2', 'threshold: 2\nmax_length: 24'), 'x.yaml').maxLength).toBe(24);
    expect(parseIntent(VALID, 'x.yaml')).not.toHaveProperty('maxLength');
  });

  it('loads the repo content', async () => {
    const classifier = await loadIntents(contentDir);
    expect(classifier.read('屋里遭水淹了').intents.map((i) => i.id)).toEqual(['hardship']);
  });

  it('refuses a content dir with an intent file missing, or an intent defined twice', async () => {
    const missing = await copy();
    await rm(join(missing, 'intents', 'grievance.yaml'));
    await expect(loadIntents(missing)).rejects.toThrow(/no file for intent\(s\) grievance/);
    const noWords = await copy();
    await rm(join(noWords, 'intents', 'words.yaml'));
    await expect(loadIntents(noWords)).rejects.toThrow(/words\.yaml: missing/);
    const twice = await copy();
    await writeFile(join(twice, 'intents', 'zz-copy.yaml'), await readFile(join(twice, 'intents', 'hardship.yaml'), 'utf8'));
    await expect(loadIntents(twice)).rejects.toThrow(/intent "hardship" is defined twice/);
  });
});
