import { describe, expect, it } from 'vitest';
import { Bm25Index, type Bm25Options } from '../../src/knowledge/bm25.js';

type F = 'title' | 'body';
const options: Bm25Options<F> = { weights: { title: 3, body: 1 }, b: { title: 0.5, body: 0.75 }, k1: 1.2 };

function scores(index: Bm25Index<F>, term: string): Map<number, number> {
  return new Map(index.matches(term).map((h) => [h.doc, h.score]));
}

describe('Bm25Index', () => {
  const index = new Bm25Index<F>(
    [
      { title: ['低保'], body: ['低保', '申请', '村委会'] },
      { title: ['医疗', '报销'], body: ['低保', '低保', '低保', '住院', '报销'] },
      { title: ['贷款'], body: ['小额', '信贷', '贴息', '申请'] },
    ],
    options,
  );

  it('ranks a title match above repeated mentions in another body', async () => {
    const low = scores(index, '低保');
    expect(low.get(0)).toBeGreaterThan(low.get(1) ?? 0);
  });

  it('gives rarer terms a higher idf', async () => {
    expect(index.idf('贴息')).toBeGreaterThan(index.idf('申请'));
    expect(index.idf('天气')).toBeGreaterThan(index.idf('贴息'));
  });

  it('returns no match for unknown terms and scales with query weight', async () => {
    expect(index.matches('天气')).toEqual([]);
    expect(index.has('天气')).toBe(false);
    const full = scores(index, '贴息').get(2) ?? 0;
    const half = new Map(index.matches('贴息', 0.5).map((h) => [h.doc, h.score])).get(2) ?? 0;
    expect(half).toBeCloseTo(full / 2);
  });

  it('saturates: ten mentions score less than ten times one mention', async () => {
    const repeated = new Bm25Index<F>(
      [
        { title: [], body: Array(10).fill('光伏') },
        { title: [], body: ['光伏'] },
        { title: [], body: ['其他'] },
      ],
      { ...options, b: { title: 0, body: 0 } },
    );
    const s = scores(repeated, '光伏');
    expect(s.get(0) ?? 0).toBeLessThan(3 * (s.get(1) ?? 0));
  });
});
