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
