/** A chat user verified as a household member or enrolled as a cadre. */
export type Binding = {
  /** `channel:userId`. */
  id: string;
  kind: 'household' | 'cadre';
  targetId: string;
  /**
   * The ID-number hash of the person who verified (the head or a member), so the binding ends when that person leaves
   * the household; absent for a household code (the cadre vouched for the household, not a person) and for cadres.
   */
  personIdHash?: string;
  boundAt: string;
};

/** Failed verification attempts under one key (a chat user or a household), for lock-outs. */
export type AttemptLog = { id: string; failures: string[] };
