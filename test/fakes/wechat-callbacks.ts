import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';

/** How WeChat posts to the callback: 明文模式, 兼容模式 (plaintext plus an encrypted copy) or 安全模式 (encrypted only). */
export type CallbackMode = 'plain' | 'compat' | 'safe';

/** A timestamp (seconds) and nonce to sign with, when a test needs particular ones. */
export type Stamp = { timestamp?: string; nonce?: string };

/** A callback as WeChat would send it: the URL (path and signed query) and the body. */
export type FakeCallback = { url: string; query: Record<string, string>; body: string };

/** The Official Account settings the fake signs and encrypts with. */
export type FakeAccount = { path: string; token: string; appId: string; aesKey?: string; now?: () => number };

/**
 * WeChat's side of the callback, written from the published scheme (not from the adapter's code), so the adapter is checked against
 * an independent implementation: signatures, encrypted bodies (AES-256-CBC, PKCS#7 to 32 bytes) and opening encrypted replies.
 */
export class FakeWeChatCallbacks {
  constructor(private readonly account: FakeAccount) {}

  /** A POSTed message in the given mode; `xml` is the plaintext message. */
  message(xml: string, mode: CallbackMode = 'plain', stamp: Stamp = {}): FakeCallback {
    const { timestamp, nonce } = this.stamp(stamp);
    const query: Record<string, string> = { signature: this.sign(timestamp, nonce), timestamp, nonce };
    if (mode === 'plain') return this.callback(query, xml);
    const encrypted = this.encrypt(xml);
    const toUser = /<ToUserName><!\[CDATA\[(.*?)\]\]><\/ToUserName>/.exec(xml)?.[1] ?? '';
    const sealed = `<Encrypt><![CDATA[${encrypted}]]></Encrypt>`;
    // 兼容模式 sends the plaintext fields and the encrypted copy in one <xml>; 安全模式 only the addressee and the encrypted copy.
    const body =
      mode === 'compat'
        ? xml.replace(/<\/xml>\s*$/, `${sealed}</xml>`)
        : `<xml><ToUserName><![CDATA[${toUser}]]></ToUserName>${sealed}</xml>`;
    return this.callback({ ...query, encrypt_type: 'aes', msg_signature: this.sign(timestamp, nonce, encrypted) }, body);
  }

  /** The URL check (GET) for `echostr`; in 安全模式 the echostr is encrypted and signed with msg_signature. */
  urlCheck(echostr: string, mode: 'plain' | 'safe' = 'plain', stamp: Stamp = {}): FakeCallback {
    const { timestamp, nonce } = this.stamp(stamp);
    const query: Record<string, string> = { signature: this.sign(timestamp, nonce), timestamp, nonce };
    if (mode === 'plain') return this.callback({ ...query, echostr }, '');
    const encrypted = this.encrypt(echostr);
    return this.callback({ ...query, echostr: encrypted, msg_signature: this.sign(timestamp, nonce, encrypted) }, '');
  }

  /** Opens an encrypted passive reply as WeChat would: checks its MsgSignature and returns the XML inside and the AppID it names. */
  openReply(body: string): { xml: string; appId: string } {
    const field = (name: string) => new RegExp(`<${name}>(?:<!\\[CDATA\\[)?(.*?)(?:\\]\\]>)?</${name}>`).exec(body)?.[1] ?? '';
    const encrypted = field('Encrypt');
    if (!encrypted) throw new Error(`not an encrypted reply: ${body}`);
    if (this.sign(field('TimeStamp'), field('Nonce'), encrypted) !== field('MsgSignature')) throw new Error('the reply signature is wrong');
    return this.decrypt(encrypted);
  }

  /** Encrypts as WeChat does: random(16) + length(4, big-endian) + text + AppID, padded to 32 bytes, AES-256-CBC, base64. */
  encrypt(text: string, appId = this.account.appId): string {
    const key = this.key();
    const body = Buffer.from(text, 'utf8');
    const length = Buffer.from([body.length >>> 24, (body.length >>> 16) & 255, (body.length >>> 8) & 255, body.length & 255]);
    const plain = Buffer.concat([randomBytes(16), length, body, Buffer.from(appId, 'utf8')]);
    const padding = 32 - (plain.length % 32);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(padding, padding)])), cipher.final()]).toString('base64');
  }

  /** Decrypts a base64 encrypted part. */
  decrypt(encrypted: string): { xml: string; appId: string } {
    const key = this.key();
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const padded = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
    const plain = padded.subarray(0, padded.length - (padded.at(-1) ?? 0));
    const length = plain.readUInt32BE(16);
    return { xml: plain.subarray(20, 20 + length).toString('utf8'), appId: plain.subarray(20 + length).toString('utf8') };
  }

  /** WeChat's signature: SHA-1 over the token and the parts, sorted as strings and joined. */
  sign(...parts: string[]): string {
    return createHash('sha1')
      .update([this.account.token, ...parts].sort().join(''))
      .digest('hex');
  }

  private key(): Buffer {
    if (!this.account.aesKey) throw new Error('this fake account has no EncodingAESKey');
    return Buffer.from(`${this.account.aesKey}=`, 'base64');
  }

  private stamp(stamp: Stamp): { timestamp: string; nonce: string } {
    const now = this.account.now?.() ?? Date.now();
    return { timestamp: stamp.timestamp ?? String(Math.floor(now / 1000)), nonce: stamp.nonce ?? String(randomInt(1e9)) };
  }

  private callback(query: Record<string, string>, body: string): FakeCallback {
    return { url: `${this.account.path}?${new URLSearchParams(query)}`, query, body };
  }
}
