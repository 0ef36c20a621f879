import type { Config } from '../config.js';
import type { Store } from '../store/legacy-store.js';

/** What every flow factory receives. */
export type FlowDeps = {
  store: Store;
  config: Pick<Config, 'OFFICE_NAME' | 'OFFICE_PHONE' | 'VISIT_OVERDUE_DAYS'>;
  now?: () => Date;
};
