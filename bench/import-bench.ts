import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idCheckChar } from '../src/privacy/id-number.js';
import { HOUSEHOLD_COLUMNS } from '../src/registry/rows.js';
import { startChild } from './child.js';
import { BENCH_HASH_KEY } from './generate.js';
import { createRng } from './rng.js';

/** Import throughput of `npm run import -- households FILE` on a generated CSV of `rows` households. */
export type ImportBench = { rows: number; megabytes: number; seconds: number; rowsPerSecond: number; reported: string; peakRssMb: number };

/** A CSV of fictional households (region code 3699xx, valid check characters) in the importer's format. */
export function householdCsv(rows: number, seed: number): string {
  const rng = createRng(seed);
  const lines = [HOUSEHOLD_COLUMNS.join(',')];
  const taken = new Set<string>();
  for (let i = 0; i < rows; i += 1) {
    let id = '';
    do {
      const first17 = `369901${1940 + rng.int(0, 60)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}${String(rng.int(0, 999)).padStart(3, '0')}`;
      id = first17 + idCheckChar(first17);
    } while (taken.has(id));
    taken.add(id);
    const phone = `13${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
    lines.push(
      [
        `IMP${String(i + 1).padStart(6, '0')}`,
        `张${'桂兰秀英春华明军'[i % 8]}${'山水林田'[i % 4]}`,
        id,
        phone,
        '演示县',
        `${'东西南北'[i % 4]}坡乡`,
        `第${Math.floor(i / 40) % 999}村`,
        `${(i % 9) + 1}组`,
        String(rng.int(1, 6)),
        '一般贫困户',
        '蓝卡',
        '因病、缺技术',
        '已脱贫',
        '2019',
        '李帮扶',
        '13900001111',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Writes the CSV to a temp dir and runs the real import CLI on an empty data dir, timing it from spawn to exit. */
export async function runImportBench(rows: number, seed: number): Promise<ImportBench> {
  const dir = await mkdtemp(join(tmpdir(), 'bangfu-import-'));
  try {
    const file = join(dir, '户信息.csv');
    const csv = householdCsv(rows, seed);
    await writeFile(file, csv, 'utf8');
    const started = performance.now();
    const env = { DATA_DIR: join(dir, 'data'), ID_HASH_KEY: BENCH_HASH_KEY };
    // startChild waits for a line; the CLI prints one summary line when it is done.
    const child = await startChild(`src/registry/cli.ts`, env, /导入完成.*?用时 ([\d.]+) 秒/, 600_000, ['households', file]);
    const seconds = (performance.now() - started) / 1000;
    const peak = child.peakRss();
    await new Promise<void>((resolve) => {
      if (child.process.exitCode !== null) resolve();
      else child.process.once('exit', () => resolve());
    });
    return {
      rows,
      megabytes: Math.round(Buffer.byteLength(csv) / 1e5) / 10,
      seconds: Math.round(seconds * 10) / 10,
      rowsPerSecond: Math.round(rows / seconds),
      reported: child.output().trim().split('\n').pop() ?? '',
      peakRssMb: Math.round(peak / 1e6),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
