import { afterEach } from 'vitest';
import type { Store } from '../../../src/store/store.js';

/** One store under test: `reopen` closes it and opens the same data again (what survives is what was stored). */
export type OpenedStore = { store: Store; reopen(): Promise<Store>; dispose(): Promise<void> };

/**
 * Opens sealed reply addresses in contract tests: `test:<userId>` opens to the user id, anything else does not open.
 * Factories give it to their stores (the real one decrypts; the contract only needs the store to call it).
 */
export const TEST_ADDRESS_OPENER = ({ sealed }: { channel: string; sealed: string }): string | undefined =>
  sealed.startsWith('test:') ? sealed.slice(5) : undefined;

/** The lookup tag the test address book gives a chat account (a real book derives it from a key). */
export const testTag = ({ channel, userId }: { channel: string; userId: string }): string => `tag:${channel}:${userId}`;

/** A sealed reply address of `userId` as the test address book seals it: it opens to `userId` and carries its tag. */
export const testSeal = (channel: string, userId: string) => ({ channel, tag: testTag({ channel, userId }), sealed: `test:${userId}` });

/** The test address book: opens as TEST_ADDRESS_OPENER and tags as testTag (for stores that look sealed messages up by tag). */
export const TEST_ADDRESSES = { open: TEST_ADDRESS_OPENER, tag: testTag };

/** How a Store implementation is opened on fresh, empty data for each test (with TEST_ADDRESS_OPENER). */
export type StoreFactory = { name: string; open(): Promise<OpenedStore> };

/** What a contract file gets: a fresh store per call, disposed after the test. */
export type ContractContext = { fresh(): Promise<OpenedStore> };

/** A fresh-store source for one contract run, disposing every store a test opened. */
export function contractContext(factory: StoreFactory): ContractContext {
  const opened: OpenedStore[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await o.dispose();
  });
  return {
    fresh: async () => {
      const o = await factory.open();
      opened.push(o);
      return o;
    },
  };
}
