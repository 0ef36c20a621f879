import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { DataDirError } from '../data-dir/errors.js';
import { DEMO_IMPORT_REFUSED } from '../data-dir/mode.js';
import { openDataDir } from '../data-dir/open.js';
import { redact } from '../privacy/redact.js';
import { DataDirLockedError } from '../store/lock.js';
import { PgAudit } from '../store/postgres/staff.js';
import { PRIVATE_FILE_MODE } from '../store/private-files.js';
import type { AuditRepo } from '../store/staff-repos.js';
import type { Store } from '../store/store.js';
import { CsvFormatError } from './csv.js';
import { demoHouseholdIds } from './demo.js';
import { headerSpec } from './header-variants.js';
import { sourceLines } from './import-source.js';
import { importSummary, statusConflictLine } from './import-summary.js';
import { type ImportKind, type ImportProgress, type ImportResult, importAid, importHouseholds, importMembers } from './importer.js';
import { importAidPg, importHouseholdsPg, importMembersPg } from './postgres-import.js';
import { openPostgresTarget } from './postgres-target.js';
import { openTable } from './read-table.js';
import { formatRowError, type RowError } from './rows.js';
import { type Table, TableError } from './table.js';

const HELP = `用法：npm run import -- <类型> <文件> [选项]

类型：
  households   户信息（户编号, 户主姓名, 身份证号, 联系电话, 县, 乡镇, 村, 组, 家庭人口,
               贫困户属性, 卡类, 致贫原因, 脱贫状态, 脱贫年度, 帮扶责任人, 帮扶责任人电话）
  members      家庭成员（户编号, 姓名, 身份证号, 与户主关系）
  aid          帮扶记录（户编号, 项目类别, 项目名称, 金额, 发放日期, 说明）

再次导入家庭成员时，表格里出现的户以表格为准：表格里没有的成员会被移除。

文件：.csv（UTF-8 或 Excel 默认的 GBK 编码均可）或 .xlsx。表头上面可以有标题行、说明行，
      表头可以是两行（合并的大标题下面是列名），列名可以用常见的叫法（如 户主、身份证号码）；
      表格下面的合计、小计和说明行会跳过。.xlsx 有几个工作表时，读表头对得上的那一个。

选项：
  --sheet NAME     读名为 NAME 的工作表
  --skip-invalid   只导入正确的行，错误的行写进报告文件
  --overwrite-status
                   户信息的脱贫状态以表格为准，覆盖系统里认定的监测对象
                   （不加时保留监测对象，并列出不一致的户）
  --data-dir DIR   数据目录（默认读环境变量 DATA_DIR，否则 ./data）
  -h, --help       显示本说明

例：npm run import -- households 户信息.xlsx --skip-invalid
`;

