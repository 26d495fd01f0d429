import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { Admdvs, DomainError, Role } from '@mi/domain';
import type { Actor } from './actor';

/** Key ids go into tokens between dots, so they are short and dot-free. */
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const MIN_HMAC_KEY_BYTES = 32;
/** Tolerated clock difference between the gateway that signs and the service that verifies. */
const CLOCK_SKEW_MS = 60_000;
const MAX_TEXT = 256;
const VERSION = 'v1';
/**
 * Tokens remembered as verified (a service sees the same forwarded token for every call of one
 * request): at most this many, all forgotten when full; each only until its own expiry.
 */
const VERIFIED_CACHE_SIZE = 4096;

/** A copy, so that no caller can change what the cache hands the next one. */
function copyActor(actor: Actor): Actor {
  return actor.kind === 'user' ? { ...actor, roles: [...actor.roles] } : { ...actor };
}

function configError(field: string, reason: string): DomainError {
  return new DomainError('CONFIG.INVALID', `${field}: ${reason}`, { field, reason });
}

/** True for a usable key id: 1–32 of `A-Z a-z 0-9 _ -`, starting with a letter or digit. */
export function isKeyId(value: string): boolean {
  return KEY_ID.test(value);
}

/** Strict base64 (standard alphabet, padded): refuses what `Buffer.from(…, 'base64')` would silently skip. */
export function decodeBase64Strict(value: string, field: string): Buffer {
  const text = value.trim();
  if (text === '' || !BASE64.test(text)) throw configError(field, 'is not valid base64');
  return Buffer.from(text, 'base64');
}

/** Strict base64url (no padding) for token parts; `null` when the text is not base64url. */
export function decodeBase64Url(value: string): Buffer | null {
  if (!BASE64URL.test(value) || value.length % 4 === 1) return null;
  const buffer = Buffer.from(value, 'base64url');
  // Refuse non-canonical encodings (stray trailing bits), so one token has exactly one spelling.
  return buffer.toString('base64url') === value ? buffer : null;
}

/**
 * Parses a key ring `k1:<base64>,k2:<base64>` (the form keys take in config). Refuses, with
 * `CONFIG.INVALID` naming `field` and never echoing key material: an empty ring, an entry
 * without `:`, a malformed or repeated key id, bad base64, a key shorter than `minBytes`.
 */
export function parseKeyring(text: string, field = 'keys', minBytes = MIN_HMAC_KEY_BYTES): Record<string, Buffer> {
  if (typeof text !== 'string' || text.trim() === '') throw configError(field, 'is empty; expected kid:<base64 key>[,kid:<base64 key>…]');
  const entries: [string, Buffer][] = [];
  text.split(',').forEach((raw, index) => {
    const entry = raw.trim();
    const colon = entry.indexOf(':');
    if (colon < 0) throw configError(field, `entry ${index + 1} is not kid:<base64 key>`);
    const kid = entry.slice(0, colon).trim();
    if (!isKeyId(kid)) throw configError(field, `entry ${index + 1} has a malformed key id (1-32 of A-Z a-z 0-9 _ -)`);
    if (entries.some(([seen]) => seen === kid)) throw configError(field, `key id ${kid} appears twice`);
    const key = decodeBase64Strict(entry.slice(colon + 1), `${field}.${kid}`);
    if (key.length < minBytes) throw configError(`${field}.${kid}`, `key is ${key.length} bytes; at least ${minBytes} required`);
    entries.push([kid, key]);
  });
  return Object.fromEntries(entries);
}

