import type { ComplaintService } from '../ledger/complaint-service.js';
import type { Store } from '../store/store.js';
import { CHECKLIST, type Visit } from './types.js';

/** Stores visits and opens a ledger item for every 不达标 finding. */
export class VisitService {
  constructor(
    private readonly store: Store,
    private readonly complaints: ComplaintService,
  ) {}

  /** Stores the visit durably, then opens 走访发现问题 ledger items linked to it; returns the stored visit. */
  async record(visit: Omit<Visit, 'complaintIds'>, now: Date): Promise<Visit> {
    const household = this.store.households.get(visit.householdId);
    const cadre = this.store.cadres.get(visit.cadreId);
    const saved: Visit = { ...visit, complaintIds: [] };
    await this.store.visits.put(saved);
    const failing = CHECKLIST.filter((item) => !visit.checklist[item.key].ok);
    for (const item of failing) {
      const complaint = await this.complaints.create(
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
        cadre ? `帮扶干部 ${cadre.name}` : '帮扶干部',
      );
      saved.complaintIds.push(complaint.id);
    }
    if (saved.complaintIds.length > 0) await this.store.visits.put(saved);
    return saved;
  }
}