const IMPORTERS = { households: importHouseholds, members: importMembers, aid: importAid } as const;
// With DATABASE_URL set, rows stream into PostgreSQL in one transaction (a file with errors leaves nothing behind).
const PG_IMPORTERS = { households: importHouseholdsPg, members: importMembersPg, aid: importAidPg } as const;
const UNITS: Record<ImportKind, string> = { households: '户', members: '人', aid: '条' };
const TITLES: Record<ImportKind, string> = { households: '户信息', members: '家庭成员', aid: '帮扶记录' };
const SHOWN_ERRORS = 200;

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    return 1;
  }
  if (args.values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [kind, file, ...rest] = args.positionals;
  if (!isKind(kind) || file === undefined || rest.length > 0) {
    process.stderr.write(`${kind === undefined ? '' : `参数不对：${argv.join(' ')}\n\n`}${HELP}`);
    return 1;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  const dataDir = resolve(args.values['data-dir'] ?? config.DATA_DIR);
  let table: Table | undefined;
  let store: Store | undefined;
  const options = { skipInvalid: args.values['skip-invalid'] ?? false, overwriteStatus: args.values['overwrite-status'] ?? false };
  try {
    table = await openTable(file, { header: headerSpec(kind), sheet: args.values.sheet });
    if (config.DATABASE_URL) {
      const target = await openPostgresTarget({ ...config, DATABASE_URL: config.DATABASE_URL });
      try {
        const started = Date.now();
        const progress = progressPrinter(table);
        const result = await PG_IMPORTERS[kind](target.pool, target.hasher, table, { ...options, onProgress: progress.update });
        progress.done();
        await audit(new PgAudit(target.pool), result, file);
        return await report(result, file, dataDir, options.skipInvalid, (Date.now() - started) / 1000);
      } finally {
        await target.close();
      }
    }
    // A data dir first opened by an import holds a real registry.
    const opened = await openDataDir({ ...config, DATA_DIR: dataDir }, { explicit: config.BANGFU_MODE, forNew: 'real' }, () =>
      demoHouseholdIds(config.CONTENT_DIR),
    );
    store = opened.store;
    for (const notice of opened.notices) process.stderr.write(`${notice}\n`);
    if (opened.mode === 'demo') {
      process.stderr.write(`${DEMO_IMPORT_REFUSED}\n未导入任何数据。\n`);
      return 1;
    }
    const { hasher } = opened;
    const started = Date.now();
    const progress = progressPrinter(table);
    const result = await IMPORTERS[kind](store, hasher, table, { ...options, onProgress: progress.update });
    progress.done();
    await audit(store.audit, result, file);
    return await report(result, file, dataDir, options.skipInvalid, (Date.now() - started) / 1000);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(
        `数据目录 ${error.dir} 正在被运行中的帮扶助手服务（进程 ${error.pid}）使用，不能同时导入。\n` +
          '请先停止服务再导入，或者在管理后台的导入页面（/admin/households/import）上传文件。\n',
      );
      return 2;
    }
    if (error instanceof DataDirError) {
      process.stderr.write(`${error.message}\n未导入任何数据。\n`);
      return 1;
    }
    if (error instanceof TableError || error instanceof CsvFormatError) {
      process.stderr.write(`\n${error.message}\n未导入任何数据。\n`);
      return 1;
    }
    // lowdb: batches already written stay written; PostgreSQL: the one transaction rolled back. Either way a re-import is safe.
    const kept = config.DATABASE_URL ? '数据库里没有留下这次导入的任何数据' : '已写入的部分会保留';
    process.stderr.write(`\n导入中断：${redact((error as Error).stack ?? String(error))}\n${kept}，改正问题后重新导入同一个文件即可。\n`);
    return 1;
  } finally {
    table?.close();
    await store?.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'skip-invalid': { type: 'boolean' },
      'overwrite-status': { type: 'boolean' },
      sheet: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function isKind(value: string | undefined): value is ImportKind {
  return value === 'households' || value === 'members' || value === 'aid';
}

async function report(result: ImportResult, file: string, dataDir: string, skipInvalid: boolean, seconds: number): Promise<number> {
  const { errors } = result;
  const badRows = new Set(errors.map((e) => e.row)).size;
  const headerProblem = errors.some((e) => e.row === result.headerRow);
  const source = sourceLines(result);
  if (source) process.stdout.write(`${source}\n`);
  let reportPath: string | undefined;
  if (errors.length > 0 && (skipInvalid || errors.length > SHOWN_ERRORS)) reportPath = await writeReport(errors, file, dataDir);
  if (errors.length > 0) {
    for (const error of errors.slice(0, SHOWN_ERRORS)) process.stderr.write(`${formatRowError(error)}\n`);
    if (errors.length > SHOWN_ERRORS) process.stderr.write(`……只显示了前 ${SHOWN_ERRORS} 处，共 ${errors.length} 处错误。\n`);
    if (reportPath) process.stderr.write(`全部错误已写入：${reportPath}\n`);
  }
  const unit = UNITS[result.kind];
  if (!result.written) {
    process.stderr.write(
      headerProblem
        ? '表头不对，未导入任何数据。请按上面的提示修改表头后重新导入。\n'
        : `发现 ${errors.length} 处错误（涉及 ${badRows} 行），未导入任何数据。请改正后重新导入，或加上 --skip-invalid 只导入正确的行。\n`,
    );
    return 1;
  }
  const conflicts = result.statusConflicts;
  for (const conflict of conflicts.slice(0, SHOWN_ERRORS)) process.stdout.write(`${statusConflictLine(conflict)}\n`);
  if (conflicts.length > SHOWN_ERRORS) process.stdout.write(`……只列出了前 ${SHOWN_ERRORS} 户，共 ${conflicts.length} 户。\n`);
  if (conflicts.some((c) => c.kept)) process.stdout.write('要以表格的脱贫状态为准，请加上 --overwrite-status 重新导入。\n');
  const removed = result.kind === 'members' ? `，移除名单外的成员 ${result.removed} 人` : '';
  process.stdout.write(
    `${TITLES[result.kind]}导入完成（共 ${result.rows} 行，用时 ${seconds.toFixed(1)} 秒）：` +
      `新增 ${result.created} ${unit}，更新 ${result.updated} ${unit}，` +
      `跳过 ${result.unchanged + result.skipped} ${unit}（无变化或重复）${removed}，错误 ${badRows} 行。\n`,
  );
  return 0;
}

/** The OS user who ran the import, or 命令行 when the system cannot tell. */
function operator(): string {
  try {
    return userInfo().username || '命令行';
  } catch {
    return '命令行';
  }
}

/** Records the run in the audit log, as the dashboard's import page does: who, the file, the counts. */
async function audit(log: AuditRepo, result: ImportResult, file: string): Promise<void> {
  await log.add({
    id: randomUUID(),
    at: new Date().toISOString(),
    staffId: '',
    username: operator(),
    action: 'households.import',
    target: `import:${result.kind}`,
    detail: redact(`${basename(file)}（命令行）：${importSummary(result)}`).slice(0, 500),
    ip: '命令行',
  });
}

async function writeReport(errors: RowError[], file: string, dataDir: string): Promise<string> {
  const name = `${basename(file, extname(file))}-错误报告.csv`;
  // Excel only reads UTF-8 as UTF-8 when the file starts with a BOM.
  const text = `\ufeff${['行号,列名,原因', ...errors.map((e) => [String(e.row), e.column ?? '', e.reason].map(csvField).join(','))].join('\r\n')}\r\n`;
  for (const dir of [dirname(resolve(file)), dataDir]) {
    try {
      await writeFile(join(dir, name), text, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
      return join(dir, name);
    } catch {
      // Not writable (e.g. a read-only share): try the next place.
    }
  }
  throw new Error(`Could not write the error report ${name} next to the input or in ${dataDir}.`);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function progressPrinter(table: Table) {
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  const draw = (text: string) => process.stderr.write(`\r\x1b[K${text}`);
  const bar = (ratio: number) => `[${'█'.repeat(Math.round(ratio * 24)).padEnd(24, '░')}] ${Math.floor(ratio * 100)}%`;
  return {
    update(p: ImportProgress): void {
      if (p.phase === 'read') {
        const bytes = table.progress?.();
        if (tty) draw(`读取 ${bytes && bytes.total > 0 ? bar(Math.min(1, bytes.done / bytes.total)) : ''} ${p.rows} 行`);
        else if (p.rows - lastLine >= 10_000) {
          lastLine = p.rows;
          process.stderr.write(`已读取 ${p.rows} 行\n`);
        }
      } else if (tty) draw(`写入 ${bar(p.written / p.total)} ${p.written}/${p.total}`);
      else if (p.total >= 10_000) process.stderr.write(`已写入 ${p.written}/${p.total}\n`);
    },
    done(): void {
      if (tty) draw('');
    },
  };
}

// Whatever this process creates (data files, the error report) is readable by its user only.
process.umask(0o077);
process.exitCode = await main(process.argv.slice(2));
