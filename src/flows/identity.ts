import type { Identity } from '../core/types.js';
import type { Store } from '../store/legacy-store.js';

/** Who a chat user is, from their stored binding. */
export function identify(store: Store, channel: string, userId: string): Identity {
  const binding = store.bindings.get(channel, userId);
  if (binding?.kind === 'household') return { kind: 'household', householdId: binding.targetId };
  if (binding?.kind === 'cadre') return { kind: 'cadre', cadreId: binding.targetId };
  return { kind: 'guest' };
}
