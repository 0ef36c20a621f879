import { basename, join } from 'node:path';
import type { Store } from '../store/store.js';
import { type ControlServer, listenControl } from './control-socket.js';
import { CONTROL_SOCKET } from './data-files.js';
import { removeStaleStaging, stageDataDir } from './stage.js';
import type { WriteGate } from './write-gate.js';

/**
 * The store of an open data dir, serving online backups (`npm run backup`) while it is open: its disk writes pass
 * `gate`, and DATA_DIR/.backup.sock stages a copy on request while the gate holds them. Closing the store stops the
 * socket.
 */
export async function serveBackups(dataDir: string, store: Store, gate: WriteGate, notice?: (text: string) => void): Promise<Store> {
  await removeStaleStaging(dataDir);
  let control: ControlServer | undefined;
  try {
    control = await listenControl(dataDir, async (request) => {
      const staged = await stageDataDir(dataDir, request.pid, (work) => gate.hold(work));
      return { ok: true, staging: basename(staged.dir), heldMs: staged.heldMs };
    });
  } catch (error) {
    notice?.(
      `Online backups are off: cannot listen on ${join(dataDir, CONTROL_SOCKET)} (${(error as Error).message}). ` +
        'npm run backup still works while Bangfu is stopped.',
    );
  }
  const close = store.close;
  return {
    ...store,
    close: async () => {
      await control?.close();
      await close();
    },
  };
}
