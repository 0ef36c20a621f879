import { readNumeral } from '../core/numerals.js';

/** Rewrites normalized question text before it is segmented. */
export type QueryRewrite = (text: string) => string;

// A Chinese number with a place unit (六十, 两千五, 五万); one starting with 十 only when a digit follows
// (十二), so 十大工程, 十分, 百分之 and 千万 stay words.
const NUMBER =
  /(?:[一二两三四五六七八九][零〇一二两三四五六七八九十百千万]*[十百千万][零〇一二两三四五六七八九十百千万]*|十[一二三四五六七八九])/gu;

/** Chinese numbers with a place unit as digits, as the policy texts write them: 六十岁 → 60岁, 五万 → 5万. */
export function arabicNumbers(text: string): string {
  return text.replace(NUMBER, (run) => {
    const value = readNumeral(run);
    if (value === undefined) return run;
    return run.endsWith('万') && value % 10_000 === 0 ? `${value / 10_000}万` : String(value);
  });
}

// An aspect particle (or 的) inside a verb-object word: 脱了贫, 摘的帽, 吃过低保.
const SPLIT = /(\p{Script=Han})[了过的](\p{Script=Han}{1,2})/gu;

/** Rejoins a word split by 了/过/的 when the joined form is a known word (`isKnown`): 脱了贫 → 脱贫. */
export function createRejoiner(isKnown: (word: string) => boolean): QueryRewrite {
  return (text) =>
    text.replace(SPLIT, (match, head: string, tail: string) => {
      const long = `${head}${tail}`;
      if (tail.length === 2 && isKnown(long)) return long;
      const short = `${head}${tail.slice(0, 1)}`;
      return isKnown(short) ? `${short}${tail.slice(1)}` : match;
    });
}
