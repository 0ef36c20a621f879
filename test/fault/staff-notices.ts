import type { App } from '../../src/app.js';
import { statusUpdate } from '../../src/ledger/complaint-service.js';
import type { ComplaintStatus } from '../../src/model/complaint.js';
import type { ApiCall } from '../fakes/telegram-api.js';

const NEXT: Partial<Record<ComplaintStatus, ComplaintStatus>> = {
  registered: 'accepted',
  accepted: 'rectifying',
  rectifying: 'verifying',
  verifying: 'closed',
};

/** The reporters' updates staff transitions enqueued: per tracking code, the texts in the order they were enqueued. */
export type ExpectedNotices = Map<string, string[]>;

/**
 * Staff work the ledger the way the dashboard does (ComplaintService.transition, on the test's own app on the same
 * database): open complaints move one status on; each move enqueues its reporter's update on Telegram.
 * Returns how many moved.
 */
export async function advanceAll(staff: App, expected: ExpectedNotices): Promise<number> {
  let moved = 0;
  for (const from of Object.keys(NEXT) as ComplaintStatus[]) {
    for (const complaint of await staff.store.complaints.list({ status: from })) {
      // Every complaint is accepted; one in three is worked to the end (four updates), to keep the updates few.
      if (from !== 'registered' && complaint.trackingCode.charCodeAt(0) % 3 !== 0) continue;
      const to = NEXT[from] as ComplaintStatus;
      const note = to === 'closed' ? '已经补发' : '';
      const request = to === 'accepted' ? { to, note, assignee: '县乡村振兴局' } : { to, note };
      const result = await staff.complaints.transition(complaint.id, request, '县乡村振兴局', new Date());
      if (!result.ok) throw new Error(`${complaint.trackingCode} ${from} → ${to}: ${result.error}`);
      const texts = expected.get(complaint.trackingCode) ?? [];
      texts.push(statusUpdate(result.complaint, note).text);
      expected.set(complaint.trackingCode, texts);
      moved += 1;
    }
  }
  return moved;
}

/**
 * Sending a message twice that is not explained by a crash. The Bot API has no idempotency key, so a sender killed
 * after Telegram took a message and before the outbox marked it sent sends it again on restart: that copy is allowed
 * only when the first went out as the very last update its process (a generation, told apart by its bot token) sent
 * before it was killed. Any other repeat means two senders had the message at once, or a sent message went out again.
 */
export function unexplainedRepeats(calls: readonly ApiCall[], liveTokens: ReadonlySet<string>): string[] {
  const lastOf = new Map<string, ApiCall>();
  for (const call of calls) lastOf.set(call.token, call);
  const copies = new Map<string, ApiCall[]>();
  for (const call of calls) {
    const text = String(call.params.text);
    copies.set(text, [...(copies.get(text) ?? []), call]);
  }
  const repeats: string[] = [];
  for (const [text, sent] of copies) {
    for (const earlier of sent.slice(0, -1)) {
      const crashed = !liveTokens.has(earlier.token) && lastOf.get(earlier.token) === earlier;
      if (!crashed) repeats.push(`${text.slice(0, 40)}… sent by ${sent.map((c) => c.token).join(', ')}`);
    }
  }
  return repeats;
}
