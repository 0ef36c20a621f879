import type { ApplicationService } from '../ledger/application-service.js';
import type { ComplaintService } from '../ledger/complaint-service.js';
import type { Complaint } from '../model/complaint.js';
import { CHECKLIST, type Visit } from '../model/visit.js';
import type { Store } from '../store/legacy-store.js';

/** Stores visits with a ledger item for every 不达标 finding and the link to the application they answered. */
export class VisitService {
  constructor(
    private readonly store: Store,
    private readonly complaints: ComplaintService,
    private readonly applications: ApplicationService,
  ) {}

  /**
   * Stores the visit, its 走访发现问题 ledger items and its application link as one write: after a crash all of
   * them are there or none. Recording a visit id that is already stored (a retried submit) returns the stored one.
   */
  async record(visit: Omit<Visit, 'complaintIds'>, now: Date): Promise<Visit> {
    const first = this.store.visits.get(visit.id);
    if (first) return first;
    const household = this.store.households.get(visit.householdId);
    const cadre = this.store.cadres.get(visit.cadreId);
    const by = cadre ? `帮扶干部 ${cadre.name}` : '帮扶干部';
    const findings: Complaint[] = CHECKLIST.filter((item) => !visit.checklist[item.key].ok).map((item) =>
      this.complaints.draft(
        {
          category: '走访发现问题',
          township: household?.township ?? '',
          village: household?.village ?? visit.village,
          description: `${visit.date} 走访发现「${item.label}」不达标：${visit.checklist[item.key].reason ?? '未说明'}`,
          anonymous: false,
          householdId: visit.householdId,
          visitId: visit.id,
        },
        now,
        by,
        `${visit.id}-${item.key}`,
      ),
    );
    const saved: Visit = { ...visit, complaintIds: findings.map((c) => c.id) };
    const linked = visit.applicationId ? this.applications.linkedToVisit(visit.applicationId, visit.id, cadre?.name ?? '', now) : undefined;
    await this.store.atomically((tx) => {
      tx.putVisit(saved);
      for (const finding of findings) tx.putComplaint(finding);
      if (linked) tx.putApplication(linked);
    });
    return saved;
  }
}
