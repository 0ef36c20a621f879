import type { Session } from '../core/session.js';
import type { Reply } from '../core/types.js';

export type { Session };

/** 卡类: the Jinggangshan colour classification of a poor household. */
export type CardColour = '红卡' | '蓝卡' | '黄卡';
/** 贫困户属性. */
export type HouseholdAttribute = '一般贫困户' | '低保贫困户' | '特困供养户' | '其他';
/** 脱贫状态. */
export type PovertyStatus = '未脱贫' | '已脱贫' | '监测对象';
/** The three kinds of monitored household (防返贫监测对象). */
export type MonitorType = '脱贫不稳定户' | '边缘易致贫户' | '突发严重困难户';

/** A registered (建档立卡) household; the head's ID number is kept only masked and hashed. */
export type Household = {
  id: string;
  headName: string;
  /** The first 4 characters and 14 stars (maskIdNumber): nothing of the last 6 that verification asks for. */
  idMasked: string;
  /** Keyed, stretched hash of the full ID number (Hasher.idHash), for de-duplication and exact lookup. */
  idHash: string;
  /** Keyed, stretched hash of head name + last 6 ID characters (Hasher.verifyHash), the chat verification key. */
  verifyHash: string;
  phone?: string;
  county: string;
  township: string;
  village: string;
  group?: string;
  size: number;
  attribute: HouseholdAttribute;
  card?: CardColour;
  causes: string[];
  status: PovertyStatus;
  exitYear?: number;
  monitorType?: MonitorType;
  monitorSince?: string;
  cadreName?: string;
  cadrePhone?: string;
  updatedAt: string;
};

/** A registered household member who may also verify in chat. */
export type Member = {
  id: string;
  householdId: string;
  name: string;
  idMasked: string;
  idHash: string;
  verifyHash: string;
  relation: string;
};

/** 项目类别 of an aid payment or measure. */
export type AidCategory = '产业' | '健康' | '教育' | '安居' | '就业' | '金融' | '兜底' | '其他';

/** One aid payment or measure for a household; amounts in fen (1/100 yuan) to stay exact. */
export type AidRecord = {
  id: string;
  householdId: string;
  category: AidCategory;
  name: string;
  amountFen: number;
  date: string;
  note?: string;
};

/** A chat user verified as a household member or enrolled as a cadre. */
export type Binding = {
  /** `channel:userId`. */
  id: string;
  kind: 'household' | 'cadre';
  targetId: string;
  boundAt: string;
};

/** Failed verification attempts under one key (a chat user or a household), for lock-outs. */
export type AttemptLog = { id: string; failures: string[] };

/**
 * A one-time code a household's cadre gave it, to verify in chat without name and ID tail (e.g. when someone else's
 * failed tries hold that name back). `id` is the household's id: a new code replaces the last. Only a hash is kept.
 */
export type HouseholdCode = { id: string; codeHash: string; cadreId: string; issuedAt: string; expiresAt: string };

/** A proactive message waiting for, or done with, its channel's adapter. */
export type OutboxMessage = {
  id: string;
  channel: string;
  /** Empty on disk when `sealedTo` is set; the outbox opens it in memory for the adapter. */
  userId: string;
  /** The recipient's sealed reply address (an anonymous reporter): no chat id on disk. */
  sealedTo?: string;
  reply: Reply;
  createdAt: string;
  status: 'pending' | 'sent' | 'unreachable';
  attempts: number;
  lastError?: string;
  sentAt?: string;
  /** Do not try again before this time (after a rate limit or an outage). */
  notBefore?: string;
};

/** A free-form message left for the county office (留言). */
export type Feedback = {
  id: string;
  channel: string;
  userId: string;
  topic: string;
  text: string;
  /** Kept for a call-back by staff; shown masked everywhere. */
  phone?: string;
  createdAt: string;
};

/** What a staff member may do on the dashboard; see src/admin/auth/roles.ts for the permissions of each. */
export type StaffRole = 'admin' | 'supervisor' | 'reviewer' | 'viewer';

/** A dashboard user; the password is kept only as an scrypt hash with its own salt. */
export type StaffUser = {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  /** The organisation the user works for; complaints are assigned to units. */
  unit: string;
  passwordHash: string;
  /** Set when someone else chose the password (creation, reset): the user must pick a new one. */
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
};

/** A signed-in dashboard session; `id` is a hash of the cookie value, so the file alone cannot be replayed. */
export type AdminSession = {
  id: string;
  staffId: string;
  /** Synchronizer token every form of this session must carry. */
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string;
};

/** One staff action that read personal data or changed something. */
export type AuditEntry = {
  id: string;
  at: string;
  staffId: string;
  username: string;
  action: string;
  /** The record acted on, e.g. `household:H001`. */
  target?: string;
  detail?: string;
  ip: string;
};

/** A 帮扶责任人 (assigned cadre) who may enrol in chat with a one-time code. */
export type Cadre = {
  id: string;
  name: string;
  phone: string;
  org?: string;
  /** Whole villages assigned; together with `householdIds` they make the cadre's households. */
  villages: string[];
  householdIds: string[];
  status: 'active' | 'revoked';
  /** Hash of the current one-time enrolment code (the code itself is shown once and never stored). */
  codeHash?: string;
  codeExpiresAt?: string;
  createdAt: string;
  updatedAt: string;
};
