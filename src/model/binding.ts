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
