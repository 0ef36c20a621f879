import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ENROLMENT_CODE_DAYS, hashEnrolmentCode, looksLikeEnrolmentCode } from '../core/enrolment-code.js';
import type { Hasher } from '../privacy/keyed-hash.js';
import { seedDemo } from '../registry/demo.js';
import type { Store } from '../store/legacy-store.js';

const SEEDED = 'demo:seeded';

const cadresSchema = z.object({
  enrolmentCode: z.string().refine(looksLikeEnrolmentCode, { message: 'must be 8 characters without 0/O/1/I' }),
  cadres: z.array(
    z.object({ id: z.string(), name: z.string(), phone: z.string(), org: z.string().optional(), villages: z.array(z.string()) }),
  ),
});

/** The fixed demo enrolment code from content/demo/cadres.yaml (valid in demo mode only). */
export async function demoEnrolmentCode(contentDir: string): Promise<string> {
  return (await loadCadres(contentDir)).enrolmentCode;
}

async function loadCadres(contentDir: string): Promise<z.infer<typeof cadresSchema>> {
  const path = join(contentDir, 'demo', 'cadres.yaml');
  const parsed = cadresSchema.safeParse(parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new Error(`The demo cadres file ${path} is malformed: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * Demo mode (a demo data dir only): the first start loads the fictional households, aid and cadres from content/demo/;
 * every start re-arms the demo cadre's published enrolment code, unless staff revoked that cadre.
 */
export async function prepareDemo(store: Store, hasher: Hasher, contentDir: string, now: Date): Promise<void> {
  const seeded = store.meta.get(SEEDED) !== undefined;
  const demo = await loadCadres(contentDir);
  if (!seeded) await seedDemo(store, hasher, contentDir, () => now);
  const expires = new Date(now.getTime() + ENROLMENT_CODE_DAYS * 24 * 3600_000).toISOString();
  for (const [i, c] of demo.cadres.entries()) {
    const existing = store.cadres.get(c.id);
    if (existing?.status === 'revoked') continue;
    await store.cadres.put({
      id: c.id,
      name: c.name,
      phone: c.phone,
      org: c.org,
      villages: c.villages,
      householdIds: existing?.householdIds ?? [],
      status: 'active',
      // Only the first demo cadre carries the documented code; a one-time code re-armed on each start keeps the demo usable.
      ...(i === 0 ? { codeHash: hashEnrolmentCode(demo.enrolmentCode), codeExpiresAt: expires } : {}),
      createdAt: existing?.createdAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
    });
  }
  if (!seeded) await store.meta.set(SEEDED, now.toISOString());
}
