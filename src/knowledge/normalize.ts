import { Converter } from 'opencc-js';
import { alternation } from './alternation.js';
import type { Lexicon } from './lexicon.js';

/** Turns raw user or document text into the canonical form the index works on. */
export type Normalizer = (text: string) => string;

// Converter construction parses large dictionaries (~50 ms), so build it once per process.
let toSimplified: ((text: string) => string) | undefined;

/** Traditional → Simplified Chinese (characters and phrases; the regional presets would turn 么 into 幺). */
export function simplify(text: string): string {
  toSimplified ??= Converter({ from: 't', to: 'cn' });
  return toSimplified(text);
}

const PUNCTUATION = /[\p{P}\p{S}\s]+/gu;

/** Full-width → half-width, lower case, Traditional → Simplified, dialect rewrites; keeps punctuation. */
export function createCanonicalizer(lexicon: Pick<Lexicon, 'replace'>): Normalizer {
  const dialect = alternation(Object.keys(lexicon.replace));
  return (text) => {
    const simple = simplify(text.normalize('NFKC').toLowerCase());
    return dialect ? simple.replace(dialect, (word) => lexicon.replace[word] ?? word) : simple;
  };
}

/** Canonical form without fillers, clause-final particles and punctuation; words separated by single spaces. */
export function createNormalizer(lexicon: Pick<Lexicon, 'replace' | 'fillers' | 'particles'>): Normalizer {
  const canonical = createCanonicalizer(lexicon);
  const fillers = alternation(lexicon.fillers);
  const particles = alternation(lexicon.particles);
  const finalParticles = particles ? new RegExp(`(?:${particles.source})+(?=[\\p{P}\\p{S}\\s]|$)`, 'gu') : undefined;
  return (text) => {
    let out = canonical(text);
    if (fillers) out = out.replace(fillers, ' ');
    if (finalParticles) out = out.replace(finalParticles, ' ');
    return out.replace(PUNCTUATION, ' ').trim();
  };
}
