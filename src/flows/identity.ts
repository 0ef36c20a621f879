import type { Identity } from '../core/types.js';
import type { Store } from '../store/store.js';

/** Who a chat user is, from their stored binding. */
export async function identify(store: Store, channel: string, userId: string): Promise<Identity> {
  const binding = await store.bindings.get(channel, userId);
  if (binding?.kind === 'household') return { kind: 'household', householdId: binding.targetId };
  if (binding?.kind === 'cadre') return { kind: 'cadre', cadreId: binding.targetId };
  return { kind: 'guest' };
}
