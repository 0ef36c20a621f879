import type { AuditEntry } from '../../model/audit.js';
import type { StaffUser } from '../../model/staff.js';
import type { Store } from '../../store/legacy-store.js';
import { ROLE_LABELS } from '../auth/roles.js';
import type { AuditNames } from '../views/audit-record.js';
import { IMPORT_KINDS } from './import-upload.js';

const CADRE_FILTER = /"cadreId":"([^"]+)"/;

function staffName(user: StaffUser): string {
  return `${user.displayName || user.username}（${ROLE_LABELS[user.role]}）`;
}

function householdName(store: Store, id: string): string {
  const head = store.households.get(id)?.headName;
  return head ? `${head}户（${id}）` : `户编号 ${id}`;
}

/** The name of what a `kind:id` reference points to, or undefined when it is gone. */
function nameOf(store: Store, ref: string): string | undefined {
  const split = ref.indexOf(':');
  const kind = ref.slice(0, split);
  const id = ref.slice(split + 1);
  switch (kind) {
    case 'staff': {
      const user = store.staff.get(id);
      return user && staffName(user);
    }
    case 'household':
      return householdName(store, id);
    case 'complaint':
      return store.complaints.get(id)?.trackingCode;
    case 'application':
      return store.applications.get(id)?.trackingCode;
    case 'visit': {
      const visit = store.visits.get(id);
      return visit && `${householdName(store, visit.householdId)} ${visit.date}`;
    }
    case 'cadre':
      return store.cadres.get(id)?.name;
    case 'import':
      return IMPORT_KINDS[id as keyof typeof IMPORT_KINDS];
    default:
      return undefined;
  }
}

/** Looks up, once each, the people and items the entries refer to, so the audit log can name them instead of ids. */
export function auditNames(store: Store, entries: readonly AuditEntry[]): AuditNames {
  const refs = new Set<string>();
  for (const e of entries) {
    refs.add(`staff:${e.staffId}`);
    if (e.target?.includes(':')) refs.add(e.target);
    const cadre = CADRE_FILTER.exec(e.detail ?? '')?.[1];
    if (cadre) refs.add(`cadre:${cadre}`);
  }
  const names = new Map<string, string>();
  for (const ref of refs) {
    const name = nameOf(store, ref);
    if (name) names.set(ref, name);
  }
  return names;
}

/** The stored target a search for `text` means: a tracking code finds its complaint or application, anything else (户编号) as typed. */
export function auditTarget(store: Store, text: string | undefined): string | undefined {
  const code = text?.trim().toUpperCase() ?? '';
  const complaint = code && store.complaints.byTrackingCode(code);
  if (complaint) return `complaint:${complaint.id}`;
  const application = code && store.applications.byTrackingCode(code);
  if (application) return `application:${application.id}`;
  return text;
}
