/** A document as tokens per field, e.g. `{ title: [...], details: [...] }`. */
export type FieldedDoc<F extends string> = Record<F, readonly string[]>;

/** Tuning of the index: per-field weight and length normalization, shared saturation k1. */
export type Bm25Options<F extends string> = {
  weights: Record<F, number>;
  /** Length normalization per field: 0 ignores length, 1 fully normalizes. */
  b: Record<F, number>;
  k1: number;
};

/** One ranked document. */
export type Hit = { doc: number; score: number };

/**
 * BM25 per field, summed with field weights. Each field saturates on its own, so a word that is
 * in a topic's title and aliases beats the same word repeated many times in another topic's details
 * (one saturation over all fields, as in BM25F, let long details win too often on our dev set).
 */
export class Bm25Index<F extends string> {
  readonly size: number;
  private readonly docFreq = new Map<string, number>();
  private readonly postings = new Map<string, Array<{ doc: number; gain: number }>>();
  private readonly gains: Array<Map<string, number>> = [];

  constructor(docs: readonly FieldedDoc<F>[], options: Bm25Options<F>) {
    this.size = docs.length;
    const { k1 } = options;
    const saturate = (tf: number): number => (tf * (k1 + 1)) / (tf + k1);
    const fields = Object.keys(options.weights) as F[];
    const avgLength = new Map<F, number>();
    for (const field of fields) {
      const total = docs.reduce((sum, doc) => sum + doc[field].length, 0);
      avgLength.set(field, docs.length ? Math.max(total / docs.length, 1) : 1);
    }
    docs.forEach((doc, index) => {
      const gain = new Map<string, number>();
      for (const field of fields) {
        const tokens = doc[field];
        const norm = 1 - options.b[field] + (options.b[field] * tokens.length) / (avgLength.get(field) ?? 1);
        const counts = new Map<string, number>();
        for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
        for (const [token, count] of counts) {
          gain.set(token, (gain.get(token) ?? 0) + options.weights[field] * saturate(count / norm));
        }
      }
      this.gains.push(gain);
      for (const [term, value] of gain) {
        this.docFreq.set(term, (this.docFreq.get(term) ?? 0) + 1);
        const list = this.postings.get(term) ?? [];
        list.push({ doc: index, gain: value });
        this.postings.set(term, list);
      }
    });
  }

  /** Whether any document contains the term. */
  has(term: string): boolean {
    return this.docFreq.has(term);
  }

  /** Inverse document frequency; a term in no document gets the highest possible value. */
  idf(term: string): number {
    const df = this.docFreq.get(term) ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Every document containing the term, with the term's score contribution at query weight `weight`. */
  matches(term: string, weight = 1): Hit[] {
    const hits: Hit[] = [];
    this.eachMatch(term, weight, (doc, score) => hits.push({ doc, score }));
    return hits;
  }

  /** The term's score contribution to one document at query weight `weight` (0 when absent). */
  scoreIn(doc: number, term: string, weight: number): number {
    const gain = this.gains[doc]?.get(term);
    return gain === undefined ? 0 : weight * this.idf(term) * gain;
  }

  /** Like `matches`, without building a list: the hot path of ranking calls this once per query word. */
  eachMatch(term: string, weight: number, visit: (doc: number, score: number) => void): void {
    const postings = this.postings.get(term);
    if (!postings) return;
    const factor = weight * this.idf(term);
    for (const { doc, gain } of postings) visit(doc, factor * gain);
  }
}
