import { beforeAll, describe, expect, it } from 'vitest';
import { figures, renderMisses } from './eval/report.js';
import { evaluate } from './eval/run.js';
import { rate, type SetScore } from './eval/score.js';
import { devSetFile, readEvalSet, type Section } from './eval/set-schema.js';

/**
 * Pass-rate floors on the dev set, end to end through the bot (`npm run eval:qa` shows the details): just below
 * the rates measured after issue 14 round 2 (short 93.6%, long 83.8%, off-topic, small talk and intents 100%), so
 * a regression fails. The targets (short 0.9, long 0.8, off-topic 0.95, intents 0.95) are measured on
 * questions nobody tuned on: the check and locked sets.
 */
const THRESHOLDS: Record<Section, number> = {
  policy_short: 0.92,
  policy_long: 0.8,
  offtopic: 0.95,
  smalltalk: 0.9,
  intents: 0.9,
};

describe('dev set, end to end through the bot', () => {
  let score: SetScore;
  beforeAll(async () => {
    score = await evaluate('dev', readEvalSet(devSetFile));
    console.log(`[qa dev-set] ${figures(score)}`);
    console.log(`[qa dev-set] misses:\n${renderMisses(score)}`);
  }, 180_000);

  it.each(Object.entries(THRESHOLDS) as [Section, number][])('%s passes at least its floor', (section, floor) => {
    expect(score.tally[section].n).toBeGreaterThan(0);
    expect(rate(score.tally[section])).toBeGreaterThanOrEqual(floor);
  });
});