function refuse(reason: string): DomainError {
  return new DomainError('UNAUTHENTICATED', `actor token refused: ${reason}`, { field: 'x-mi-actor', reason });
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

/**
 * Checks that `value` is exactly an {@link Actor}: a known kind, exactly its fields, non-empty
 * strings, known roles, a valid 6-digit scope ('' only for a system actor). Returns a fresh
 * object (no extra properties survive) or the reason it is not an actor.
 */
export function parseActor(value: unknown): { actor: Actor } | { reason: string } {
  if (!isObject(value)) return { reason: 'actor is not an object' };
  const fields: Record<Actor['kind'], readonly string[]> = {
    user: ['kind', 'id', 'username', 'roles', 'scope', 'sessionId'],
    his: ['kind', 'id', 'institutionCode', 'scope'],
    system: ['kind', 'id', 'scope'],
  };
  const kind = value['kind'];
  if (kind !== 'user' && kind !== 'his' && kind !== 'system') return { reason: 'actor.kind must be user, his or system' };
  const extra = Object.keys(value).filter((key) => !fields[kind].includes(key));
  if (extra.length > 0) return { reason: `unexpected actor field ${extra[0]}` };
  for (const key of fields[kind]) {
    if (key === 'kind' || key === 'roles' || key === 'scope') continue;
    if (!isText(value[key])) return { reason: `actor.${key} must be a non-empty string of at most ${MAX_TEXT} characters` };
  }
  const scope = value['scope'];
  const scopeOk = typeof scope === 'string' && ((kind === 'system' && scope === '') || (/^\d{6}$/.test(scope) && Admdvs.isValid(scope)));
  if (!scopeOk) return { reason: kind === 'system' ? "actor.scope must be a 6-digit region code or ''" : 'actor.scope must be a 6-digit region code' };
  const id = value['id'] as string;
  switch (kind) {
    case 'user': {
      const roles = value['roles'];
      if (!Array.isArray(roles)) return { reason: 'actor.roles must be an array' };
      const unknown = roles.find((role) => !Role.has(role));
      if (unknown !== undefined) return { reason: `actor.roles contains unknown role ${JSON.stringify(unknown)}` };
      if (new Set(roles).size !== roles.length) return { reason: 'actor.roles contains a duplicate' };
      return {
        actor: { kind, id, username: value['username'] as string, roles: roles.filter(Role.has), scope, sessionId: value['sessionId'] as string },
      };
    }
    case 'his':
      return { actor: { kind, id, institutionCode: value['institutionCode'] as string, scope } };
    case 'system':
      return { actor: { kind, id, scope } };
  }
}

export interface ActorTokenSignOptions {
  /** Issue time, epoch milliseconds (time is passed in, never read here). */
  nowMs: number;
  /** Lifetime in milliseconds; keep it to one request's worth (seconds). */
  ttlMs: number;
  /** Correlation id of the request that produced the token. */
  requestId?: string;
}

export interface VerifiedActorToken {
  actor: Actor;
  requestId?: string;
}

/**
 * Signs and verifies the caller identity the gateway attaches to NATS requests (`x-mi-actor`),
 * so a service trusts who is calling without re-authenticating:
 *
 * `v1.<kid>.<base64url(JSON {a: actor, iat, exp, rid?})>.<base64url(HMAC-SHA256('v1.<kid>.<payload>'))>`
 *
 * `iat`/`exp` are epoch **milliseconds**. Several keys may be configured for rotation; tokens
 * are signed with the active one and verified with whichever key id they name.
 */
export class ActorTokenCodec {
  /** Keys as KeyObjects made once: building one from a Buffer on every HMAC was ~10 % of a request (B8). */
  private readonly keys: ReadonlyMap<string, KeyObject>;
  private readonly verified = new Map<string, { kid: string; iat: number; exp: number; actor: Actor; requestId?: string }>();

  constructor(
    keys: Record<string, Buffer>,
    private readonly activeKeyId: string,
  ) {
    const ring = new Map<string, KeyObject>();
    for (const [kid, key] of Object.entries(keys)) {
      if (!isKeyId(kid)) throw configError('actorTokenKeys', `malformed key id ${JSON.stringify(kid)} (1-32 of A-Z a-z 0-9 _ -)`);
      if (!Buffer.isBuffer(key) || key.length < MIN_HMAC_KEY_BYTES) {
        throw configError(`actorTokenKeys.${kid}`, `key must be at least ${MIN_HMAC_KEY_BYTES} bytes`);
      }
      ring.set(kid, createSecretKey(Buffer.from(key)));
    }
    if (!ring.has(activeKeyId)) throw configError('actorTokenActiveKeyId', `active key id ${JSON.stringify(activeKeyId)} is not in the key ring`);
    this.keys = ring;
  }

  /** Parses `k1:<base64 32+ bytes>,k2:…` from config; see {@link parseKeyring}. */
  static keyringFromString(text: string): Record<string, Buffer> {
    return parseKeyring(text, 'actorTokenKeys');
  }

  /** Signs `actor`; refuses (`VALIDATION`) an actor that {@link verify} would not accept, or bad times. */
  sign(actor: Actor, opts: ActorTokenSignOptions): string {
    const parsed = parseActor(actor);
    if ('reason' in parsed) throw new DomainError('VALIDATION', `actor: ${parsed.reason}`, { field: 'actor', reason: parsed.reason });
    if (!Number.isSafeInteger(opts.nowMs) || opts.nowMs < 0) throw new DomainError('VALIDATION', 'nowMs: must be epoch milliseconds', { field: 'nowMs' });
    if (!Number.isSafeInteger(opts.ttlMs) || opts.ttlMs <= 0) throw new DomainError('VALIDATION', 'ttlMs: must be a positive integer', { field: 'ttlMs' });
    if (opts.requestId !== undefined && !isText(opts.requestId)) {
      throw new DomainError('VALIDATION', `requestId: must be a non-empty string of at most ${MAX_TEXT} characters`, { field: 'requestId' });
    }
    const claims: Json = { a: parsed.actor, iat: opts.nowMs, exp: opts.nowMs + opts.ttlMs };
    if (opts.requestId !== undefined) claims['rid'] = opts.requestId;
    const signed = `${VERSION}.${this.activeKeyId}.${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}`;
    return `${signed}.${this.mac(this.activeKeyId, signed).toString('base64url')}`;
  }

  /**
   * Returns the actor of a valid token. Refuses with `UNAUTHENTICATED`, `details.reason` saying
   * why: malformed, unknown key id, bad signature, expired (or issued in the future), invalid actor.
   */
  verify(token: string, nowMs: number): VerifiedActorToken {
    // A NaN clock would make every expiry comparison false, i.e. accept expired tokens.
    if (!Number.isSafeInteger(nowMs) || nowMs < 0) throw new DomainError('VALIDATION', 'nowMs: must be epoch milliseconds', { field: 'nowMs' });
    // A token already verified is the same bytes under the same keys: only its times are checked again.
    const seen = typeof token === 'string' ? this.verified.get(token) : undefined;
    if (seen && this.keys.has(seen.kid) && nowMs < seen.exp && seen.iat <= nowMs + CLOCK_SKEW_MS) {
      return seen.requestId === undefined ? { actor: copyActor(seen.actor) } : { actor: copyActor(seen.actor), requestId: seen.requestId };
    }
    if (typeof token !== 'string' || token.length > 8192) throw refuse('malformed token');
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw refuse('malformed token');
    const [, kid, payload, signature] = parts;
    const key = this.keys.get(kid);
    if (key === undefined) throw refuse(`unknown key id ${isKeyId(kid) ? kid : '(malformed)'}`);
    const given = decodeBase64Url(signature);
    const expected = this.mac(kid, `${VERSION}.${kid}.${payload}`);
    if (given === null || given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse('bad signature');

    // Only a correctly signed payload is parsed.
    const bytes = decodeBase64Url(payload);
    let claims: unknown;
    try {
      claims = bytes === null ? undefined : JSON.parse(bytes.toString('utf8'));
    } catch {
      claims = undefined;
    }
    if (!isObject(claims)) throw refuse('malformed payload');
    const { iat, exp, rid } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number' || !Number.isSafeInteger(iat) || !Number.isSafeInteger(exp) || exp <= iat) {
      throw refuse('malformed payload times');
    }
    if (nowMs >= exp) throw refuse('expired');
    if (iat > nowMs + CLOCK_SKEW_MS) throw refuse('issued in the future');
    if (rid !== undefined && !isText(rid)) throw refuse('malformed request id');
    const parsed = parseActor(claims['a']);
    if ('reason' in parsed) throw refuse(`invalid actor shape: ${parsed.reason}`);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
    this.verified.set(token, { kid, iat, exp, actor: copyActor(parsed.actor), ...(rid === undefined ? {} : { requestId: rid }) });
    return rid === undefined ? { actor: parsed.actor } : { actor: parsed.actor, requestId: rid };
  }

  private mac(kid: string, data: string): Buffer {
    const key = this.keys.get(kid);
    if (key === undefined) throw refuse(`unknown key id ${kid}`);
    return createHmac('sha256', key).update(data, 'utf8').digest();
  }
}
