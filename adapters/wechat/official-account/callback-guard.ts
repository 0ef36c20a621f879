import { randomInt } from 'node:crypto';
import { OaCryptoError, type OaMessageCrypto } from './message-crypto.js';
import type { ReplayGuard } from './replay-guard.js';
import { callbackSignature, verifyMsgSignature, verifySignature } from './signature.js';
import { encryptedPartOf, encryptedReplyXml } from './xml.js';

/** A callback that passed every check: the plain XML (or echostr) to act on, and whether the answer must be encrypted. */
export type OpenedCallback = { ok: true; text: string; encrypted: boolean };

/** A refused callback: the HTTP status, a short reason for the caller, and a hint for the operator when the setup may be wrong. */
export type RefusedCallback = { ok: false; status: 400 | 401 | 403; reason: string; hint?: string };

/** What the guard checks callbacks against. */
export type CallbackGuardOptions = {
  token: string;
  /** Set when WECHAT_OA_AES_KEY is: 安全模式, every message must be encrypted. */
  crypto?: OaMessageCrypto;
  replay: ReplayGuard;
  now: () => Date;
};

type Query = Record<string, unknown>;

const STALE_HINT =
  "a callback was refused: its timestamp is more than 5 minutes off this server's clock (a replay, or this server's clock is wrong: check NTP)";
const PLAIN_HINT =
  'a plaintext message was refused because WECHAT_OA_AES_KEY is set: set 消息加解密方式 to 安全模式 (or 兼容模式) under 服务器配置';

/** Checks each Official Account callback before anything acts on it: signature, timestamp age, nonce reuse and, in 安全模式, the encrypted body. */
export class OaCallbackGuard {
  constructor(private readonly options: CallbackGuardOptions) {}

  /** Whether encrypted 安全模式 is configured. */
  get safeMode(): boolean {
    return this.options.crypto !== undefined;
  }

  /** Opens a POSTed message: its plain XML, once signature, freshness and (in 安全模式) the encrypted body check out. */
  openMessage(query: Query, body: string): OpenedCallback | RefusedCallback {
    const { token, crypto } = this.options;
    if (!crypto) {
      // 明文模式, or 兼容模式 read through its plaintext copy: the signature covers neither the body nor the sender.
      if (!verifySignature(token, query)) return refuse(401, 'invalid signature');
      return this.admit(query) ?? { ok: true, text: body, encrypted: false };
    }
    if (String(query.encrypt_type ?? '').toLowerCase() !== 'aes') return refuse(403, 'encrypted messages only', PLAIN_HINT);
    const encrypted = encryptedPartOf(body);
    if (encrypted === undefined) return refuse(400, 'no encrypted part');
    return this.openEncrypted(query, encrypted, crypto);
  }

  /** Opens the URL check (GET with echostr): the text to echo. In 安全模式 with msg_signature the echostr is encrypted. */
  openEcho(query: Query): OpenedCallback | RefusedCallback {
    const echostr = typeof query.echostr === 'string' ? query.echostr : '';
    const { crypto } = this.options;
    if (crypto && query.msg_signature !== undefined) return this.openEncrypted(query, echostr, crypto);
    if (!verifySignature(this.options.token, query)) return refuse(401, 'invalid signature');
    return this.admit(query) ?? { ok: true, text: echostr, encrypted: false };
  }

  /** Encrypts a passive reply when the message came encrypted (安全模式 and 兼容模式 with a key); plain otherwise. */
  seal(xml: string, encrypted: boolean): string {
    const { crypto, token, now } = this.options;
    if (!encrypted || !crypto) return xml;
    const sealed = crypto.encrypt(xml);
    const timestamp = String(Math.floor(now().getTime() / 1000));
    const nonce = String(randomInt(100_000_000, 1_000_000_000));
    return encryptedReplyXml({ encrypted: sealed, signature: callbackSignature(token, timestamp, nonce, sealed), timestamp, nonce });
  }

  private openEncrypted(query: Query, encrypted: string, crypto: OaMessageCrypto): OpenedCallback | RefusedCallback {
    if (!verifyMsgSignature(this.options.token, query, encrypted)) return refuse(401, 'invalid signature');
    const refused = this.admit(query);
    if (refused) return refused;
    try {
      return { ok: true, text: crypto.decrypt(encrypted), encrypted: true };
    } catch (error) {
      if (!(error instanceof OaCryptoError)) throw error;
      return refuse(400, 'undecryptable', `an encrypted callback could not be opened: ${error.message}`);
    }
  }

  /** Refuses a stale timestamp or a replayed nonce; called only once the signature is right, so strangers cannot fill the memory. */
  private admit(query: Query): RefusedCallback | undefined {
    const verdict = this.options.replay.admit(String(query.timestamp), String(query.nonce), this.options.now().getTime());
    if (verdict === 'stale') return refuse(403, 'stale timestamp', STALE_HINT);
    if (verdict === 'replayed') return refuse(403, 'replayed nonce');
    return undefined;
  }
}

function refuse(status: RefusedCallback['status'], reason: string, hint?: string): RefusedCallback {
  return { ok: false, status, reason, ...(hint ? { hint } : {}) };
}
