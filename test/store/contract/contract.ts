import { describe } from 'vitest';
import { chatStateContract } from './chat.contract.js';
import { coordinationContract } from './coordination.contract.js';
import { type ContractContext, contractContext, type StoreFactory } from './harness.js';
import { ledgerContract } from './ledger.contract.js';
import { outboxContract } from './outbox.contract.js';
import { recordsContract } from './records.contract.js';
import { registryContract } from './registry.contract.js';
import { staffContract } from './staff.contract.js';
import { transactionContract } from './transaction.contract.js';

/** Every contract file; an implementation passes the Store contract when it passes them all. */
const CONTRACTS: readonly ((ctx: ContractContext) => void)[] = [
  registryContract,
  recordsContract,
  chatStateContract,
  outboxContract,
  ledgerContract,
  staffContract,
  transactionContract,
  coordinationContract,
];

/** Runs the whole Store contract against one implementation (call it from that implementation's test file). */
export function runStoreContract(factory: StoreFactory): void {
  describe(`Store contract: ${factory.name}`, () => {
    const ctx = contractContext(factory);
    for (const contract of CONTRACTS) contract(ctx);
  });
}
