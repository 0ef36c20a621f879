import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** One policy topic: front-matter fields plus the short answer and the details. */
export type PolicyTopic = {
  id: string;
  title: string;
  aliases: string[];
  category: string;
  source: string;
  updated: string;
  related: string[];
  short: string;
  details: string;
};

/** Thrown when a policy file cannot be read as a topic; the message names the file. */
export class TopicFormatError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'TopicFormatError';
  }
}

// YAML 1.1 parsers turn an unquoted 2024-05-01 into a Date; accept it so staff need not quote dates.
const dateText = z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]);

// An unquoted alias such as 12317 parses as a number; keep it as the text staff typed.
const words = z.array(z.union([z.string(), z.number().transform(String)])).default([]);

const frontMatterSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be kebab-case (a-z, 0-9, -)'),
  title: z.string().min(1),
  aliases: words,
  category: z.string().min(1),
  source: z.string().default(''),
  updated: dateText,
  related: words,
});

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;
const DETAILS_HEADING = /^##\s*详细说明\s*$/m;

/** Parses one Markdown policy file (front-matter, short answer, `## 详细说明`); `file` is used in errors. */
export function parseTopic(markdown: string, file: string): PolicyTopic {
  const match = FRONT_MATTER.exec(markdown);
  if (!match) {
    throw new TopicFormatError(file, 'missing YAML front-matter: the file must start with a line "---", the fields, then "---"');
  }
  const [, yamlText = '', body = ''] = match;
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw new TopicFormatError(file, `front-matter is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = frontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new TopicFormatError(file, `bad front-matter (${problems})`);
  }
  const heading = DETAILS_HEADING.exec(body);
  const shortPart = heading ? body.slice(0, heading.index) : body;
  const details = heading ? body.slice(heading.index + heading[0].length) : '';
  const short = shortPart.trim();
  if (!short) {
    throw new TopicFormatError(file, 'the short answer paragraph after the front-matter is empty');
  }
  return { ...parsed.data, short, details: details.trim() };
}
