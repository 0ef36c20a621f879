import type { NewComplaint } from '../../src/ledger/complaint-service.js';
import type { Cadre } from '../../src/model/cadre.js';
import type { Complaint } from '../../src/model/complaint.js';
import type { Visit } from '../../src/model/visit.js';
import { type TestApp, textOf } from '../helpers/test-app.js';
import { type Session, writeHeaders } from './helpers.js';

/** A complaint stored through the service (as the chat flow would), with sensible defaults. */
export function complaint(app: TestApp, overrides: Partial<NewComplaint> = {}, at = new Date('2025-03-03T02:00:00Z')): Promise<Complaint> {
  return app.complaints.create(
    {
      category: '扶贫资金发放问题',
      township: '茅坪乡',
      village: '神山村',
      description: '三月份的产业奖补到现在都没有发',
      anonymous: true,
      ...overrides,
    },
    at,
  );
}

/** Reports a problem through POST /api/chat as `userId` and returns the tracking code the bot answered with. */
export async function reportByChat(app: TestApp, userId: string, answers: string[]): Promise<string> {
  await app.chat(userId, '反映问题');
  let last = await app.chat(userId, answers[0] as string);
  for (const answer of answers.slice(1)) last = await app.chat(userId, answer);
  const code = /查询码是：([A-Z0-9]{8})/.exec(textOf(last))?.[1];
  if (!code) throw new Error(`no tracking code in: ${textOf(last)}`);
  return code;
}

/** An active cadre responsible for the given villages and households. */
export async function cadre(app: TestApp, id: string, name: string, villages: string[], householdIds: string[] = []): Promise<Cadre> {
  const c: Cadre = {
    id,
    name,
    phone: '13900001111',
    org: '县农业农村局',
    villages,
    householdIds,
    status: 'active',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
  await app.store.cadres.put(c);
  return c;
}

const ALL_OK: Visit['checklist'] = {
  food: { ok: true },
  clothing: { ok: true },
  education: { ok: true },
  medical: { ok: true },
  housing: { ok: true },
  water: { ok: true },
};

/** A visit stored directly (no ledger items opened); `failing` marks checklist items 不达标 with a reason. */
export async function visit(
  app: TestApp,
  fields: Pick<Visit, 'id' | 'cadreId' | 'householdId' | 'village' | 'date'> & Partial<Visit>,
  failing: Partial<Record<keyof Visit['checklist'], string>> = {},
): Promise<Visit> {
  const checklist = { ...ALL_OK };
  for (const [key, reason] of Object.entries(failing)) checklist[key as keyof Visit['checklist']] = { ok: false, reason };
  const v: Visit = {
    checklist,
    measures: '落实产业奖补',
    nextVisit: '2025-04-01',
    attachments: [],
    complaintIds: [],
    createdAt: `${fields.date}T02:00:00.000Z`,
    ...fields,
  };
  await app.store.visits.put(v);
  return v;
}

/** A JSON request as a signed-in user (a POST carries the session's CSRF header). */
export function api(app: TestApp, session: Session, url: string, payload?: object) {
  return app.server.inject({
    method: payload ? 'POST' : 'GET',
    url,
    headers: payload ? writeHeaders(session) : { cookie: session.cookie },
    ...(payload ? { payload } : {}),
  });
}

/** A urlencoded page form POST as a signed-in user (pass `_csrf` in `fields` for it to be accepted). */
export function postForm(app: TestApp, session: Session, url: string, fields: Record<string, string>) {
  return app.server.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}
