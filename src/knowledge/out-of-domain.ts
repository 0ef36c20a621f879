import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { alternation } from './alternation.js';

/** Everyday subjects that are not ours (天气, 彩票, 话费…): one word says so, or a pair of words together (猪 + 生病). */
export type OutOfDomain = { words: string[]; pairs: [string[], string[]][] };

/** No out-of-domain evidence at all. */
export const noOutOfDomain: OutOfDomain = { words: [], pairs: [] };

const schema = z.object({
  words: z.record(z.string(), z.array(z.coerce.string())).default({}),
  pairs: z.array(z.tuple([z.array(z.coerce.string()), z.array(z.coerce.string())])).default([]),
});

/** Parses content/knowledge/out-of-domain.yaml (its groups of words are only for staff to find them). */
export function parseOutOfDomain(text: string, file: string): OutOfDomain {
  const parsed = schema.safeParse(parseYaml(text) ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: ${problems}. Fix the YAML and restart.`);
  }
  return { words: Object.values(parsed.data.words).flat(), pairs: parsed.data.pairs };
}

// The two words of a pair stand this close ("猪不吃食", "家里的羊咳嗽").
const PAIR_GAP = 8;

/**
 * The out-of-domain words a (canonical) question holds that `explained` does not: a topic's own text may
 * use an everyday word (转账 at a village banking point), and then the word says nothing against it.
 */
export function createOutOfDomainTest(ood: OutOfDomain): (question: string, explained: (word: string) => boolean) => string[] {
  const lower = (words: readonly string[]) => words.map((w) => w.normalize('NFKC').toLowerCase());
  const single = alternation(lower(ood.words));
  const pairs = ood.pairs.flatMap(([left, right]) => {
    const l = alternation(lower(left));
    const r = alternation(lower(right));
    return l && r ? [new RegExp(`(?:${l.source}).{0,${PAIR_GAP}}?(?:${r.source})`, 'u')] : [];
  });
  return (question, explained) => {
    const text = question.normalize('NFKC').toLowerCase();
    const found = [...(single ? (text.match(single) ?? []) : []), ...pairs.flatMap((p) => p.exec(text)?.[0] ?? [])];
    return found.filter((word) => !explained(word));
  };
}
