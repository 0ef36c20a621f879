/** 卡类: the Jinggangshan colour classification of a poor household. */
export type CardColour = '红卡' | '蓝卡' | '黄卡';
/** 贫困户属性. */
export type HouseholdAttribute = '一般贫困户' | '低保贫困户' | '特困供养户' | '其他';
/** 脱贫状态. */
export type PovertyStatus = '未脱贫' | '已脱贫' | '监测对象';
/** The three kinds of monitored household (防返贫监测对象). */
export type MonitorType = '脱贫不稳定户' | '边缘易致贫户' | '突发严重困难户';

/** The three kinds of monitored household, in order. */
export const MONITOR_TYPES: readonly MonitorType[] = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'];

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

/**
 * A one-time code a household's cadre gave it, to verify in chat without name and ID tail (e.g. when someone else's
 * failed tries hold that name back). `id` is the household's id: a new code replaces the last. Only a hash is kept.
 */
export type HouseholdCode = { id: string; codeHash: string; cadreId: string; issuedAt: string; expiresAt: string };
