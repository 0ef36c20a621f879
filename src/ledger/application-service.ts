import { randomUUID } from 'node:crypto';
import { randomCode } from '../core/short-code.js';
import { APPLICATION_STATUSES, type Application } from '../model/application.js';
import { addDays, localDate } from '../model/calendar.js';
import { type Reply, reply } from '../model/reply.js';
import type { WorkingCalendar } from '../model/working-calendar.js';
import type { Store, StoreTx } from '../store/store.js';
import { type ApplicationTransition, applyApplicationTransition } from './application-rules.js';
import { TRACKING_CODE_LENGTH } from './complaint-service.js';

/** Deadlines for applications (from config), counted on China's working days. */
export type ApplicationDeadlines = { checkWorkingDays: number; decisionDays: number; calendar: WorkingCalendar };

/** What a new application needs; the service adds code, deadlines, status and history. */
export type NewApplication = Omit<
  Application,
  'id' | 'trackingCode' | 'status' | 'checkDeadline' | 'decisionDeadline' | 'visitIds' | 'history' | 'createdAt' | 'updatedAt'
>;

/** The prefix of an assignee that is a registered cadre. */
export const CADRE_ASSIGNEE = 'cadre:';

function applicantUpdate(a: Application, note: string): Reply {
  const head = `您的困难申报（查询码 ${a.trackingCode}）有新进展：`;
  switch (a.status) {
    case 'checking':
      return reply(`${head}工作人员会上门核实情况（入户核查），请保持电话畅通。`);
    case 'reviewing':
      return reply(`${head}已核查，正在村里评议公示。`);
    case 'monitored':
      return reply(`${head}已纳入防返贫监测（${a.monitorType}），帮扶干部会跟进落实帮扶措施。`);
    case 'declined':
      return reply(`${head}这次没有纳入监测。原因：${note}。如有异议，可以找村委会或拨打 12317。`);
    case 'resolved':
      return reply(`${head}经过帮扶，风险已经消除。以后再遇到困难，随时可以再申报。`);
    default:
      return reply(`${head}${APPLICATION_STATUSES[a.status]}。`);
  }
}

/** Creates hardship applications and moves them through their ledger, telling applicant and cadre. */
export class ApplicationService {
  constructor(
    private readonly store: Store,
    private readonly deadlines: ApplicationDeadlines,
    private readonly codeTaken: (code: string) => Promise<boolean>,
  ) {}

  /**
   * Stores a new application durably and returns it with its tracking code and deadlines; `id` (a form's
   * submission id) makes a retry return the application stored the first time.
   */
  create(input: NewApplication, now: Date, id: string = randomUUID()): Promise<Application> {
    return this.store.transaction(async (tx) => {
      const first = await tx.get('applications', id);
      if (first) return first;
      const application = await this.draft(input, now, id);
      tx.put('applications', application);
      return application;
    });
  }

  private async draft(input: NewApplication, now: Date, id: string): Promise<Application> {
    let trackingCode = randomCode(TRACKING_CODE_LENGTH);
    while (await this.codeTaken(trackingCode)) trackingCode = randomCode(TRACKING_CODE_LENGTH);
    const at = now.toISOString();
    const today = localDate(now);
    return {
      ...input,
      id,
      trackingCode,
      status: 'submitted',
      checkDeadline: this.deadlines.calendar.addWorkingDays(today, this.deadlines.checkWorkingDays),
      decisionDeadline: addDays(today, this.deadlines.decisionDays),
      visitIds: [],
      history: [{ at, by: '申请人', from: null, to: 'submitted', note: '' }],
      createdAt: at,
      updatedAt: at,
    };
  }

  /** The cadre assignee a home check defaults to: the household's cadre, if one is registered. */
  async defaultAssignee(a: Application): Promise<string | undefined> {
    const household = a.householdId ? await this.store.households.get(a.householdId) : undefined;
    const cadre = household ? (await this.store.cadres.forHousehold(household))[0] : undefined;
    return cadre ? `${CADRE_ASSIGNEE}${cadre.id}` : undefined;
  }

  /**
   * Applies a staff transition: the application, the registry on 纳入监测 and the messages to applicant and cadre
   * are written together (one write: after a crash all of them are there or none).
   */
  async transition(
    id: string,
    request: ApplicationTransition,
    actor: string,
    now: Date,
  ): Promise<{ ok: true; application: Application } | { ok: false; error: string }> {
    return this.store.transaction(async (tx) => {
      const current = await tx.get('applications', id);
      if (!current) return { ok: false, error: '没有这条申报。' };
      const assignee = request.assignee ?? (request.to === 'checking' ? await this.defaultAssignee(current) : undefined);
      const result = applyApplicationTransition(current, { ...request, assignee }, actor, now);
      if (!result.ok) return result;
      const { application } = result;
      tx.put('applications', application);
      if (application.status === 'monitored') await this.markMonitored(tx, application, now);
      if (application.reporter) tx.enqueue(application.reporter, applicantUpdate(application, request.note.trim()), now);
      if (application.status === 'checking') await this.tellCadre(tx, application, now);
      return result;
    });
  }

  /** The application once a cadre's visit is recorded as its home check; undefined when there is nothing to change. */
  async linkedToVisit(tx: StoreTx, applicationId: string, visitId: string, cadreName: string, now: Date): Promise<Application | undefined> {
    const a = await tx.get('applications', applicationId);
    if (!a || a.visitIds.includes(visitId)) return undefined;
    const at = now.toISOString();
    const event = { at, by: `帮扶干部 ${cadreName}`, from: a.status, to: a.status, note: '入户核查走访已登记' };
    return { ...a, visitIds: [...a.visitIds, visitId], history: [...a.history, event], updatedAt: at };
  }

  private async markMonitored(tx: StoreTx, a: Application, now: Date): Promise<void> {
    const household = a.householdId ? await tx.get('households', a.householdId) : undefined;
    if (!household) return;
    tx.put('households', {
      ...household,
      status: '监测对象',
      monitorType: a.monitorType,
      monitorSince: localDate(now),
      updatedAt: now.toISOString(),
    });
  }

  private async tellCadre(tx: StoreTx, a: Application, now: Date): Promise<void> {
    if (!a.assignee?.startsWith(CADRE_ASSIGNEE)) return;
    const who = a.householdId ? ((await this.store.households.get(a.householdId))?.headName ?? '') : (a.applicant?.name ?? '');
    const message = reply(
      `新的困难申报需要入户核查：${who}家（${a.township}${a.village}），${a.event}。查询码 ${a.trackingCode}，请在 ${a.checkDeadline} 前上门核实；走访登记时可以关联这条申报。`,
      [{ id: 'visit.start', label: '走访登记' }],
    );
    for (const binding of await this.store.bindings.byTarget('cadre', a.assignee.slice(CADRE_ASSIGNEE.length))) {
      const split = binding.id.indexOf(':');
      tx.enqueue({ channel: binding.id.slice(0, split), userId: binding.id.slice(split + 1) }, message, now);
    }
  }
}
