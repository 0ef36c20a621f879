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
