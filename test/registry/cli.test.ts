import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AID_COLUMNS, MEMBER_COLUMNS } from '../../src/registry/rows.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { fakeId, householdCells, householdCsv, tempDir, toCsv, withWrongCheck } from './helpers.js';
import { householdValues, messyHouseholdSheet } from './sheets.js';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

type Run = { code: number | null; stdout: string; stderr: string };

function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { DATA_DIR: _d, ID_HASH_KEY: _k, ...base } = process.env;
    // A real registry's key lives outside the data dir; every run here uses one next to it.
    const key = { ID_HASH_KEY_FILE: join(dir, 'keys', 'id-hash.key') };
    const child = spawn(TSX, ['src/registry/cli.ts', ...args], { cwd: ROOT, env: { ...base, ...key, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('bangfu-cli-'));
  dataDir = join(dir, 'data');
});
afterEach(async () => cleanup());

// Each run starts tsx in a fresh process (a few seconds on a busy CI machine).
describe('npm run import', { timeout: 60_000 }, () => {
  it('shows help on no or bad arguments (exit 1) and on --help (exit 0)', async () => {
    const [none, bad, unknownOption, help] = await Promise.all([
      runCli([]),
      runCli(['people', 'x.csv']),
      runCli(['households', 'x.csv', '--force']),
      runCli(['--help']),
    ]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('用法：npm run import -- <类型> <文件>');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('参数不对');
    expect(unknownOption.code).toBe(1);
    expect(unknownOption.stderr).toContain('用法');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--skip-invalid');
    expect(help.stdout).toContain('--sheet NAME');
  });

  it('imports a GBK CSV, then re-imports it as unchanged, then imports aid (exit 0)', async () => {
    const file = join(dir, '户信息.csv');
    await writeFile(file, iconv.encode(householdCsv([householdCells(1), householdCells(2), householdCells(3)]), 'gbk'));
    const first = await runCli(['households', file, '--data-dir', dataDir]);
    expect(first.stderr).toBe(
      `Created the ID hash key ${join(dir, 'keys', 'id-hash.key')}. Back it up now, apart from the data: without it no household can verify.\n`,
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/新增 3 户，更新 0 户，跳过 0 户（无变化或重复），错误 0 行/);
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(false);
    expect((await stat(join(dir, 'keys', 'id-hash.key'))).mode & 0o777).toBe(0o600);

    const again = await runCli(['households', file], { DATA_DIR: dataDir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/新增 0 户，更新 0 户，跳过 3 户/);

    const aidFile = join(dir, 'aid.csv');
    const aid = { 户编号: 'T0001', 项目类别: '健康', 项目名称: '医疗救助', 金额: '100.5', 发放日期: '2026/3/5', 说明: '' };
    await writeFile(aidFile, toCsv(AID_COLUMNS, [aid, aid, { ...aid, 户编号: 'T0002' }]));
    const aidRun = await runCli(['aid', aidFile, '--data-dir', dataDir]);
    expect(aidRun.code).toBe(0);
    expect(aidRun.stdout).toMatch(/新增 2 条，更新 0 条，跳过 1 条/);
    const stored = await readFile(join(dataDir, 'households.json'), 'utf8');
    expect(stored).not.toContain(householdCells(1).身份证号);
  });

  it('keeps a 监测对象 decided in the app unless --overwrite-status, removes members left out, and audits every run', async () => {
    const file = join(dir, '户信息.csv');
    await writeFile(file, householdCsv([householdCells(1), householdCells(2)]));
    expect((await runCli(['households', file, '--data-dir', dataDir])).code).toBe(0);
    let store = await openLowStore(dataDir);
    const decided = await store.households.get('T0001');
    if (decided) await store.households.upsert({ ...decided, status: '监测对象', monitorType: '脱贫不稳定户', monitorSince: '2026-10-08' });
    await store.close();

    const kept = await runCli(['households', file, '--data-dir', dataDir]);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('第 2 行（户编号 T0001）：表格是「已脱贫」，这户已在系统里认定为监测对象，保留监测对象。');
    expect(kept.stdout).toContain('--overwrite-status');
    const overwritten = await runCli(['households', file, '--overwrite-status', '--data-dir', dataDir]);
    expect(overwritten.stdout).toContain('第 2 行（户编号 T0001）：系统认定的监测对象已按表格改为「已脱贫」。');

    const membersFile = join(dir, '家庭成员.csv');
    const member = (n: number) => ({ 户编号: 'T0001', 姓名: '王桂兰', 身份证号: fakeId('19650101', n), 与户主关系: '配偶' });
    await writeFile(membersFile, toCsv(MEMBER_COLUMNS, [member(1), member(2)]));
    expect((await runCli(['members', membersFile, '--data-dir', dataDir])).code).toBe(0);
    await writeFile(membersFile, toCsv(MEMBER_COLUMNS, [member(1)]));
    const dropped = await runCli(['members', membersFile, '--data-dir', dataDir]);
    expect(dropped.stdout).toMatch(/跳过 1 人（无变化或重复），移除名单外的成员 1 人/);

    store = await openLowStore(dataDir);
    try {
      expect((await store.households.get('T0001'))?.status).toBe('已脱贫');
      expect(await store.members.byHousehold('T0001')).toHaveLength(1);
      const { items } = await store.audit.search({ action: 'households.import' });
      expect(items).toHaveLength(5);
      for (const entry of items) {
        expect(entry.username).toBe(userInfo().username || '命令行');
        expect(entry.ip).toBe('命令行');
      }
      const details = items.map((e) => `${e.target} ${e.detail}`).reverse();
      expect(details[1]).toBe(
        'import:households 户信息.csv（命令行）：共 2 行：新增 0，更新 0，跳过 2（无变化或重复），脱贫状态与系统认定的监测对象不一致 1 户（保留监测对象 1 户，按表格改 0 户），错误 0 行',
      );
      expect(details[2]).toContain('按表格改 1 户');
      expect(details[4]).toBe(
        'import:members 家庭成员.csv（命令行）：共 1 行：新增 0，更新 0，跳过 1（无变化或重复），移除名单外的成员 1 人，错误 0 行',
      );
    } finally {
      await store.close();
    }
  });

  it('lists every bad row, imports nothing and exits 1', async () => {
    const file = join(dir, 'bad.csv');
    const rows = [
      householdCells(1),
      householdCells(2, { 身份证号: withWrongCheck(fakeId('19700101', 2)) }),
      householdCells(3, { 卡类: '紫卡' }),
    ];
    await writeFile(file, householdCsv(rows));
    const run = await runCli(['households', file, '--data-dir', dataDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('第 3 行，「身份证号」：校验位不对，请核对号码是否抄错');
    expect(run.stderr).toContain('第 4 行，「卡类」：“紫卡”不对，应填 红卡、蓝卡、黄卡 之一');
    expect(run.stderr).toContain('发现 2 处错误（涉及 2 行），未导入任何数据');
    expect(existsSync(join(dataDir, 'households.json'))).toBe(false);
  });

  it('names missing header columns', async () => {
    const file = join(dir, 'header.csv');
    await writeFile(file, '户编号,姓名\r\nT1,张大山\r\n');
    const run = await runCli(['households', file, '--data-dir', dataDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('第 1 行，「户主姓名」：表头缺少这一列');
    expect(run.stderr).toContain('表头不对，未导入任何数据');
  });

  it('with --skip-invalid imports the good rows and writes the bad ones to a report next to the input', async () => {
    const file = join(dir, 'mixed.csv');
    await writeFile(file, householdCsv([householdCells(1), householdCells(2, { 家庭人口: '-1' }), householdCells(3)]));
    const run = await runCli(['households', file, '--skip-invalid', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/新增 2 户.*错误 1 行/);
    const report = join(dir, 'mixed-错误报告.csv');
    expect(run.stderr).toContain(`全部错误已写入：${report}`);
    const text = await readFile(report, 'utf8');
    expect(text).toBe('\ufeff行号,列名,原因\r\n3,家庭人口,应为 1 到 50 之间的整数\r\n');
  });

  it('reads a county roster: the sheet named with --sheet, the header on row 4, totals and notes passed over', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('填表说明').addRow(['身份证号一列为文本格式']);
    messyHouseholdSheet(workbook.addWorksheet('2025年'), [householdValues(1)]);
    messyHouseholdSheet(workbook.addWorksheet('2026年'), [householdValues(1), householdValues(2), householdValues(3)]);
    const file = join(dir, '花名册.xlsx');
    await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    const [run, missing] = await Promise.all([
      runCli(['households', file, '--sheet', '2026年', '--data-dir', dataDir]),
      runCli(['households', file, '--sheet', '2027年', '--data-dir', join(dir, 'other')]),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('读取工作表「2026年」，表头从第 4 行开始。\n第 8、9、10 行是合计、小计或说明，没有导入。\n');
    expect(run.stdout).toMatch(/新增 3 户，更新 0 户，跳过 0 户（无变化或重复），错误 0 行/);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到名为“2027年”的工作表。这个文件里的工作表有：填表说明、2025年、2026年。');
  });

  it('says what is wrong with an unreadable file (exit 1)', async () => {
    const missing = await runCli(['households', join(dir, 'nope.csv'), '--data-dir', dataDir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到文件');
  });

  describe('when the server owns the data dir', () => {
    let sleeper: ChildProcess | undefined;
    afterEach(() => {
      sleeper?.kill();
      sleeper = undefined;
    });

    it('explains and exits 2', async () => {
      // lock.ts treats our own pid as stale, so a separate live process must hold the lock.
      sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
      const file = join(dir, 'h.csv');
      await writeFile(file, householdCsv([householdCells(1)]));
      await mkdir(dataDir, { recursive: true });
      await writeFile(join(dataDir, '.lock'), String(sleeper.pid));
      const run = await runCli(['households', file, '--data-dir', dataDir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`正在被运行中的帮扶助手服务（进程 ${sleeper.pid}）使用`);
      expect(run.stderr).toContain('/admin/households/import');
      expect(existsSync(join(dataDir, 'households.json'))).toBe(false);
    });
  });
});
