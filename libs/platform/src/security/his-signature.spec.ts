import { createHash } from 'node:crypto';
import { catchDomainError } from '@mi/domain';
import { canonicalRequest, compatibleSignature, signaturesEqual, strongSignature, type HisSignatureAlgorithm } from './his-signature';

/** HMAC (RFC 2104) built by hand from the plain hash, as an independent check of createHmac. */
function manualHmac(algorithm: 'sha256' | 'sm3', key: string, message: string): string {
  const blockSize = 64;
  let k = Buffer.from(key, 'utf8');
  if (k.length > blockSize) k = createHash(algorithm).update(k).digest();
  k = Buffer.concat([k, Buffer.alloc(blockSize - k.length)]);
  const ipad = Buffer.from(k.map((byte) => byte ^ 0x36));
  const opad = Buffer.from(k.map((byte) => byte ^ 0x5c));
  const inner = createHash(algorithm).update(ipad).update(message, 'utf8').digest();
  return createHash(algorithm).update(opad).update(inner).digest('hex');
}

const TIMESTAMP = '1700000000';
const NONCE = 'n0nce';
const PATH = '/fsi/api/rsfComIfsService/callService/3101';
const BODY = '{"infno":"3101"}';
const BODY_SHA256 = 'eb09cbf8c0d69a64d704701b6c3dce47c7b5f479d034440d48bdb7843bd1c545';
const CANONICAL = `POST\n${PATH}\n${TIMESTAMP}\n${NONCE}\n${BODY_SHA256}`;

describe('HIS gateway signatures', () => {
  describe('compatibleSignature', () => {
    it('matches the known answer for fixed inputs', () => {
      expect(compatibleSignature(TIMESTAMP, 'paas-token-123', NONCE)).toBe('ba7e1eb067cdac498b4174c915f552aef98e4b59311253344c48593124d3551e');
    });

    it('is SHA-256 of timestamp + token + nonce + timestamp, in lowercase hex', () => {
      const independent = createHash('sha256').update('1700000000paas-token-123n0nce1700000000').digest('hex');
      expect(compatibleSignature(TIMESTAMP, 'paas-token-123', NONCE)).toBe(independent);
    });

    it('changes with every input, including the order of token and nonce', () => {
      const base = compatibleSignature(TIMESTAMP, 'paas-token-123', NONCE);
      expect(compatibleSignature('1700000001', 'paas-token-123', NONCE)).not.toBe(base);
      expect(compatibleSignature(TIMESTAMP, 'paas-token-124', NONCE)).not.toBe(base);
      expect(compatibleSignature(TIMESTAMP, 'paas-token-123', 'n0nc3')).not.toBe(base);
      expect(compatibleSignature(TIMESTAMP, NONCE, 'paas-token-123')).not.toBe(base);
    });
  });

  describe('canonicalRequest', () => {
    it('joins upper-cased method, path, timestamp, nonce and the body SHA-256 with newlines', () => {
      expect(canonicalRequest({ method: 'post', path: PATH, timestamp: TIMESTAMP, nonce: NONCE, body: BODY })).toBe(CANONICAL);
      expect(createHash('sha256').update(BODY).digest('hex')).toBe(BODY_SHA256);
    });

    it('hashes a Buffer body like the same string, and an empty body as SHA-256 of nothing', () => {
      expect(canonicalRequest({ method: 'POST', path: PATH, timestamp: TIMESTAMP, nonce: NONCE, body: Buffer.from(BODY, 'utf8') })).toBe(CANONICAL);
      expect(canonicalRequest({ method: 'GET', path: '/h', timestamp: TIMESTAMP, nonce: NONCE, body: '' })).toBe(
        'GET\n/h\n1700000000\nn0nce\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      );
    });

    it.each(['method', 'path', 'timestamp', 'nonce'] as const)('refuses a line break in %s', (field) => {
      const input = { method: 'POST', path: PATH, timestamp: TIMESTAMP, nonce: NONCE, body: BODY, [field]: 'a\nb' };
      const error = catchDomainError(() => canonicalRequest(input));
      expect(error.code).toBe('VALIDATION');
      expect(error.details).toEqual({ field, reason: 'must not contain a line break' });
    });

    it.each(['method', 'path', 'timestamp', 'nonce'] as const)('refuses an empty %s', (field) => {
      const input = { method: 'POST', path: PATH, timestamp: TIMESTAMP, nonce: NONCE, body: BODY, [field]: '' };
      expect(catchDomainError(() => canonicalRequest(input)).details).toEqual({ field, reason: 'is required' });
    });

    it('refuses a body that is neither string nor Buffer', () => {
      const input = { method: 'POST', path: PATH, timestamp: TIMESTAMP, nonce: NONCE, body: { infno: '3101' } as unknown as string };
      expect(catchDomainError(() => canonicalRequest(input)).details).toEqual({ field: 'body', reason: 'must be a string or Buffer' });
    });
  });

  describe('strongSignature', () => {
    it.each([
      ['HMAC-SHA256', 'sha256', '7f01de858169bdb414f5b3b3048b9f19065b6153689e07c24510586fa44f9977'],
      ['HMAC-SM3', 'sm3', '8d4785cac5ab8008281c5e4ab276a2b6ede30d7c288ba3f7770581e9c3de6afa'],
    ] as const)('%s matches the known answer and a hand-built HMAC', (algorithm, hash, expected) => {
      const sut = strongSignature(algorithm, 'his-secret', CANONICAL);
      expect(sut).toBe(expected);
      expect(sut).toBe(manualHmac(hash, 'his-secret', CANONICAL));
    });

    it('HMAC-SHA256 reproduces RFC 4231 test case 2', () => {
      expect(strongSignature('HMAC-SHA256', 'Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    });

    it('the runtime SM3 matches the GB/T 32905 test vector', () => {
      expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    });

    it('refuses an empty secret', () => {
      expect(catchDomainError(() => strongSignature('HMAC-SM3', '', CANONICAL)).details).toEqual({ field: 'secret', reason: 'must not be empty' });
    });

    it('refuses an unknown algorithm arriving from config', () => {
      const error = catchDomainError(() => strongSignature('HMAC-MD5' as HisSignatureAlgorithm, 'his-secret', CANONICAL));
      expect(error.code).toBe('VALIDATION');
      expect(error.details).toEqual({ field: 'algorithm', reason: 'unsupported algorithm' });
    });
  });

  describe('signaturesEqual', () => {
    const signature = '7f01de858169bdb414f5b3b3048b9f19065b6153689e07c24510586fa44f9977';

    it('is true for identical strings', () => {
      expect(signaturesEqual(signature, `${signature}`)).toBe(true);
    });

    it('is false for a one-character difference, a length mismatch, or different case', () => {
      expect(signaturesEqual(signature, `${signature.slice(0, -1)}8`)).toBe(false);
      expect(signaturesEqual(signature, signature.slice(0, -1))).toBe(false);
      expect(signaturesEqual(signature, '')).toBe(false);
      expect(signaturesEqual(signature, signature.toUpperCase())).toBe(false);
    });

    it('is false, not an error, for non-string input', () => {
      expect(signaturesEqual(signature, undefined as unknown as string)).toBe(false);
    });
  });
});
