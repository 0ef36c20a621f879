import { fileURLToPath } from 'node:url';
import { intentFigures, labelLines, scoreIntents } from '../test/intent/eval/score-intents.js';
import { devMoreSetFile, devSetFile, readEvalSet } from '../test/knowledge/eval/set-schema.js';

// npm run eval:intents — intent-routing figures (intents, small talk, near-misses) of the two dev sets, with misses.
// `-- --check` scores test/intent/check-set*.yaml instead: never tuned on, so run it only to report (misses with `--misses`).
const checkFile = (name: string) => fileURLToPath(new URL(`../test/intent/${name}.yaml`, import.meta.url));
const check = process.argv.includes('--check');
const sets: [string, string][] = check
  ? [
      ['check', checkFile('check-set')],
      ['check-2', checkFile('check-set-2')],
      ['check-3', checkFile('check-set-3')],
      ['check-4', checkFile('check-set-4')],
    ]
  : [
      ['dev', devSetFile],
      ['dev-more', devMoreSetFile],
    ];
const showMisses = !check || process.argv.includes('--misses');

for (const [name, file] of sets) {
  const score = await scoreIntents(name, readEvalSet(file));
  console.log(`[eval:intents] ${name}: ${intentFigures(score)}`);
  for (const line of labelLines(score)) console.log(line);
  if (showMisses) for (const miss of score.misses) console.log(`  miss: ${miss}`);
}
