import { createHmac, createSecretKey, type ScryptOptions, scrypt } from 'node:crypto';

/**
 * Keyed, slow hashes of ID numbers: the same person always hashes the same under one key, nobody without the key can
 * test guesses, and somebody with the key pays a scrypt per guess instead of an HMAC.
 */
export type Hasher = {
  /** The stretched hash of the full ID number, upper-cased: de-duplication and exact lookup. */
  idHash(id: string): Promise<string>;
  /** The stretched hash of `name|last6`: the chat verification key (name trimmed, spaces removed; tail upper-cased). */
  verifyHash(name: string, last6: string): Promise<string>;
  /** HMAC-SHA256 (hex) of another secret or personal value, under a purpose label so no two uses can collide. */
  keyed(purpose: string, text: string): string;
};

/** What a stored hash is for; each purpose has its own scrypt salt, so one cannot stand in for the other. */
export type HashPurpose = 'id' | 'verify';

/** The start of every stretched hash; a bare 64-hex-digit value is an HMAC stored before hashes were stretched. */
export const STRETCHED_PREFIX = 's1:';

/**
 * scrypt cost per purpose, chosen by measurement (figures in the README's "Security and privacy"). Name + last 6 has
 * at most 341,000 values, so no affordable cost stops a key holder from trying them all; it gets what a 100,000-row
 * import can pay (~0.2 ms, ~60× an HMAC). A full ID number has ~3×10⁷ values even with the county known, so a ~20×
 * stretch already makes it the costlier way in; it stays cheap because every re-imported row pays it again.
 */
const COST: Record<HashPurpose, ScryptOptions> = { id: { N: 16, r: 8, p: 1 }, verify: { N: 64, r: 8, p: 1 } };

/** A Hasher over the given secret: HMAC-SHA256 under the key, then scrypt over the HMAC. */
export function createHasher(key: string): Hasher {
  // A KeyObject is prepared once; passing the raw string re-imports the key on every hash (2× slower).
  const secret = createSecretKey(Buffer.from(key, 'utf8'));
  const hmac = (text: string) => createHmac('sha256', secret).update(text, 'utf8').digest('hex');
  return {
    idHash: (id) => stretchHash('id', hmac(id.trim().toUpperCase())),
    verifyHash: (name, last6) => stretchHash('verify', hmac(`${normaliseName(name)}|${last6.trim().toUpperCase()}`)),
    // A NUL never occurs in an ID number or a name, so these inputs cannot equal an idHash or verifyHash input.
    keyed: (purpose, text) => hmac(`\u0000${purpose}\u0000${text}`),
  };
}

/** scrypt over an HMAC (hex): what createHasher stores, and how a stored legacy HMAC is upgraded without the ID. */
export function stretchHash(purpose: HashPurpose, hmacHex: string): Promise<string> {
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(hmacHex, 'hex'), `bangfu:${purpose}`, 32, COST[purpose], (error, derived) => {
      if (error) reject(error);
      else resolve(`${STRETCHED_PREFIX}${derived.toString('hex')}`);
    });
  });
}

/** Whether a stored hash is a bare HMAC-SHA256 (hex) from before hashes were stretched. */
export function isLegacyHash(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/** A person's name as typed or imported, in the one form that is hashed (NFKC, no spaces). */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}
