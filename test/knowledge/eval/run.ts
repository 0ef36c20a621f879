import { EvalBot } from './driver.js';
import { type SetScore, scoreSet } from './score.js';
import type { EvalSet } from './set-schema.js';

/** Scores a set end to end on a freshly built app (one build per set). */
export async function evaluate(name: string, set: EvalSet): Promise<SetScore> {
  const bot = await EvalBot.start();
  try {
    return await scoreSet(name, set, bot);
  } finally {
    await bot.close();
  }
}
