/** Where a WeChat adapter stands: not started, waiting for the QR code to be scanned, working, or failing. */
export type WeChatState = 'stopped' | 'waiting-scan' | 'logged-in' | 'error';

/** What the dashboard shows about WeChat; the same shape for the personal account and the Official Account. */
export type WeChatStatus = {
  mode: 'personal' | 'official-account';
  state: WeChatState;
  /** The login QR code's content while waiting for a scan (personal mode). */
  qrUrl?: string;
  /** The logged-in account's name (personal) or the AppID (Official Account). */
  account?: string;
  lastError?: string;
  /** Messages waiting to be sent. */
  queue: number;
  /** Messages delivered since start. */
  sent: number;
  /** Official Account: outbox messages held because the user has not written within 48 hours. */
  outsideWindow?: number;
  /** When the state last changed (ISO time). */
  since: string;
};

/** Holds the current WeChat status: the adapter writes it, the dashboard page reads it. */
export class WeChatStatusBoard {
  private status: WeChatStatus;
  private live: () => Partial<WeChatStatus> = () => ({});

  constructor(
    mode: WeChatStatus['mode'] = 'personal',
    private readonly now: () => Date = () => new Date(),
  ) {
    this.status = { mode, state: 'stopped', queue: 0, sent: 0, since: now().toISOString() };
  }

  /** A copy of the current status, with the live counts of the running adapter. */
  snapshot(): WeChatStatus {
    return { ...this.status, ...this.live() };
  }

  /** Lets the running adapter supply counts read at the moment of a snapshot (queue length). */
  attach(live: () => Partial<WeChatStatus>): void {
    this.live = live;
  }

  /** Merges changes in; `since` moves only when the state changes, and a QR code is kept only while waiting for a scan. */
  update(patch: Partial<Omit<WeChatStatus, 'since'>>): void {
    const next = { ...this.status, ...patch };
    if (next.state !== this.status.state) next.since = this.now().toISOString();
    if (next.state !== 'waiting-scan') delete next.qrUrl;
    this.status = next;
  }

  /** Records an error without changing the state. */
  noteError(message: string): void {
    this.status = { ...this.status, lastError: message };
  }
}
