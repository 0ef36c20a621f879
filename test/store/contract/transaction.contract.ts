import { describe, expect, it } from 'vitest';
import { AT, application, cadre, complaint, household, ids, visit } from './fixtures.js';
import type { ContractContext } from './harness.js';

/** Transactions: all of their writes or none, reads that see their own writes, no lost update between two of them. */
export function transactionContract({ fresh }: ContractContext): void {
  describe('transactions', () => {
    it('store every write together and resolve with the callback result', async () => {
      const { store, reopen } = await fresh();
      const result = await store.transaction(async (tx) => {
        tx.put('complaints', complaint('c1', { status: 'accepted' }));
        tx.put('households', household('H1'));
        tx.setMeta('last-run', '2026-11-27');
        const m = tx.enqueue({ channel: 'web', userId: 'u1' }, { text: '已受理' }, AT);
        expect(await tx.get('complaints', 'c1')).toMatchObject({ status: 'accepted' });
        expect(await tx.getMeta('last-run')).toBe('2026-11-27');
        return m.id;
      });
      expect(typeof result).toBe('string');
      const again = await reopen();
      expect((await again.complaints.get('c1'))?.status).toBe('accepted');
      expect(await again.households.get('H1')).toBeDefined();
      expect(await again.meta.get('last-run')).toBe('2026-11-27');
      expect((await again.outbox.takeFor('web', 'u1', AT)).map((m) => m.id)).toEqual([result]);
    });

    it('store nothing when the callback throws, and rethrow its error', async () => {
      const { store, reopen } = await fresh();
      const failing = store.transaction(async (tx) => {
        tx.put('complaints', complaint('c1'));
        tx.enqueue({ channel: 'web', userId: 'u1' }, { text: 'x' }, AT);
        throw new Error('refused');
      });
      await expect(failing).rejects.toThrow('refused');
      expect(await store.complaints.get('c1')).toBeUndefined();
      const again = await reopen();
      expect(await again.complaints.get('c1')).toBeUndefined();
      expect((await again.outbox.counts()).pending).toBe(0);
    });

    it('write applications, visits and cadres that every lookup finds afterwards, and show nothing staged before the end', async () => {
      const { store } = await fresh();
      await store.households.upsert(household('H1'));
      let seenOutside: unknown = 'not read';
      await store.transaction(async (tx) => {
        tx.put('applications', application('a1', { householdId: 'H1' }));
        tx.put('visits', visit('V1', 'H1', '2026-11-20'));
        tx.put('cadres', cadre('C1', { villages: ['石桥村'] }));
        tx.put('households', household('H1', { headName: '新户主' }));
        expect(await tx.get('cadres', 'C1')).toMatchObject({ villages: ['石桥村'] });
        expect((await tx.get('households', 'H1'))?.headName).toBe('新户主');
        expect(await tx.get('visits', 'V9')).toBeUndefined();
        expect(await tx.getMeta('none')).toBeUndefined();
        seenOutside = await store.applications.get('a1');
      });
      expect(seenOutside).toBeUndefined();
      expect(ids(await store.applications.byHousehold('H1'))).toEqual(['a1']);
      expect((await store.applications.byTrackingCode('A00000A1'))?.id).toBe('a1');
      expect((await store.visits.lastFor('H1'))?.id).toBe('V1');
      expect(ids(await store.cadres.forHousehold({ id: 'H1', village: '石桥村' }))).toEqual(['C1']);
      expect((await store.households.get('H1'))?.headName).toBe('新户主');
      expect(await store.households.count({ q: '新户主' })).toBe(1);
    });

    it('lose no update when many read-modify-write at once', async () => {
      const { store } = await fresh();
      await store.complaints.put(complaint('c1', { reopenCount: 0 }));
      await Promise.all(
        Array.from({ length: 20 }, () =>
          store.transaction(async (tx) => {
            const c = await tx.get('complaints', 'c1');
            if (!c) throw new Error('missing');
            await new Promise((resolve) => setTimeout(resolve, 1));
            tx.put('complaints', { ...c, reopenCount: c.reopenCount + 1 });
          }),
        ),
      );
      expect((await store.complaints.get('c1'))?.reopenCount).toBe(20);
    });
  });
}
