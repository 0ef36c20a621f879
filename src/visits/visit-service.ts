import type { ApplicationService } from '../ledger/application-service.js';
import type { ComplaintService } from '../ledger/complaint-service.js';
import type { Complaint } from '../model/complaint.js';
import { CHECKLIST, type Visit } from '../model/visit.js';
import type { Store } from '../store/store.js';

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
  record(visit: Omit<Visit, 'complaintIds'>, now: Date): Promise<Visit> {
    return this.store.transaction(async (tx) => {
      const first = await tx.get('visits', visit.id);
      if (first) return first;
      const household = await this.store.households.get(visit.householdId);
      const cadre = await this.store.cadres.get(visit.cadreId);
      const by = cadre ? `帮扶干部 ${cadre.name}` : '帮扶干部';
      const failed = CHECKLIST.filter((item) => !visit.checklist[item.key].ok);
      const findings: Complaint[] = [];
      for (const item of failed) {
        const finding = {
          category: '走访发现问题' as const,
          township: household?.township ?? '',
          village: household?.village ?? visit.village,
          description: `${visit.date} 走访发现「${item.label}」不达标：${visit.checklist[item.key].reason ?? '未说明'}`,
          anonymous: false,
          householdId: visit.householdId,
          visitId: visit.id,
        };
        findings.push(await this.complaints.draft(finding, now, by, `${visit.id}-${item.key}`));
      }
      const saved: Visit = { ...visit, complaintIds: findings.map((c) => c.id) };
      const linked = visit.applicationId
        ? await this.applications.linkedToVisit(tx, visit.applicationId, visit.id, cadre?.name ?? '', now)
        : undefined;
      tx.put('visits', saved);
      for (const finding of findings) tx.put('complaints', finding);
      if (linked) tx.put('applications', linked);
      return saved;
    });
  }
}
