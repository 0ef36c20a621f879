import type { Identity } from '../core/types.js';
import type { Binding } from '../model/binding.js';
import { reply } from '../model/reply.js';
import type { Store } from '../store/store.js';

/** What a chat user is told, once, when their household binding ended because a re-import left them out of it. */
export const BINDING_ENDED = reply(
  '您好，您家的登记名单更新了，上面已经没有您的名字，所以这个账号看不到这一户的信息了。如果您还是这家的人，可以重新核对身份；有疑问也可以问帮扶干部。',
  [{ id: 'household.start', label: '重新核对' }],
);

/**
 * Who a chat user is, from their stored binding. A household binding holds while the person who verified is still its
 * head or a registered member; otherwise it ends here, and the identity carries the notice to tell them.
 */
export async function identify(store: Store, channel: string, userId: string): Promise<Identity> {
  const binding = await store.bindings.get(channel, userId);
  if (binding?.kind === 'cadre') return { kind: 'cadre', cadreId: binding.targetId };
  if (binding?.kind !== 'household') return { kind: 'guest' };
  if (await stillInHousehold(store, binding)) return { kind: 'household', householdId: binding.targetId };
  await store.bindings.unbind(channel, userId);
  return { kind: 'guest', notice: BINDING_ENDED };
}

async function stillInHousehold(store: Store, binding: Binding): Promise<boolean> {
  const household = await store.households.get(binding.targetId);
  if (!household) return false;
  // Bound with a household code (or before people were recorded): the household, not a person, was vouched for.
  if (binding.personIdHash === undefined || household.idHash === binding.personIdHash) return true;
  return (await store.members.byHousehold(household.id)).some((m) => m.idHash === binding.personIdHash);
}
