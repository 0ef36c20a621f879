import type { Identity } from '../../core/types.js';
import type { Hasher } from '../../privacy/keyed-hash.js';
import type { FlowDeps } from '../deps.js';

/** What the household-status flow needs beyond the common flow deps. */
export type HouseholdFlowDeps = FlowDeps & {
  hasher: Hasher;
  contact: (identity: Identity) => Promise<string>;
};
