import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { idCheckChar } from '../src/privacy/id-number.js';
import { startChild } from './child.js';
import { BENCH_HASH_KEY } from './generate.js';
import { createRng } from './rng.js';

/** What the messy-sheet import did and cost. */
export type MessyImportBench = {
  rows: number;
  badRows: number;
  megabytes: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  reported: string;
};

const TOP = [
  '户编号',
  '户主信息',
  '',
  '',
  '县',
  '乡镇',
  '村',
  '组',
  '人口数',
  '贫困户属性',
  '卡类',
  '致贫原因',
  '脱贫状态',
  '脱贫年度',
  '帮扶责任人',
  '',
];
const BOTTOM = ['', '姓名', '身份证号码', '手机号码', '', '', '', '', '', '', '', '', '', '', '姓名', '联系电话'];
const WIDTH = TOP.length + 1;

/**
 * Writes a county roster of `rows` fictional households as an XLSX (streamed, so generation stays small): a notes
 * sheet first; then a merged title, a blank row and a note; a two-row header under variant names (户主信息 over
 * 姓名/身份证号码/手机号码, 帮扶责任人 over 姓名/联系电话); a hidden 序号 column; phones and some years stored as
 * numbers; a 小计 row after every 5,000 households; 合计 and notes at the end. Every 1,000th row has a wrong check
 * character and every 1,000th (offset 500) an ID stored as a number: those are the bad rows.
 */
export async function writeMessyRoster(path: string, rows: number, seed: number): Promise<{ badRows: number }> {
  const rng = createRng(seed);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const notes = workbook.addWorksheet('填表说明');
  notes.addRow(['本工作簿的户信息在“花名册”工作表。身份证号一列为文本格式。']).commit();
  await notes.commit();
  const sheet = workbook.addWorksheet('花名册');
  sheet.getColumn(1).hidden = true;
  const title = sheet.addRow(['演示县建档立卡贫困户花名册']);
  sheet.mergeCells(1, 1, 1, WIDTH);
  title.commit();
  sheet.addRow([]).commit();
  sheet.addRow(['填报单位：演示县乡村振兴局', '', '', '', '', '', '', '', '', '', '填报日期：2026年3月']).commit();
  const top = sheet.addRow(['序号', ...TOP]);
  const bottom = sheet.addRow(['', ...BOTTOM]);
  sheet.mergeCells(4, 3, 4, 5);
  sheet.mergeCells(4, 16, 4, 17);
  top.commit();
  bottom.commit();
  let badRows = 0;
  const taken = new Set<string>();
  for (let i = 0; i < rows; i += 1) {
    let id = '';
    do {
      const first17 = `369901${1940 + rng.int(0, 60)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}${String(rng.int(0, 999)).padStart(3, '0')}`;
      id = first17 + idCheckChar(first17);
    } while (taken.has(id));
    taken.add(id);
    let idCell: string | number = i % 3 === 0 ? `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}` : id;
    if (i % 1000 === 999) {
      idCell = `${id.slice(0, 17)}${id[17] === '1' ? '2' : '1'}`;
      badRows += 1;
    } else if (i % 1000 === 499) {
      idCell = Number(id.slice(0, 17));
      badRows += 1;
    }
    sheet
      .addRow([
        i + 1,
        `IMP${String(i + 1).padStart(6, '0')}`,
        `张${'桂兰秀英春华明军'[i % 8]}${'山水林田'[i % 4]}`,
        idCell,
        13_000_000_000 + rng.int(0, 999_999_999),
        '演示县',
        `${'东西南北'[i % 4]}坡乡`,
        `第${Math.floor(i / 40) % 999}村`,
        `${(i % 9) + 1}组`,
        rng.int(1, 6),
        '一般贫困户',
        '蓝卡',
        '因病、缺技术',
        '已脱贫',
        i % 2 === 0 ? '2019年12月' : 43800,
        '李帮扶',
        13_900_001_111,
      ])
      .commit();
    if (i % 5000 === 4999) sheet.addRow(['', '小计', '', '', '', '', '', '', '', 5000 * 3]).commit();
  }
  sheet.addRow(['', '合计', '', '', '', '', '', '', '', rows * 3]).commit();
  sheet.addRow(['注：本表由村委会填写，乡镇审核。']).commit();
  sheet.addRow(['填表人：', '', '', '', '审核人：']).commit();
  await sheet.commit();
  await workbook.commit();
  return { badRows };
}

/** Generates the roster and runs the real import CLI (`--skip-invalid`) on an empty data dir, timing spawn to exit. */
export async function runMessyImportBench(rows: number, seed: number): Promise<MessyImportBench> {
  const dir = await mkdtemp(join(tmpdir(), 'bangfu-messy-'));
  try {
    const file = join(dir, '花名册.xlsx');
    const { badRows } = await writeMessyRoster(file, rows, seed);
    const started = performance.now();
    const env = { DATA_DIR: join(dir, 'data'), ID_HASH_KEY: BENCH_HASH_KEY };
    const child = await startChild('src/registry/cli.ts', env, /导入完成.*?用时 ([\d.]+) 秒/, 1_200_000, [
      'households',
      file,
      '--skip-invalid',
    ]);
    const peak = child.peakRss();
    await new Promise<void>((resolve) => {
      if (child.process.exitCode !== null) resolve();
      else child.process.once('exit', () => resolve());
    });
    const seconds = (performance.now() - started) / 1000;
    const report = await readFile(join(dir, '花名册-错误报告.csv'), 'utf8');
    if (report.trim().split('\n').length - 1 !== badRows) throw new Error(`expected ${badRows} bad rows in the report:\n${report}`);
    if (!child.output().includes('读取工作表「花名册」，表头从第 4 行开始。')) throw new Error(`wrong sheet or header:\n${child.output()}`);
    return {
      rows,
      badRows,
      megabytes: Math.round((await stat(file)).size / 1e5) / 10,
      seconds: Math.round(seconds * 10) / 10,
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMb: Math.round(peak / 1e6),
      reported: child.output().trim().split('\n').slice(-3).join(' | '),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
  process.stdout.write(`${JSON.stringify(await runMessyImportBench(Number(values.rows), 20151129), null, 2)}\n`);
}
