import { rm } from 'node:fs/promises';
import { openLowStore } from '../../../src/store/lowdb/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { tempDir } from '../../helpers/test-app.js';
import { runStoreContract } from '../contract/contract.js';
import { TEST_ADDRESS_OPENER } from '../contract/harness.js';

runStoreContract({
  name: 'lowdb',
  open: async () => {
    const dir = await tempDir('bangfu-contract-');
    const open = () => openLowStore(dir, { openAddress: TEST_ADDRESS_OPENER });
    let current: Store = await open();
    return {
      store: current,
      reopen: async () => {
        await current.close();
        current = await open();
        return current;
      },
      dispose: async () => {
        await current.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
});
