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
