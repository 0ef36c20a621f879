import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** Splits normalized Chinese text into words. */
export type Segmenter = {
  /** Accurate mode: each character belongs to one word (小额信贷 stays one word). */
  cut(text: string): string[];
  /** Search mode: whole words plus the dictionary words inside them (小额, 信贷, 小额信贷). */
  cutForSearch(text: string): string[];
};

// A high frequency makes jieba prefer our domain words over splitting them.
const DOMAIN_WORD_FREQUENCY = 200000;

// Loading jieba's dictionary takes ~250 ms; keep one instance per distinct set of domain words,
// but only a few, so reloading edited content does not pile up dictionaries.
const instances = new Map<string, Jieba>();
const MAX_INSTANCES = 4;

function jiebaWith(terms: readonly string[]): Jieba {
  const words = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 1 && !/\s/.test(t)))].sort();
  const key = words.join('\n');
  let jieba = instances.get(key);
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    if (words.length) {
      jieba.loadDict(Buffer.from(words.map((w) => `${w} ${DOMAIN_WORD_FREQUENCY} n`).join('\n')));
    }
    if (instances.size >= MAX_INSTANCES) instances.delete(instances.keys().next().value ?? '');
    instances.set(key, jieba);
  }
  return jieba;
}

const isWord = (token: string): boolean => token.trim().length > 0;

// Without the HMM, jieba splits unknown runs into single characters instead of inventing
// words such as 有奖 or 村医能 that match nothing; single characters still match and are weighted down.
const HMM = false;

/** A jieba segmenter that keeps the given domain words whole. */
export function createSegmenter(terms: readonly string[]): Segmenter {
  const jieba = jiebaWith(terms);
  return {
    cut: (text) => jieba.cut(text, HMM).filter(isWord),
    cutForSearch: (text) => jieba.cutForSearch(text, HMM).filter(isWord),
  };
}
