import { describe, expect, it } from 'vitest';
import { answerShape } from '../../src/knowledge/answer-type.js';
import { chooseLead, type ScoredPassage } from '../../src/knowledge/lead.js';
import { defaultTuning } from '../../src/knowledge/tuning.js';

const passage = (text: string, score: number, heading?: string): ScoredPassage => ({
  passage: { topicId: 't', from: 'details', text, ...(heading ? { heading } : {}) },
  score,
  tokens: new Set(Array.from(text)),
});

describe('chooseLead', () => {
  it('leads with a figure in the very unit asked even when another passage shares more words', () => {
    const scored = [
      passage('每月领多少：养老金每月多少，江西的数没有核实，请问乡镇。', 9, '每月领多少'),
      passage('江西的档次：普通人每年300元到6000元共14档。', 3, '江西的档次'),
    ];
    const lead = chooseLead(answerShape('江西养老保险有几档'), 1, scored, defaultTuning);
    expect(lead[0]?.text).toContain('14档');
  });
});
