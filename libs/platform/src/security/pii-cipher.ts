import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { DomainError } from '@mi/domain';
import { decodeBase64Strict, decodeBase64Url, isKeyId, parseKeyring } from './actor-token';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_HASH_KEY_BYTES = 32;

function configError(field: string, reason: string): DomainError {
  return new DomainError('CONFIG.INVALID', `${field}: ${reason}`, { field, reason });
}

function decryptFailed(reason: string): DomainError {
  return new DomainError('PII.DECRYPT_FAILED', `personal data could not be decrypted: ${reason}`, { field: 'ciphertext', reason });
}

export interface PiiCipherOptions {
  /** Key id → AES-256 key (exactly 32 bytes). Old keys stay to decrypt old rows. */
  keys: Record<string, Buffer>;
  /** The key new values are encrypted with. */
  activeKeyId: string;
  /** HMAC key for {@link PiiCipher.lookupHash}; separate from every encryption key. */
  hashKey: Buffer;
}

interface ParsedToken {
  kid: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * Field encryption for personal identifiers (身份证号 etc., 个人信息保护法 PIPL): AES-256-GCM with
 * a random 12-byte IV per value, stored as `v1.<kid>.<iv>.<ciphertext>.<tag>` (base64url). The
 * key id travels with the value so keys can rotate: decrypt with any key in the ring, encrypt with
 * the active one, {@link needsReencrypt} finds rows still under an old key. `v1.<kid>` is bound
 * in as additional authenticated data, so the header cannot be edited either.
 *
 * Equality search goes through {@link lookupHash} (a keyed hash in its own column), never by
 * decrypting.
 */
export class PiiCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly activeKeyId: string;
  private readonly hashKey: Buffer;

  constructor(options: PiiCipherOptions) {
    const ring = new Map<string, Buffer>();
    for (const [kid, key] of Object.entries(options.keys)) {
      if (!isKeyId(kid)) throw configError('piiKeys', `malformed key id ${JSON.stringify(kid)} (1-32 of A-Z a-z 0-9 _ -)`);
      if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
        throw configError(`piiKeys.${kid}`, `AES-256 key must be exactly ${KEY_BYTES} bytes, got ${Buffer.isBuffer(key) ? key.length : 'no buffer'}`);
      }
      ring.set(kid, Buffer.from(key));
    }
    if (!ring.has(options.activeKeyId)) {
      throw configError('piiActiveKeyId', `active key id ${JSON.stringify(options.activeKeyId)} is not in the key ring`);
    }
    if (!Buffer.isBuffer(options.hashKey) || options.hashKey.length < MIN_HASH_KEY_BYTES) {
      throw configError('piiHashKey', `must be at least ${MIN_HASH_KEY_BYTES} bytes`);
    }
    if ([...ring.values()].some((key) => key.equals(options.hashKey))) {
      throw configError('piiHashKey', 'must differ from every encryption key');
    }
    this.keys = ring;
    this.activeKeyId = options.activeKeyId;
    this.hashKey = Buffer.from(options.hashKey);
  }

  /** Builds a cipher from config text: `k1:<base64 32 bytes>,k2:…`, the active id, and a base64 hash key. */
  static fromConfig(keysString: string, activeKeyId: string, hashKeyBase64: string): PiiCipher {
    const keys = parseKeyring(keysString, 'piiKeys', KEY_BYTES);
    if (typeof hashKeyBase64 !== 'string') throw configError('piiHashKey', 'is not valid base64');
    return new PiiCipher({ keys, activeKeyId, hashKey: decodeBase64Strict(hashKeyBase64, 'piiHashKey') });
  }

  /** Encrypts `plain` under the active key with a fresh random IV. */
  encrypt(plain: string): string {
    if (typeof plain !== 'string') throw new DomainError('VALIDATION', 'plain: must be a string', { field: 'plain', reason: 'must be a string' });
    const kid = this.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(kid), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(kid));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, kid, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** Decrypts a value made by {@link encrypt} under any key in the ring; refuses anything altered with `PII.DECRYPT_FAILED`. */
  decrypt(token: string): string {
    const { kid, iv, ciphertext, tag } = parse(token);
    const key = this.keys.get(kid);
    if (key === undefined) throw decryptFailed(`unknown key id ${kid}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(kid));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw decryptFailed('authentication failed (tampered, or the wrong key)');
    }
  }

  /**
   * Lowercase hex HMAC-SHA256 of the normalised value (trimmed, upper-cased, so `…123x` and
   * `…123X` match). Deterministic by design: store it beside the ciphertext to find equal ID
   * numbers without decrypting.
   */
  lookupHash(value: string): string {
    if (typeof value !== 'string') throw new DomainError('VALIDATION', 'value: must be a string', { field: 'value', reason: 'must be a string' });
    return createHmac('sha256', this.hashKey).update(value.trim().toUpperCase(), 'utf8').digest('hex');
  }

  /** True when `token` was encrypted under a key other than the active one; refuses a malformed token. */
  needsReencrypt(token: string): boolean {
    return parse(token).kid !== this.activeKeyId;
  }

  private key(kid: string): Buffer {
    const key = this.keys.get(kid);
    if (key === undefined) throw decryptFailed(`unknown key id ${kid}`);
    return key;
  }
}

function aad(kid: string): Buffer {
  return Buffer.from(`${VERSION}.${kid}`, 'utf8');
}

function parse(token: string): ParsedToken {
  if (typeof token !== 'string') throw decryptFailed('malformed value (not a string)');
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw decryptFailed(`malformed value (expected ${VERSION}.<kid>.<iv>.<ciphertext>.<tag>)`);
  const [, kid, ivText, ciphertextText, tagText] = parts;
  if (!isKeyId(kid)) throw decryptFailed('malformed key id');
  const iv = decodeBase64Url(ivText);
  const ciphertext = decodeBase64Url(ciphertextText);
  const tag = decodeBase64Url(tagText);
  if (iv === null || iv.length !== IV_BYTES) throw decryptFailed(`malformed IV (expected ${IV_BYTES} bytes)`);
  if (ciphertext === null) throw decryptFailed('malformed ciphertext');
  if (tag === null || tag.length !== TAG_BYTES) throw decryptFailed(`malformed tag (expected ${TAG_BYTES} bytes)`);
  return { kid, iv, ciphertext, tag };
}
