import { randomUUID } from 'node:crypto';
import { randomCode } from '../core/short-code.js';
import { type Reply, reply } from '../core/types.js';
import type { Store } from '../store/store.js';
import { applyTransition, type TransitionRequest } from './complaint-rules.js';
import type { ChatAddress, Complaint, ComplaintStatus } from './complaint-types.js';
import { COMPLAINT_STATUSES } from './complaint-types.js';

/** Length of a tracking code (32^8 ≈ 10^12 possibilities). */
export const TRACKING_CODE_LENGTH = 8;

/** What a new complaint needs; the service adds id, code, sensitivity, status and history. */
export type NewComplaint = Omit<
  Complaint,
  | 'id'
  | 'trackingCode'
  | 'sensitive'
  | 'status'
  | 'assignee'
  | 'deadline'
  | 'satisfaction'
  | 'reopenCount'
  | 'history'
  | 'createdAt'
  | 'updatedAt'
>;

/** The reporter's update for a status change (closing asks whether they are satisfied). */
export function statusUpdate(c: Complaint, note: string): Reply {
  const head = `您反映的问题（查询码 ${c.trackingCode}）有新进展：`;
  switch (c.status) {
    case 'accepted':
      return reply(`${head}已受理，由「${c.assignee}」负责办理，预计 ${c.deadline} 前办结。`);
    case 'rectifying':
      return reply(`${head}正在整改${note ? `（${note}）` : ''}。`);
    case 'verifying':
      return reply(`${head}已经整改，正在核实。`);
    case 'closed':
      return reply(`${head}已办结。${note ? `处理结果：${note}。` : ''}\n您对处理结果满意吗？`, [
        { id: `complaint.satisfied:${c.id}`, label: '满意' },
        { id: `complaint.unsatisfied:${c.id}`, label: '不满意' },
      ]);
    case 'rejected':
      return reply(`${head}不予受理。原因：${note}。如有异议，可以拨打监督电话 12317。`);
    default:
      return reply(`${head}${COMPLAINT_STATUSES[c.status]}。`);
  }
}

/** Creates complaints and moves them through the ledger, telling the reporter at each step. */
export class ComplaintService {
  constructor(
    private readonly store: Store,
    /** Whether a tracking code is already used by any ledger item (complaints, applications). */
    private readonly codeTaken: (code: string) => boolean,
  ) {}

  /** Stores a new complaint durably and returns it with its tracking code. */
  async create(input: NewComplaint, now: Date, by = '群众'): Promise<Complaint> {
    let trackingCode = randomCode(TRACKING_CODE_LENGTH);
    while (this.codeTaken(trackingCode)) trackingCode = randomCode(TRACKING_CODE_LENGTH);
    const at = now.toISOString();
    const concerns = input.concerns?.trim() || undefined;
    const complaint: Complaint = {
      ...input,
      concerns,
      id: randomUUID(),
      trackingCode,
      sensitive: input.category === '干部作风问题' || concerns !== undefined,
      status: 'registered',
      reopenCount: 0,
      history: [{ at, by, from: null, to: 'registered', note: '' }],
      createdAt: at,
      updatedAt: at,
    };
    await this.store.complaints.put(complaint);
    return complaint;
  }

  /** Applies a staff transition; stores it, then queues the reporter's update. */
  async transition(
    id: string,
    request: TransitionRequest,
    actor: string,
    now: Date,
  ): Promise<{ ok: true; complaint: Complaint } | { ok: false; error: string }> {
    const complaint = this.store.complaints.get(id);
    if (!complaint) return { ok: false, error: '没有这条记录。' };
    const cadreName = complaint.householdId ? this.store.households.get(complaint.householdId)?.cadreName : undefined;
    const result = applyTransition(complaint, request, actor, now, cadreName);
    if (!result.ok) return result;
    await this.store.complaints.put(result.complaint);
    await this.notify(result.complaint, request.note.trim(), now);
    return result;
  }

  /** Records the reporter's verdict on a closed complaint; 不满意 reopens it for rectification. */
  async rate(id: string, from: ChatAddress, satisfied: boolean, note: string, now: Date): Promise<Complaint | undefined> {
    const complaint = this.store.complaints.get(id);
    const own = complaint?.reporter?.channel === from.channel && complaint.reporter.userId === from.userId;
    if (!complaint || !own || complaint.status !== 'closed' || complaint.satisfaction) return undefined;
    if (satisfied) {
      const rated: Complaint = { ...complaint, satisfaction: 'satisfied', updatedAt: now.toISOString() };
      await this.store.complaints.put(rated);
      return rated;
    }
    const result = applyTransition(complaint, { to: 'rectifying', note: `群众不满意：${note || '未说明原因'}` }, '反映人', now);
    if (!result.ok) return undefined;
    const reopened: Complaint = { ...result.complaint, satisfaction: undefined };
    await this.store.complaints.put(reopened);
    return reopened;
  }

  private async notify(complaint: Complaint, note: string, now: Date): Promise<void> {
    if (!complaint.reporter) return;
    await this.store.outbox.enqueue(complaint.reporter.channel, complaint.reporter.userId, statusUpdate(complaint, note), now);
  }
}

/** The status names of a ledger status id, for replies and pages. */
export function statusName(status: ComplaintStatus): string {
  return COMPLAINT_STATUSES[status];
}
