import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { backupDataDir } from './backup.js';
import { BackupError } from './manifest.js';
import { restoreBackup } from './restore.js';

const HELP = `Usage:
  npm run backup -- DIR    copy DATA_DIR into DIR (new or empty), also while Bangfu is running
  npm run restore -- DIR   restore the backup in DIR into DATA_DIR (empty or missing)

Options:
  --data-dir PATH   the data dir (default: the DATA_DIR environment variable, else ./data)
  -h, --help        show this help

The ID hash key (ID_HASH_KEY / ID_HASH_KEY_FILE) is never in a backup: keep your own copy of it, apart from the backups.
`;

/** Human-readable size. */
function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

async function main(argv: string[]): Promise<number> {
  // Whatever this process creates (the backup, a restored data dir) is readable by its user only.
  process.umask(0o077);
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    return 1;
  }
  const [command, dir, ...rest] = args.positionals;
  if (args.values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if ((command !== 'backup' && command !== 'restore') || dir === undefined || rest.length > 0) {
    process.stderr.write(HELP);
    return 1;
  }
  let dataDir: string;
  try {
    dataDir = resolve(args.values['data-dir'] ?? loadConfig(process.env).DATA_DIR);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  try {
    if (command === 'backup') {
      const done = await backupDataDir(dataDir, dir);
      const how = done.online
        ? `through the running Bangfu, which held its writes for ${done.heldMs.toFixed(0)} ms`
        : 'with Bangfu stopped (this process held the lock)';
      process.stdout.write(
        `Backed up ${dataDir} to ${done.dir}: ${done.manifest.files.length} files, ${size(done.bytes)} (${done.bytes} bytes), ` +
          `in ${done.seconds.toFixed(1)} s, ${how}.\n${done.dir}/manifest.json lists each file's SHA-256.\n` +
          'The ID hash key is not in the backup: keep a copy of ID_HASH_KEY_FILE (or ID_HASH_KEY) apart from it.\n',
      );
    } else {
      const done = await restoreBackup(dir, dataDir);
      process.stdout.write(
        `Restored ${done.manifest.files.length} files (${size(done.bytes)}, every SHA-256 checked) from ${resolve(dir)}, ` +
          `made ${done.manifest.createdAt} of ${done.manifest.source}, into ${done.dir}.\n` +
          'Start Bangfu with the same ID hash key as before (ID_HASH_KEY_FILE or ID_HASH_KEY): it is not in the backup.\n',
      );
    }
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
