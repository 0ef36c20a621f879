import type { AidRecord } from '../../model/aid.js';
import type { Application } from '../../model/application.js';
import type { AuditEntry } from '../../model/audit.js';
import type { Binding } from '../../model/binding.js';
import type { Cadre } from '../../model/cadre.js';
import type { Complaint } from '../../model/complaint.js';
import type { Feedback } from '../../model/feedback.js';
import type { Household, HouseholdCode, Member } from '../../model/household.js';
import type { OutboxMessage } from '../../model/outbox.js';
import type { Session } from '../../model/session.js';
import type { AdminSession, StaffUser } from '../../model/staff.js';
import type { Visit } from '../../model/visit.js';
import { Codec } from './codec.js';

/** Registered households (see migrations/001_records.sql for the columns and their checks). */
export const households = new Codec<Household>('households', [
  'id',
  'headName',
  'idMasked',
  'idHash',
  'verifyHash',
  'phone',
  'county',
  'township',
  'village',
  ['group', 'group_name'],
  'size',
  'attribute',
  'card',
  'causes',
  'status',
  'exitYear',
  'monitorType',
  'monitorSince',
  'cadreName',
  'cadrePhone',
  ['updatedAt', 'updated_at', 'time'],
]);

/** Registered household members. */
export const members = new Codec<Member>('members', ['id', 'householdId', 'name', 'idMasked', 'idHash', 'verifyHash', 'relation']);

/** Aid payments and measures. */
export const aid = new Codec<AidRecord>('aid_records', ['id', 'householdId', 'category', 'name', 'amountFen', 'date', 'note']);

/** Chat users bound to a household or a cadre. */
export const bindings = new Codec<Binding>('bindings', ['id', 'kind', 'targetId', 'personIdHash', ['boundAt', 'bound_at', 'time']]);

/** One-time household codes; the record's id is its household's. */
export const householdCodes = new Codec<HouseholdCode>(
  'household_codes',
  [['id', 'household_id'], 'codeHash', 'cadreId', ['issuedAt', 'issued_at', 'time'], ['expiresAt', 'expires_at', 'time']],
  ['household_id'],
);

/** Proactive messages. */
export const outbox = new Codec<OutboxMessage>('outbox', [
  'id',
  'channel',
  'userId',
  'sealedTo',
  ['reply', 'reply', 'json'],
  ['createdAt', 'created_at', 'time'],
  'status',
  'attempts',
  'lastError',
  ['sentAt', 'sent_at', 'time'],
  ['notBefore', 'not_before', 'time'],
]);

/** Messages left for the county office. */
export const feedback = new Codec<Feedback>('feedback', [
  'id',
  'channel',
  'userId',
  'topic',
  'text',
  'phone',
  ['createdAt', 'created_at', 'time'],
]);

/** Dashboard staff accounts. */
export const staff = new Codec<StaffUser>('staff', [
  'id',
  'username',
  'displayName',
  'role',
  'unit',
  'passwordHash',
  'mustChangePassword',
  'disabled',
  ['createdAt', 'created_at', 'time'],
  ['updatedAt', 'updated_at', 'time'],
]);

/** Signed-in dashboard sessions. */
export const adminSessions = new Codec<AdminSession>('admin_sessions', [
  'id',
  'staffId',
  'csrfToken',
  ['createdAt', 'created_at', 'time'],
  ['lastSeenAt', 'last_seen_at', 'time'],
  'ip',
]);

/** Staff actions. */
export const audit = new Codec<AuditEntry>('audit', [
  'id',
  ['at', 'at', 'time'],
  'staffId',
  'username',
  'action',
  'target',
  'detail',
  'ip',
]);

/** Assigned cadres. */
export const cadres = new Codec<Cadre>('cadres', [
  'id',
  'name',
  'phone',
  'org',
  'villages',
  'householdIds',
  'status',
  'codeHash',
  ['codeExpiresAt', 'code_expires_at', 'time'],
  ['createdAt', 'created_at', 'time'],
  ['updatedAt', 'updated_at', 'time'],
]);

/** The rectification ledger; a reporter's chat account is stored only sealed (`replyTo`). */
export const complaints = new Codec<Complaint>('complaints', [
  'id',
  'trackingCode',
  'category',
  'township',
  'village',
  'description',
  'concerns',
  'anonymous',
  'phone',
  ['replyTo', 'reply_to', 'json'],
  ['reporter', 'reporter', 'json'],
  'householdId',
  'excludedAssignees',
  'visitId',
  'sensitive',
  'status',
  'assignee',
  'deadline',
  'satisfaction',
  'reopenCount',
  ['history', 'history', 'json'],
  ['photos', 'photos', 'json'],
  ['createdAt', 'created_at', 'time'],
  ['updatedAt', 'updated_at', 'time'],
]);

/** Hardship applications. */
export const applications = new Codec<Application>('applications', [
  'id',
  'trackingCode',
  'event',
  'eventDate',
  'cost',
  'help',
  'householdId',
  ['applicant', 'applicant', 'json'],
  'township',
  'village',
  'consent',
  ['reporter', 'reporter', 'json'],
  'status',
  'assignee',
  'checkDeadline',
  'decisionDeadline',
  'monitorType',
  'visitIds',
  ['history', 'history', 'json'],
  ['createdAt', 'created_at', 'time'],
  ['updatedAt', 'updated_at', 'time'],
]);

/** Cadres' home visits. */
export const visits = new Codec<Visit>('visits', [
  'id',
  'cadreId',
  'householdId',
  'village',
  'date',
  'lateReason',
  ['checklist', 'checklist', 'json'],
  'income',
  'problems',
  'measures',
  'nextVisit',
  ['attachments', 'attachments', 'json'],
  'complaintIds',
  'applicationId',
  ['createdAt', 'created_at', 'time'],
]);

/** Chat sessions; an open form's answers are in `form`, cleared when the form ends. */
export const sessions = new Codec<Session>('chat_sessions', [
  'id',
  ['form', 'form', 'json'],
  ['lastChoices', 'last_choices', 'json'],
  ['notice', 'notice', 'json'],
  'formExpired',
  ['updatedAt', 'updated_at', 'time'],
  'version',
]);
