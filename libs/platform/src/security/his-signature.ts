import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@mi/domain';

/**
 * NHSA gateway header signatures (`x-tif-signature`, see NHSA-INTERFACES.md §1). The gateway
 * verifies with these; HIS simulators sign with them.
 */

/** Signature algorithms for the strong scheme; SM3 is the 国密 option (GM/T 0004). */
export type HisSignatureAlgorithm = 'HMAC-SHA256' | 'HMAC-SM3';

const HMAC_DIGEST: Record<HisSignatureAlgorithm, string> = { 'HMAC-SHA256': 'sha256', 'HMAC-SM3': 'sm3' };

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The signature national HIS clients send today: lowercase hex SHA-256 of
 * `timestamp + paasToken + nonce + timestamp`. Weak (no body, no path; the token is a shared
 * password) — accepted for compatibility, not recommended.
 */
export function compatibleSignature(timestamp: string, paasToken: string, nonce: string): string {
  return sha256Hex(`${timestamp}${paasToken}${nonce}${timestamp}`);
}

export interface CanonicalRequestInput {
  method: string;
  path: string;
  timestamp: string;
  nonce: string;
  body: string | Buffer;
}

/**
 * The string the strong scheme signs: `METHOD\npath\ntimestamp\nnonce\nhex(sha256(body))`.
 * A newline inside any field is refused (`VALIDATION`): it would let two different requests
 * share one canonical string.
 */
export function canonicalRequest({ method, path, timestamp, nonce, body }: CanonicalRequestInput): string {
  const fields = { method, path, timestamp, nonce };
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value !== 'string' || value === '') {
      throw new DomainError('VALIDATION', `${field}: is required for the request signature`, { field, reason: 'is required' });
    }
    if (/[\r\n]/.test(value)) {
      throw new DomainError('VALIDATION', `${field}: must not contain a line break`, { field, reason: 'must not contain a line break' });
    }
  }
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
    throw new DomainError('VALIDATION', 'body: must be a string or Buffer', { field: 'body', reason: 'must be a string or Buffer' });
  }
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${nonce}\n${sha256Hex(body)}`;
}

/** Lowercase hex HMAC of `canonical` under `secret` (UTF-8) with SHA-256 or SM3. */
export function strongSignature(algorithm: HisSignatureAlgorithm, secret: string, canonical: string): string {
  const digest = HMAC_DIGEST[algorithm];
  if (digest === undefined) {
    throw new DomainError('VALIDATION', `algorithm: must be HMAC-SHA256 or HMAC-SM3`, { field: 'algorithm', reason: 'unsupported algorithm' });
  }
  if (typeof secret !== 'string' || secret === '') {
    throw new DomainError('VALIDATION', 'secret: must not be empty', { field: 'secret', reason: 'must not be empty' });
  }
  return createHmac(digest, secret).update(canonical, 'utf8').digest('hex');
}

/** Constant-time string comparison (UTF-8 bytes); false when the lengths differ. Case-sensitive. */
export function signaturesEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
