import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** An encrypted callback part that does not decrypt to a message for our account; the message says what to check. */
export class OaCryptoError extends Error {}

// WeChat pads to multiples of 32 bytes (PKCS#7 with K = 32), not to the AES block size.
const PAD_BLOCK = 32;
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;

/** WeChat's 安全模式 message encryption: AES-256-CBC with the EncodingAESKey, over random(16) + length(4, big-endian) + XML + AppID. */
export class OaMessageCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  /** Takes the 43-character EncodingAESKey and the account's AppID (every decrypted message must name it). */
  constructor(
    encodingAesKey: string,
    private readonly appId: string,
  ) {
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    if (encodingAesKey.length !== 43 || this.key.length !== 32)
      throw new OaCryptoError('the EncodingAESKey must be 43 letters or digits (WECHAT_OA_AES_KEY)');
    this.iv = this.key.subarray(0, 16);
  }

  /** The XML inside a base64 <Encrypt> value; throws OaCryptoError when it is not ours or not well formed. */
  decrypt(encrypted: string): string {
    const sealed = Buffer.from(encrypted, 'base64');
    if (sealed.length === 0 || sealed.length % PAD_BLOCK !== 0) throw new OaCryptoError('the encrypted part has a wrong length');
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    const padded = Buffer.concat([decipher.update(sealed), decipher.final()]);
    const plain = unpad(padded);
    if (plain.length < RANDOM_BYTES + LENGTH_BYTES) throw new OaCryptoError('the encrypted part is too short');
    const length = plain.readUInt32BE(RANDOM_BYTES);
    const start = RANDOM_BYTES + LENGTH_BYTES;
    if (start + length > plain.length) throw new OaCryptoError('the encrypted part is cut short (wrong EncodingAESKey?)');
    const appId = plain.subarray(start + length).toString('utf8');
    if (appId !== this.appId) throw new OaCryptoError('the message is for another account (check WECHAT_OA_APP_ID and WECHAT_OA_AES_KEY)');
    return plain.subarray(start, start + length).toString('utf8');
  }

  /** The base64 <Encrypt> value for a reply; `random` is for tests that need a fixed output. */
  encrypt(xml: string, random: Buffer = randomBytes(RANDOM_BYTES)): string {
    const body = Buffer.from(xml, 'utf8');
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32BE(body.length);
    const plain = Buffer.concat([random.subarray(0, RANDOM_BYTES), length, body, Buffer.from(this.appId, 'utf8')]);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(pad(plain)), cipher.final()]).toString('base64');
  }
}

function pad(plain: Buffer): Buffer {
  const count = PAD_BLOCK - (plain.length % PAD_BLOCK);
  return Buffer.concat([plain, Buffer.alloc(count, count)]);
}

function unpad(padded: Buffer): Buffer {
  const count = padded[padded.length - 1] ?? 0;
  if (count < 1 || count > PAD_BLOCK || padded.subarray(padded.length - count).some((byte) => byte !== count))
    throw new OaCryptoError('the encrypted part has bad padding (wrong EncodingAESKey?)');
  return padded.subarray(0, padded.length - count);
}
