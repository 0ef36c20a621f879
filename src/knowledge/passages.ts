import type { PolicyTopic } from './topic.js';

/**
 * A piece of a topic that can answer a question on its own: a sentence of the short answer or a bullet/paragraph
 * of the details. `heading` is a detail's label ("多久办完" in "多久办完：18个工作日内办结"): it says what the passage answers.
 */
export type Passage = { topicId: string; from: 'short' | 'details'; text: string; heading?: string };

const BULLET = /^\s*(?:[-*•·]|\d+[.、)]|[（(]\d+[)）])\s*/;
const HEADING = /^\s*#{1,6}\s+/;
// A detail's label: a short phrase before the first colon, without sentence punctuation.
const LABEL = /^([^：:。，,；;！？!?]{2,18})[：:]/u;
// Sentences this short ("好。") are glued to the next one rather than standing alone.
const MIN_SENTENCE = 8;

/** The short answer's sentences, each ending with its 。！？ (very short ones joined to the next). */
export function sentences(text: string): string[] {
  const parts = text
    .split(/(?<=[。！？!?])/u)
    .map((s) => s.trim())
    .filter(Boolean);
  const out: string[] = [];
  let carry = '';
  for (const part of parts) {
    const joined = carry + part;
    if (Array.from(joined).length < MIN_SENTENCE) carry = joined;
    else {
      out.push(joined);
      carry = '';
    }
  }
  if (!carry) return out;
  const last = out.pop();
  return [...out, `${last ?? ''}${carry}`];
}

/** Bullets and paragraphs of the details; a line that is neither starts nothing new and continues the previous one. */
function detailBlocks(details: string): string[] {
  const blocks: string[] = [];
  let current = '';
  const flush = (): void => {
    if (current.trim()) blocks.push(current.trim());
    current = '';
  };
  for (const line of details.split(/\r?\n/)) {
    if (!line.trim() || HEADING.test(line)) {
      flush();
      continue;
    }
    if (BULLET.test(line)) {
      flush();
      current = line.replace(BULLET, '');
    } else current = current ? `${current}${line.trim()}` : line.trim();
  }
  flush();
  return blocks;
}

/** Every passage of a topic: short-answer sentences first, then detail bullets and paragraphs. */
export function topicPassages(topic: PolicyTopic): Passage[] {
  return [
    ...sentences(topic.short).map((text) => ({ topicId: topic.id, from: 'short' as const, text })),
    ...detailBlocks(topic.details).map((text) => {
      const heading = LABEL.exec(text)?.[1];
      return { topicId: topic.id, from: 'details' as const, text, ...(heading ? { heading } : {}) };
    }),
  ];
}
