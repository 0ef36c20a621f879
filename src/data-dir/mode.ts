import type { Store } from '../store/legacy-store.js';
import { DataDirError } from './errors.js';

/** What a data dir holds: fictional demo data (demo logins work) or a real registry (no demo account exists). */
export type DataDirMode = 'demo' | 'real';

/** What the operator asked for: BANGFU_MODE when set, and what a new data dir becomes otherwise (SEED_DEMO). */
export type WantedMode = { explicit?: DataDirMode; forNew: DataDirMode };

/** The meta record holding the data dir's mode, written once, when the data dir is first opened. */
export const MODE_META = 'dataDir:mode';
/** Written by data dirs seeded with demo data before modes were recorded. */
const LEGACY_SEEDED_META = 'demo:seeded';

/** Why a registry import into a demo data dir is refused (CLI and dashboard), and how to start clean. */
export const DEMO_IMPORT_REFUSED =
  '这是演示数据目录（虚构的演示户、演示账号和公开的演示干部绑定码），不能导入真实名册，否则演示账号能看到真实的户。' +
  '请用一个新的空数据目录启动正式服务：停止服务，设置 DATA_DIR=新的空目录、BANGFU_MODE=real、' +
  'ID_HASH_KEY_FILE=数据目录以外的密钥文件（如 /etc/bangfu/id-hash.key），再启动并导入名册（见 README 的 “Security and privacy”）。';

const START_CLEAN =
  'Start the real service on a new, empty data dir instead: DATA_DIR=/var/lib/bangfu BANGFU_MODE=real ID_HASH_KEY_FILE=/etc/bangfu/id-hash.key npm start, then import the registry there (README, "Security and privacy").';

/**
 * The data dir's mode: the recorded one; else, for a data dir from before modes were recorded, the one its contents
 * show; else (a new data dir) the wanted one. Records it, and refuses a data dir of the other mode than BANGFU_MODE.
 */
export async function settleMode(
  store: Store,
  dir: string,
  wanted: WantedMode,
  demoHouseholdIds: () => Promise<ReadonlySet<string>>,
): Promise<DataDirMode> {
  const recorded = store.meta.get(MODE_META);
  const mode = isMode(recorded) ? recorded : ((await legacyMode(store, dir, demoHouseholdIds)) ?? wanted.explicit ?? wanted.forNew);
  if (wanted.explicit && wanted.explicit !== mode) throw new DataDirError(mismatch(dir, mode));
  if (recorded !== mode) await store.meta.set(MODE_META, mode);
  return mode;
}

async function legacyMode(
  store: Store,
  dir: string,
  demoHouseholdIds: () => Promise<ReadonlySet<string>>,
): Promise<DataDirMode | undefined> {
  if (store.meta.get(LEGACY_SEEDED_META) !== undefined) {
    const demoIds = await demoHouseholdIds();
    const real = [...store.households.all()].filter((h) => !demoIds.has(h.id)).length;
    if (real === 0) return 'demo';
    throw new DataDirError(
      `The data dir ${dir} was seeded with demo data and has since received ${real} households that are not demo households. ` +
        `The demo logins (and the published demo cadre code) could see them, so Bangfu will not start on it. ${START_CLEAN}`,
    );
  }
  const used = store.households.count() > 0 || store.sessions.count() > 0 || store.staff.count() > 0;
  return used ? 'real' : undefined;
}

function mismatch(dir: string, mode: DataDirMode): string {
  return mode === 'demo'
    ? `The data dir ${dir} is a demo data dir (fictional households, demo logins, a published cadre code), but BANGFU_MODE=real. ` +
        `Real data never goes into a demo data dir. ${START_CLEAN} To keep trying the demo, unset BANGFU_MODE.`
    : `The data dir ${dir} holds real data, but BANGFU_MODE=demo. Demo accounts are never created in a real data dir: ` +
        'for the demo, use another, empty DATA_DIR (or unset BANGFU_MODE to run this one as it is).';
}

function isMode(value: string | undefined): value is DataDirMode {
  return value === 'demo' || value === 'real';
}
