import { randomUUID } from 'node:crypto';
import { randomCode } from '../core/short-code.js';
import type { ChatAddress } from '../model/address.js';
import type { Complaint, ComplaintStatus } from '../model/complaint.js';
import { COMPLAINT_STATUSES } from '../model/complaint.js';
import { type Reply, reply } from '../model/reply.js';
import type { WorkingCalendar } from '../model/working-calendar.js';
import type { ReplyAddressBook } from '../privacy/reply-address.js';
import type { Store, StoreTx } from '../store/store.js';
import { applyTransition, type TransitionRequest } from './complaint-rules.js';

/** Length of a tracking code (32^8 ≈ 10^12 possibilities). */
export const TRACKING_CODE_LENGTH = 8;

/** What a new complaint needs; the service adds id, code, sensitivity, status, history and the sealed reply address. */
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
  | 'replyTo'
  | 'reporter'
  | 'excludedAssignees'
> & {
  /** The reporter's chat account, to tell them of progress: stored sealed only. */
  from?: ChatAddress;
};

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
    private readonly codeTaken: (code: string) => Promise<boolean>,
    private readonly addresses: ReplyAddressBook,
    /** China's working days, for the default deadline on acceptance. */
    private readonly calendar: WorkingCalendar,
  ) {}

  /**
   * Stores a new complaint durably and returns it with its tracking code. `id` (a form's submission id) makes a
   * retry return the complaint stored the first time. An anonymous complaint keeps no household, only the names
   * the conflict rule needs, and the reporter's account only sealed.
   */
  create(input: NewComplaint, now: Date, by = '群众', id: string = randomUUID()): Promise<Complaint> {
    return this.store.transaction(async (tx) => {
      const first = await tx.get('complaints', id);
      if (first) return first;
      const complaint = await this.draft(input, now, by, id);
      tx.put('complaints', complaint);
      return complaint;
    });
  }

  /** A new complaint record, not yet stored (a visit stores its findings together with the visit). */
  async draft(input: NewComplaint, now: Date, by: string, id: string): Promise<Complaint> {
    let trackingCode = randomCode(TRACKING_CODE_LENGTH);
    while (await this.codeTaken(trackingCode)) trackingCode = randomCode(TRACKING_CODE_LENGTH);
    const at = now.toISOString();
    const { from, householdId, ...rest } = input;
    const concerns = input.concerns?.trim() || undefined;
    const household = householdId ? await this.store.households.get(householdId) : undefined;
    const excluded = input.category === '干部作风问题' && household ? await this.householdCadres(household.id) : [];
    return {
      ...rest,
      concerns,
      ...(input.anonymous ? {} : { householdId }),
      ...(from ? { replyTo: this.addresses.seal(from) } : {}),
      ...(excluded.length ? { excludedAssignees: excluded } : {}),
      id,
      trackingCode,
      sensitive: input.category === '干部作风问题' || concerns !== undefined,
      status: 'registered',
      reopenCount: 0,
      history: [{ at, by, from: null, to: 'registered', note: '' }],
      createdAt: at,
      updatedAt: at,
    };
  }

  /** Applies a staff transition; stores it together with the reporter's update (one write: both or neither). */
  async transition(
    id: string,
    request: TransitionRequest,
    actor: string,
    now: Date,
  ): Promise<{ ok: true; complaint: Complaint } | { ok: false; error: string }> {
    return this.store.transaction(async (tx) => {
      const complaint = await tx.get('complaints', id);
      if (!complaint) return { ok: false, error: '没有这条记录。' };
      const cadres = complaint.householdId ? await this.householdCadres(complaint.householdId) : [];
      const result = applyTransition(complaint, request, actor, now, this.calendar, cadres);
      if (!result.ok) return result;
      tx.put('complaints', result.complaint);
      this.notify(tx, result.complaint, request.note.trim(), now);
      return result;
    });
  }

  /** Whether the chat user in front of the bot is the one who reported this complaint. */
  isReporter(complaint: Complaint, from: ChatAddress): boolean {
    if (complaint.replyTo) return complaint.replyTo.tag === this.addresses.tag(from);
    return complaint.reporter?.channel === from.channel && complaint.reporter.userId === from.userId;
  }

  /** The reporter's own complaints, newest first. */
  async reportedBy(from: ChatAddress): Promise<Complaint[]> {
    const sealed = await this.store.complaints.byReplyTag(this.addresses.tag(from));
    const legacy = await this.store.complaints.byReporterAddress(from.channel, from.userId);
    return [...sealed, ...legacy].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Records the reporter's verdict on a closed complaint; 不满意 reopens it for rectification. */
  rate(id: string, from: ChatAddress, satisfied: boolean, note: string, now: Date): Promise<Complaint | undefined> {
    return this.store.transaction(async (tx) => {
      const complaint = await tx.get('complaints', id);
      if (!complaint || !this.isReporter(complaint, from) || complaint.status !== 'closed' || complaint.satisfaction) return undefined;
      if (satisfied) {
        const rated: Complaint = { ...complaint, satisfaction: 'satisfied', updatedAt: now.toISOString() };
        tx.put('complaints', rated);
        return rated;
      }
      const result = applyTransition(
        complaint,
        { to: 'rectifying', note: `群众不满意：${note || '未说明原因'}` },
        '反映人',
        now,
        this.calendar,
      );
      if (!result.ok) return undefined;
      const reopened: Complaint = { ...result.complaint, satisfaction: undefined };
      tx.put('complaints', reopened);
      return reopened;
    });
  }

  /**
   * Seals the reporter of complaints stored before reply addresses were sealed, and drops the household of
   * anonymous ones (keeping their cadres for the conflict rule). Returns how many were changed.
   */
  async sealLegacyReporters(): Promise<number> {
    const legacy = await this.store.complaints.list({ legacy: true });
    if (legacy.length === 0) return 0;
    await this.store.transaction(async (tx) => {
      for (const c of legacy) {
        const { reporter, householdId, ...rest } = c;
        const cadres = c.anonymous && householdId && c.category === '干部作风问题' ? await this.householdCadres(householdId) : [];
        const excluded = [...new Set([...(c.excludedAssignees ?? []), ...cadres])];
        tx.put('complaints', {
          ...rest,
          ...(c.anonymous ? {} : { householdId }),
          ...(reporter ? { replyTo: this.addresses.seal(reporter) } : {}),
          ...(excluded.length ? { excludedAssignees: excluded } : {}),
        });
      }
    });
    return legacy.length;
  }

  /** The cadres responsible for a household: the registry's 帮扶责任人 and any registered cadre assigned to it. */
  private async householdCadres(householdId: string): Promise<string[]> {
    const household = await this.store.households.get(householdId);
    if (!household) return [];
    const names = [household.cadreName, ...(await this.store.cadres.forHousehold(household)).map((c) => c.name)];
    return [...new Set(names.filter((n): n is string => !!n?.trim()))];
  }

  private notify(tx: StoreTx, complaint: Complaint, note: string, now: Date): void {
    const update = statusUpdate(complaint, note);
    if (complaint.replyTo) tx.enqueue(complaint.replyTo, update, now);
    else if (complaint.reporter) tx.enqueue(complaint.reporter, update, now);
  }
}

/** The status names of a ledger status id, for replies and pages. */
export function statusName(status: ComplaintStatus): string {
  return COMPLAINT_STATUSES[status];
}
