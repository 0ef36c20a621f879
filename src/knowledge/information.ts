import { idf as jiebaIdf } from '@node-rs/jieba/dict.js';

/** How informative a word is in everyday Chinese (higher = more specific). */
export type Information = (word: string) => number;

// jieba's general-language IDF table (~270k words) tells how much a word says in everyday Chinese,
// independent of our few dozen topics: 天气 or 彩票 carry meaning, 一下 or 情况 hardly any.
// Parsing it takes a few hundred ms, so it is done once per process.
let cached: Information | undefined;

// Parts are looked up up to this length (jieba's dictionary words are shorter), so a long unsegmented string costs
// time linear in its length, not cubic (a 2,000-character message took over a minute).
const LONGEST_PART = 8;

/**
 * Loads jieba's IDF table. A word the table lacks is either a compound of known words (吃低保), worth
 * its most telling part, or a mis-segmented fragment (太烂, 红卡有), worth its least telling character.
 */
export function loadInformation(): Information {
  if (cached) return cached;
  const map = new Map<string, number>();
  for (const line of Buffer.from(jiebaIdf).toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) map.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  const values = [...map.values()].sort((a, b) => a - b);
  const median = values[Math.floor(values.length / 2)] ?? 10;
  cached = (word) => {
    const known = map.get(word);
    if (known !== undefined) return known;
    const chars = Array.from(word);
    let part = 0;
    for (let start = 0; start < chars.length; start++) {
      const last = Math.min(chars.length, start + LONGEST_PART);
      for (let end = start + 2; end <= last; end++) part = Math.max(part, map.get(chars.slice(start, end).join('')) ?? 0);
    }
    if (part > 0) return part;
    return chars.length ? Math.min(...chars.map((char) => map.get(char) ?? median)) : 0;
  };
  return cached;
}
