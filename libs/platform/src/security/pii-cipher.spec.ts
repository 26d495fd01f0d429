import { createHmac } from 'node:crypto';
import { catchDomainError } from '@mi/domain';
import { PiiCipher } from './pii-cipher';

const K1 = Buffer.alloc(32, 1);
const K2 = Buffer.alloc(32, 2);
const HASH_KEY = Buffer.alloc(32, 7);
const ID_NUMBER = '43010219900101123X';

/** Replaces one dot-separated part of a token. */
function withPart(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

/** Flips the first bit of a base64url part. */
function flip(part: string): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[0] ^= 1;
  return bytes.toString('base64url');
}

describe('PiiCipher', () => {
  const sut = new PiiCipher({ keys: { k1: K1, k2: K2 }, activeKeyId: 'k2', hashKey: HASH_KEY });

  describe('encrypt / decrypt', () => {
    it('round-trips an ID number in the documented format', () => {
      const token = sut.encrypt(ID_NUMBER);
      expect(token).toMatch(/^v1\.k2\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(token.split('.')[2], 'base64url')).toHaveLength(12);
      expect(token).not.toContain(ID_NUMBER);
      expect(sut.decrypt(token)).toBe(ID_NUMBER);
    });

    it('round-trips non-ASCII text and the empty string', () => {
      expect(sut.decrypt(sut.encrypt('张三 湖南省长沙市'))).toBe('张三 湖南省长沙市');
      expect(sut.decrypt(sut.encrypt(''))).toBe('');
    });

    it('uses a fresh IV each time, so equal values encrypt differently', () => {
      const a = sut.encrypt(ID_NUMBER);
      const b = sut.encrypt(ID_NUMBER);
      expect(a).not.toBe(b);
      expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    });

    it('decrypts values encrypted under an older key still in the ring', () => {
      const old = new PiiCipher({ keys: { k1: K1 }, activeKeyId: 'k1', hashKey: HASH_KEY }).encrypt(ID_NUMBER);
      expect(old.startsWith('v1.k1.')).toBe(true);
      expect(sut.decrypt(old)).toBe(ID_NUMBER);
    });

    it('refuses a non-string plain value', () => {
      const error = catchDomainError(() => sut.encrypt(undefined as unknown as string));
      expect(error.code).toBe('VALIDATION');
      expect(error.details).toEqual({ field: 'plain', reason: 'must be a string' });
    });

    const refusals: [string, (token: string) => string, string][] = [
      ['a flipped ciphertext bit', (t) => withPart(t, 3, flip(t.split('.')[3])), 'authentication failed (tampered, or the wrong key)'],
      ['a flipped tag bit', (t) => withPart(t, 4, flip(t.split('.')[4])), 'authentication failed (tampered, or the wrong key)'],
      ['a flipped IV bit', (t) => withPart(t, 2, flip(t.split('.')[2])), 'authentication failed (tampered, or the wrong key)'],
      ['a key id swapped to another key', (t) => withPart(t, 1, 'k1'), 'authentication failed (tampered, or the wrong key)'],
      ['a truncated ciphertext', (t) => withPart(t, 3, t.split('.')[3].slice(0, 8)), 'authentication failed (tampered, or the wrong key)'],
      ['an unknown key id', (t) => withPart(t, 1, 'k9'), 'unknown key id k9'],
      ['a malformed key id', (t) => withPart(t, 1, 'k 1'), 'malformed key id'],
      ['another version', (t) => withPart(t, 0, 'v2'), 'malformed value (expected v1.<kid>.<iv>.<ciphertext>.<tag>)'],
      ['a missing part', (t) => t.split('.').slice(0, 4).join('.'), 'malformed value (expected v1.<kid>.<iv>.<ciphertext>.<tag>)'],
      ['the plain value', () => ID_NUMBER, 'malformed value (expected v1.<kid>.<iv>.<ciphertext>.<tag>)'],
      ['a short IV', (t) => withPart(t, 2, Buffer.alloc(8).toString('base64url')), 'malformed IV (expected 12 bytes)'],
      ['a non-base64url ciphertext', (t) => withPart(t, 3, 'ab+/'), 'malformed ciphertext'],
      ['a short tag', (t) => withPart(t, 4, Buffer.alloc(12).toString('base64url')), 'malformed tag (expected 16 bytes)'],
    ];

    it.each(refusals)('refuses %s with PII.DECRYPT_FAILED', (_name, tamper, reason) => {
      const error = catchDomainError(() => sut.decrypt(tamper(sut.encrypt(ID_NUMBER))));
      expect(error.code).toBe('PII.DECRYPT_FAILED');
      expect(error.details).toEqual({ field: 'ciphertext', reason });
      expect(error.message).not.toContain(ID_NUMBER);
    });

    it('refuses a value encrypted under a key of the same id but different bytes', () => {
      const foreign = new PiiCipher({ keys: { k2: Buffer.alloc(32, 9) }, activeKeyId: 'k2', hashKey: HASH_KEY }).encrypt(ID_NUMBER);
      expect(catchDomainError(() => sut.decrypt(foreign)).code).toBe('PII.DECRYPT_FAILED');
    });

    it('refuses a non-string token', () => {
      expect(catchDomainError(() => sut.decrypt(null as unknown as string)).details.reason).toBe('malformed value (not a string)');
    });
  });

  describe('lookupHash', () => {
    it('is the hex HMAC-SHA256 of the normalised value under the hash key', () => {
      const expected = createHmac('sha256', HASH_KEY).update(ID_NUMBER).digest('hex');
      expect(sut.lookupHash(ID_NUMBER)).toBe(expected);
      expect(expected).toMatch(/^[0-9a-f]{64}$/);
    });

    it('finds equal ID numbers regardless of case and surrounding spaces', () => {
      expect(sut.lookupHash(' 43010219900101123x\n')).toBe(sut.lookupHash(ID_NUMBER));
    });

    it('differs for different values and for a different hash key', () => {
      expect(sut.lookupHash('430102199001011234')).not.toBe(sut.lookupHash(ID_NUMBER));
      const other = new PiiCipher({ keys: { k1: K1 }, activeKeyId: 'k1', hashKey: Buffer.alloc(32, 8) });
      expect(other.lookupHash(ID_NUMBER)).not.toBe(sut.lookupHash(ID_NUMBER));
    });

    it('refuses a non-string value', () => {
      expect(catchDomainError(() => sut.lookupHash(42 as unknown as string)).details).toEqual({ field: 'value', reason: 'must be a string' });
    });
  });

  describe('needsReencrypt', () => {
    it('is false under the active key and true under an older one', () => {
      const old = new PiiCipher({ keys: { k1: K1 }, activeKeyId: 'k1', hashKey: HASH_KEY }).encrypt(ID_NUMBER);
      expect(sut.needsReencrypt(sut.encrypt(ID_NUMBER))).toBe(false);
      expect(sut.needsReencrypt(old)).toBe(true);
    });

    it('refuses a malformed value', () => {
      expect(catchDomainError(() => sut.needsReencrypt('nope')).code).toBe('PII.DECRYPT_FAILED');
    });
  });

  describe('configuration', () => {
    it.each([
      [{ keys: { k1: Buffer.alloc(31) }, activeKeyId: 'k1', hashKey: HASH_KEY }, 'piiKeys.k1', 'AES-256 key must be exactly 32 bytes, got 31'],
      [{ keys: { k1: Buffer.alloc(33) }, activeKeyId: 'k1', hashKey: HASH_KEY }, 'piiKeys.k1', 'AES-256 key must be exactly 32 bytes, got 33'],
      [{ keys: { 'k.1': K1 }, activeKeyId: 'k.1', hashKey: HASH_KEY }, 'piiKeys', 'malformed key id "k.1" (1-32 of A-Z a-z 0-9 _ -)'],
      [{ keys: { k1: K1 }, activeKeyId: 'k2', hashKey: HASH_KEY }, 'piiActiveKeyId', 'active key id "k2" is not in the key ring'],
      [{ keys: { k1: K1 }, activeKeyId: 'k1', hashKey: Buffer.alloc(16, 7) }, 'piiHashKey', 'must be at least 32 bytes'],
      [{ keys: { k1: K1 }, activeKeyId: 'k1', hashKey: Buffer.from(K1) }, 'piiHashKey', 'must differ from every encryption key'],
    ])('refuses %p with CONFIG.INVALID', (options, field, reason) => {
      const error = catchDomainError(() => new PiiCipher(options));
      expect(error.code).toBe('CONFIG.INVALID');
      expect(error.details).toEqual({ field, reason });
    });

    it('fromConfig builds a working cipher from strings', () => {
      const cipher = PiiCipher.fromConfig(`k1:${K1.toString('base64')},k2:${K2.toString('base64')}`, 'k2', HASH_KEY.toString('base64'));
      expect(cipher.decrypt(sut.encrypt(ID_NUMBER))).toBe(ID_NUMBER);
      expect(cipher.lookupHash(ID_NUMBER)).toBe(sut.lookupHash(ID_NUMBER));
    });

    it.each([
      ['', 'k1', HASH_KEY.toString('base64'), 'piiKeys'],
      [`k1:${Buffer.alloc(48).toString('base64')}`, 'k1', HASH_KEY.toString('base64'), 'piiKeys.k1'],
      [`k1:${K1.toString('base64')}`, 'k3', HASH_KEY.toString('base64'), 'piiActiveKeyId'],
      [`k1:${K1.toString('base64')}`, 'k1', 'not base64!', 'piiHashKey'],
      [`k1:${K1.toString('base64')}`, 'k1', '', 'piiHashKey'],
    ])('fromConfig refuses (%p, %p, %p) naming %s', (keys, active, hashKey, field) => {
      const error = catchDomainError(() => PiiCipher.fromConfig(keys, active, hashKey));
      expect(error.code).toBe('CONFIG.INVALID');
      expect(error.details.field).toBe(field);
    });
  });
});
