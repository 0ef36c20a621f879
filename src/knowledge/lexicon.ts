import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { noOutOfDomain, type OutOfDomain, parseOutOfDomain } from './out-of-domain.js';

/** Word lists that steer retrieval, kept as data in content/knowledge/*.yaml so staff can edit them. */
export type Lexicon = {
  /** Dialect or colloquial spelling → standard spelling, rewritten before segmentation (冇 → 没有). */
  replace: Record<string, string>;
  /** Colloquial word → policy terms searched alongside it (看病 → 医疗, 报销). */
  expand: Record<string, string[]>;
  /** Domain words kept whole by the segmenter and used to repair homophone typos. */
  terms: string[];
  /** Phrases cut out of a question before segmentation (请问, 我想问一下). */
  fillers: string[];
  /** Sentence-final particles cut at the end of a clause (吗, 呢, 啊). */
  particles: string[];
  /** Tokens dropped after segmentation (吗, 怎么, 我). */
  stopwords: string[];
  /** Everyday subjects that are not ours (天气, 彩票): evidence for refusing a question no telling domain word anchors. */
  outOfDomain: OutOfDomain;
  /** Official term → everyday words for it (本金 → 资金): the sub-word signal reads such a word as the official one. */
  concepts: Record<string, string[]>;
};

/** A lexicon with no entries, for tests that want raw behaviour. */
export const emptyLexicon: Lexicon = {
  replace: {},
  expand: {},
  terms: [],
  fillers: [],
  particles: [],
  stopwords: [],
  outOfDomain: noOutOfDomain,
  concepts: {},
};

const synonymsSchema = z.object({
  replace: z.record(z.string(), z.string()).default({}),
  expand: z.record(z.string(), z.array(z.string())).default({}),
  terms: z.array(z.string()).default([]),
});

const conceptsSchema = z.record(z.string(), z.array(z.coerce.string())).default({});

const stopwordsSchema = z.object({
  fillers: z.array(z.string()).default([]),
  particles: z.array(z.string()).default([]),
  stopwords: z.array(z.string()).default([]),
});

function parseFile<T>(schema: z.ZodType<T>, text: string, file: string): T {
  const parsed = schema.safeParse(parseYaml(text) ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: ${problems}. Fix the YAML and restart.`);
  }
  return parsed.data;
}

type Source = { text: string; file: string };

/** Builds a lexicon from the text of synonyms.yaml, stopwords.yaml, out-of-domain.yaml and concepts.yaml (file names are for error messages). */
export function parseLexicon(synonyms: Source, stopwords: Source, outOfDomain?: Source, concepts?: Source): Lexicon {
  const syn = parseFile(synonymsSchema, synonyms.text, synonyms.file);
  const stop = parseFile(stopwordsSchema, stopwords.text, stopwords.file);
  const ood = outOfDomain ? parseOutOfDomain(outOfDomain.text, outOfDomain.file) : noOutOfDomain;
  return { ...syn, ...stop, outOfDomain: ood, concepts: concepts ? parseFile(conceptsSchema, concepts.text, concepts.file) : {} };
}
