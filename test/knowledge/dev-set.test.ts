import { beforeAll, describe, expect, it } from 'vitest';
import { figures, renderMisses } from './eval/report.js';
import { evaluate } from './eval/run.js';
import { rate, type SetScore } from './eval/score.js';
import { devSetFile, readEvalSet, type Section } from './eval/set-schema.js';

/**
 * Pass-rate floors on the dev set, end to end through the bot (`npm run eval:qa` shows the details). The issue's
 * targets are policy_short 0.9, policy_long 0.8, offtopic 0.95, intents 0.95. Until the new engine lands each floor
 * is the rate measured before it (rounded down to 5%), so the suite stays green and a regression fails; raise them
 * to the targets as the figures rise.
 */
const THRESHOLDS: Record<Section, number> = {
  policy_short: 0.7,
  policy_long: 0.3,
  offtopic: 0.9,
  smalltalk: 0.05,
  intents: 0.25,
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
