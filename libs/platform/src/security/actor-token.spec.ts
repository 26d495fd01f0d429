import { createHmac } from 'node:crypto';
import { catchDomainError } from '@mi/domain';
import type { Actor, HisActor, PortalActor } from './actor';
import { ActorTokenCodec, parseActor, parseKeyring } from './actor-token';

const K1 = Buffer.alloc(32, 1);
const K2 = Buffer.alloc(48, 2);
const NOW = 1_700_000_000_000;
const user: PortalActor = { kind: 'user', id: 'u-1', username: 'zhangsan', roles: ['reviewer', 'auditor'], scope: '430100', sessionId: 's-1' };
const his: HisActor = { kind: 'his', id: 'his-1', institutionCode: 'H43010200001', scope: '430102' };

/** Re-signs an arbitrary payload with K1, to test what verify does with a correctly signed but bad payload. */
function forge(payload: unknown, kid = 'k1', key = K1): string {
  const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8').toString('base64url');
  const signed = `v1.${kid}.${body}`;
  return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
}

describe('ActorTokenCodec', () => {
  const sut = new ActorTokenCodec({ k1: K1, k2: K2 }, 'k1');

  describe('sign', () => {
    it('produces the documented wire format (known answer)', () => {
      const token = new ActorTokenCodec({ k1: K1 }, 'k1').sign(his, { nowMs: NOW, ttlMs: 30_000, requestId: 'req-1' });
      expect(token).toBe(
        'v1.k1.eyJhIjp7ImtpbmQiOiJoaXMiLCJpZCI6Imhpcy0xIiwiaW5zdGl0dXRpb25Db2RlIjoiSDQzMDEwMjAwMDAxIiwic2NvcGUiOiI0MzAxMDIifSwiaWF0IjoxNzAwMDAwMDAwMDAwLCJleHAiOjE3MDAwMDAwMzAwMDAsInJpZCI6InJlcS0xIn0.G1RPoo2tNqrfDy8HVQ-SKwTym7kUTGsKVK7i2UD8M-g',
      );
      const [version, kid, payload, signature] = token.split('.');
      expect([version, kid]).toEqual(['v1', 'k1']);
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))).toEqual({ a: his, iat: NOW, exp: NOW + 30_000, rid: 'req-1' });
      expect(signature).toBe(createHmac('sha256', K1).update(`v1.k1.${payload}`).digest('base64url'));
    });

    it('omits rid when there is no request id', () => {
      const payload = sut.sign(his, { nowMs: NOW, ttlMs: 1000 }).split('.')[2];
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))).toEqual({ a: his, iat: NOW, exp: NOW + 1000 });
    });

    it('refuses an actor with extra properties, so nothing unvalidated is signed', () => {
      const withExtra = { ...his, password: 'x' } as HisActor;
      expect(catchDomainError(() => sut.sign(withExtra, { nowMs: NOW, ttlMs: 1000 })).details).toEqual({
        field: 'actor',
        reason: 'unexpected actor field password',
      });
    });

    it.each([
      [{ nowMs: Number.NaN, ttlMs: 1000 }, 'nowMs'],
      [{ nowMs: NOW, ttlMs: 0 }, 'ttlMs'],
      [{ nowMs: NOW, ttlMs: -5 }, 'ttlMs'],
      [{ nowMs: NOW, ttlMs: 1000, requestId: '' }, 'requestId'],
    ])('refuses bad options %p (field %s)', (opts, field) => {
      const error = catchDomainError(() => sut.sign(his, opts));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe(field);
    });

    it('refuses to sign an actor verify would reject', () => {
      const error = catchDomainError(() => sut.sign({ ...user, scope: '' }, { nowMs: NOW, ttlMs: 1000 }));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.reason).toBe('actor.scope must be a 6-digit region code');
    });
  });

  describe('verify', () => {
    it.each<[string, Actor]>([
      ['a portal user', user],
      ['a HIS', his],
      ['an unrestricted system actor', { kind: 'system', id: 'svc:fund-pooling', scope: '' }],
      ['a scoped system actor', { kind: 'system', id: 'svc:fund-pooling', scope: '430000' }],
    ])('round-trips %s', (_name, actor) => {
      const token = sut.sign(actor, { nowMs: NOW, ttlMs: 5000, requestId: 'req-9' });
      expect(sut.verify(token, NOW + 4999)).toEqual({ actor, requestId: 'req-9' });
    });

    it('remembers a verified token only until it expires, hands out copies and still refuses its forgeries', () => {
      const codec = new ActorTokenCodec({ k1: K1 }, 'k1');
      const token = codec.sign(user, { nowMs: NOW, ttlMs: 5000, requestId: 'req-7' });
      const first = codec.verify(token, NOW);
      (first.actor as PortalActor).roles.push('province-admin');
      (first.actor as PortalActor).scope = '430000';
      // The second answer (from memory) is the token's actor, not what the first caller made of it.
      expect(codec.verify(token, NOW + 1000)).toEqual({ actor: user, requestId: 'req-7' });
      expect(catchDomainError(() => codec.verify(token, NOW + 5000))?.details).toMatchObject({ reason: 'expired' });
      const flipped = token.slice(0, -2) + (token.endsWith('A') ? 'B' : 'A') + token.slice(-1);
      expect(catchDomainError(() => codec.verify(flipped, NOW + 1000))?.details).toMatchObject({ reason: 'bad signature' });
      const otherKey = new ActorTokenCodec({ k1: K2 }, 'k1');
      expect(catchDomainError(() => otherKey.verify(token, NOW))?.details).toMatchObject({ reason: 'bad signature' });
    });

    it('returns no requestId when none was signed', () => {
      expect(sut.verify(sut.sign(his, { nowMs: NOW, ttlMs: 5000 }), NOW)).toEqual({ actor: his });
    });

    it('verifies tokens signed with a non-active key still in the ring (rotation)', () => {
      const old = new ActorTokenCodec({ k2: K2 }, 'k2').sign(his, { nowMs: NOW, ttlMs: 5000 });
      expect(sut.verify(old, NOW).actor).toEqual(his);
    });

    it('tolerates a small clock skew between signer and verifier', () => {
      expect(sut.verify(sut.sign(his, { nowMs: NOW + 30_000, ttlMs: 60_000 }), NOW).actor).toEqual(his);
    });

    const refusals: [string, () => string, string][] = [
      ['no dots', () => 'garbage', 'malformed token'],
      ['three parts', () => 'v1.k1.abc', 'malformed token'],
      ['another version', () => sut.sign(his, { nowMs: NOW, ttlMs: 5000 }).replace(/^v1/, 'v2'), 'malformed token'],
      ['an unknown key id', () => new ActorTokenCodec({ k9: K1 }, 'k9').sign(his, { nowMs: NOW, ttlMs: 5000 }), 'unknown key id k9'],
      ['a malformed key id', () => forge({}, '__proto__'), 'unknown key id (malformed)'],
      ['a key id swapped to another key in the ring', () => sut.sign(his, { nowMs: NOW, ttlMs: 5000 }).replace('v1.k1.', 'v1.k2.'), 'bad signature'],
      ['a signature from another key', () => forge({ a: his, iat: NOW, exp: NOW + 5000 }, 'k1', Buffer.alloc(32, 9)), 'bad signature'],
      [
        'an edited payload',
        () => {
          const [v, kid, payload, signature] = sut.sign(his, { nowMs: NOW, ttlMs: 5000 }).split('.');
          const edited = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('430102', '430000')).toString('base64url');
          return [v, kid, edited, signature].join('.');
        },
        'bad signature',
      ],
      ['a truncated signature', () => sut.sign(his, { nowMs: NOW, ttlMs: 5000 }).slice(0, -2), 'bad signature'],
      ['a non-base64url signature', () => `${sut.sign(his, { nowMs: NOW, ttlMs: 5000 }).slice(0, -1)}=`, 'bad signature'],
      ['an expired token', () => sut.sign(his, { nowMs: NOW - 5000, ttlMs: 5000 }), 'expired'],
      ['a token issued in the future', () => sut.sign(his, { nowMs: NOW + 120_000, ttlMs: 5000 }), 'issued in the future'],
      ['a payload that is not JSON', () => forge('not json'), 'malformed payload'],
      ['a payload that is an array', () => forge([his]), 'malformed payload'],
      ['missing times', () => forge({ a: his }), 'malformed payload times'],
      ['exp before iat', () => forge({ a: his, iat: NOW, exp: NOW - 1 }), 'malformed payload times'],
      ['a numeric request id', () => forge({ a: his, iat: NOW, exp: NOW + 5000, rid: 7 }), 'malformed request id'],
      ['no actor', () => forge({ iat: NOW, exp: NOW + 5000 }), 'invalid actor shape: actor is not an object'],
      [
        'an unknown kind',
        () => forge({ a: { ...his, kind: 'robot' }, iat: NOW, exp: NOW + 5000 }),
        'invalid actor shape: actor.kind must be user, his or system',
      ],
      ['an extra field', () => forge({ a: { ...his, admin: true }, iat: NOW, exp: NOW + 5000 }), 'invalid actor shape: unexpected actor field admin'],
      [
        'a missing field',
        () => forge({ a: { kind: 'his', id: 'h', scope: '430102' }, iat: NOW, exp: NOW + 5000 }),
        'invalid actor shape: actor.institutionCode must be a non-empty string of at most 256 characters',
      ],
      [
        'an empty id',
        () => forge({ a: { ...his, id: '' }, iat: NOW, exp: NOW + 5000 }),
        'invalid actor shape: actor.id must be a non-empty string of at most 256 characters',
      ],
      [
        'an unknown role',
        () => forge({ a: { ...user, roles: ['reviewer', 'superuser'] }, iat: NOW, exp: NOW + 5000 }),
        'invalid actor shape: actor.roles contains unknown role "superuser"',
      ],
      [
        'duplicate roles',
        () => forge({ a: { ...user, roles: ['reviewer', 'reviewer'] }, iat: NOW, exp: NOW + 5000 }),
        'invalid actor shape: actor.roles contains a duplicate',
      ],
      [
        'roles not an array',
        () => forge({ a: { ...user, roles: 'reviewer' }, iat: NOW, exp: NOW + 5000 }),
        'invalid actor shape: actor.roles must be an array',
      ],
      [
        'an empty user scope',
        () => forge({ a: { ...user, scope: '' }, iat: NOW, exp: NOW + 5000 }),
        'invalid actor shape: actor.scope must be a 6-digit region code',
      ],
      [
        'a 4-digit scope',
        () => forge({ a: { ...his, scope: '4301' }, iat: NOW, exp: NOW + 5000 }),
        'invalid actor shape: actor.scope must be a 6-digit region code',
      ],
      [
        'a numeric scope',
        () => forge({ a: { ...his, scope: 430102 }, iat: NOW, exp: NOW + 5000 }),
        'invalid actor shape: actor.scope must be a 6-digit region code',
      ],
      [
        'an unknown province in a system scope',
        () => forge({ a: { kind: 'system', id: 'svc', scope: '990000' }, iat: NOW, exp: NOW + 5000 }),
        "invalid actor shape: actor.scope must be a 6-digit region code or ''",
      ],
    ];

    it.each(refusals)('refuses %s with UNAUTHENTICATED', (_name, token, reason) => {
      const error = catchDomainError(() => sut.verify(token(), NOW));
      expect(error.code).toBe('UNAUTHENTICATED');
      expect(error.message).toBe(`actor token refused: ${reason}`);
      expect(error.details).toEqual({ field: 'x-mi-actor', reason });
    });

    it('refuses exactly at expiry', () => {
      const token = sut.sign(his, { nowMs: NOW, ttlMs: 5000 });
      expect(catchDomainError(() => sut.verify(token, NOW + 5000)).details.reason).toBe('expired');
    });

    it('refuses a non-string token', () => {
      expect(catchDomainError(() => sut.verify(undefined as unknown as string, NOW)).details.reason).toBe('malformed token');
    });

    it('refuses a verifier clock that is not a number (NaN would pass every expiry check)', () => {
      const token = sut.sign(his, { nowMs: NOW, ttlMs: 5000 });
      const error = catchDomainError(() => sut.verify(token, Number.NaN));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('nowMs');
    });
  });

  describe('configuration', () => {
    it.each([
      [{ k1: Buffer.alloc(31) }, 'k1', 'actorTokenKeys.k1: key must be at least 32 bytes'],
      [{ 'k.1': K1 }, 'k.1', 'actorTokenKeys: malformed key id "k.1" (1-32 of A-Z a-z 0-9 _ -)'],
      [{ k1: K1 }, 'k2', 'actorTokenActiveKeyId: active key id "k2" is not in the key ring'],
      [{}, 'k1', 'actorTokenActiveKeyId: active key id "k1" is not in the key ring'],
    ])('refuses keys %p with active %s', (keys, active, message) => {
      const error = catchDomainError(() => new ActorTokenCodec(keys, active));
      expect(error.code).toBe('CONFIG.INVALID');
      expect(error.message).toBe(message);
    });

    it('is not affected when the caller later mutates the key buffer', () => {
      const key = Buffer.alloc(32, 1);
      const codec = new ActorTokenCodec({ k1: key }, 'k1');
      const token = codec.sign(his, { nowMs: NOW, ttlMs: 5000 });
      key.fill(0);
      expect(codec.verify(token, NOW).actor).toEqual(his);
    });
  });

  describe('keyringFromString', () => {
    const b64 = (buffer: Buffer): string => buffer.toString('base64');

    it('parses several entries, tolerating spaces', () => {
      const ring = ActorTokenCodec.keyringFromString(`k1:${b64(K1)}, k2:${b64(K2)}`);
      expect(Object.keys(ring)).toEqual(['k1', 'k2']);
      expect(ring['k1'].equals(K1)).toBe(true);
      expect(ring['k2'].equals(K2)).toBe(true);
    });

    it.each([
      ['', 'actorTokenKeys', 'is empty; expected kid:<base64 key>[,kid:<base64 key>…]'],
      ['   ', 'actorTokenKeys', 'is empty; expected kid:<base64 key>[,kid:<base64 key>…]'],
      [`${b64(K1)}`, 'actorTokenKeys', 'entry 1 is not kid:<base64 key>'],
      [`k1:${b64(K1)},`, 'actorTokenKeys', 'entry 2 is not kid:<base64 key>'],
      [`k.1:${b64(K1)}`, 'actorTokenKeys', 'entry 1 has a malformed key id (1-32 of A-Z a-z 0-9 _ -)'],
      [`:${b64(K1)}`, 'actorTokenKeys', 'entry 1 has a malformed key id (1-32 of A-Z a-z 0-9 _ -)'],
      [`k1:${b64(K1)},k1:${b64(K2)}`, 'actorTokenKeys', 'key id k1 appears twice'],
      ['k1:not base64!', 'actorTokenKeys.k1', 'is not valid base64'],
      ['k1:', 'actorTokenKeys.k1', 'is not valid base64'],
      [`k1:${b64(Buffer.alloc(16, 1))}`, 'actorTokenKeys.k1', 'key is 16 bytes; at least 32 required'],
    ])('refuses %p with CONFIG.INVALID', (text, field, reason) => {
      const error = catchDomainError(() => ActorTokenCodec.keyringFromString(text));
      expect(error.code).toBe('CONFIG.INVALID');
      expect(error.details).toEqual({ field, reason });
    });

    it('never puts key material in the error', () => {
      const error = catchDomainError(() => parseKeyring(`k1:${b64(Buffer.alloc(16, 7))}`));
      expect(JSON.stringify(error.toJSON())).not.toContain(b64(Buffer.alloc(16, 7)));
    });

    it('honours the minimum size argument', () => {
      expect(() => parseKeyring(`k1:${b64(Buffer.alloc(16))}`, 'x', 16)).not.toThrow();
    });
  });

  describe('parseActor', () => {
    it('returns a fresh object equal to a valid actor', () => {
      const result = parseActor(user);
      expect(result).toEqual({ actor: user });
      expect('actor' in result && result.actor).not.toBe(user);
    });
  });
});
