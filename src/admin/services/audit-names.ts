import type { AuditEntry } from '../../model/audit.js';
import type { StaffUser } from '../../model/staff.js';
import type { Store } from '../../store/store.js';
import { ROLE_LABELS } from '../auth/roles.js';
import type { AuditNames } from '../views/audit-record.js';
import { IMPORT_KINDS } from './import-upload.js';

const CADRE_FILTER = /"cadreId":"([^"]+)"/;

function staffName(user: StaffUser): string {
  return `${user.displayName || user.username}（${ROLE_LABELS[user.role]}）`;
}

async function householdName(store: Store, id: string): Promise<string> {
  const head = (await store.households.get(id))?.headName;
  return head ? `${head}户（${id}）` : `户编号 ${id}`;
}

/** The name of what a `kind:id` reference points to, or undefined when it is gone. */
async function nameOf(store: Store, ref: string): Promise<string | undefined> {
  const split = ref.indexOf(':');
  const kind = ref.slice(0, split);
  const id = ref.slice(split + 1);
  switch (kind) {
    case 'staff': {
      const user = await store.staff.get(id);
      return user && staffName(user);
    }
    case 'household':
      return householdName(store, id);
    case 'complaint':
      return (await store.complaints.get(id))?.trackingCode;
    case 'application':
      return (await store.applications.get(id))?.trackingCode;
    case 'visit': {
      const visit = await store.visits.get(id);
      return visit && `${await householdName(store, visit.householdId)} ${visit.date}`;
    }
    case 'cadre':
      return (await store.cadres.get(id))?.name;
    case 'import':
      return IMPORT_KINDS[id as keyof typeof IMPORT_KINDS];
    default:
      return undefined;
  }
}

/** Looks up, once each, the people and items the entries refer to, so the audit log can name them instead of ids. */
export async function auditNames(store: Store, entries: readonly AuditEntry[]): Promise<AuditNames> {
  const refs = new Set<string>();
  for (const e of entries) {
    refs.add(`staff:${e.staffId}`);
    if (e.target?.includes(':')) refs.add(e.target);
    const cadre = CADRE_FILTER.exec(e.detail ?? '')?.[1];
    if (cadre) refs.add(`cadre:${cadre}`);
  }
  const names = new Map<string, string>();
  await Promise.all(
    [...refs].map(async (ref) => {
      const name = await nameOf(store, ref);
      if (name) names.set(ref, name);
    }),
  );
  return names;
}

/** The stored target a search for `text` means: a tracking code finds its complaint or application, anything else (户编号) as typed. */
export async function auditTarget(store: Store, text: string | undefined): Promise<string | undefined> {
  const code = text?.trim().toUpperCase() ?? '';
  const complaint = code ? await store.complaints.byTrackingCode(code) : undefined;
  if (complaint) return `complaint:${complaint.id}`;
  const application = code ? await store.applications.byTrackingCode(code) : undefined;
  if (application) return `application:${application.id}`;
  return text;
}
