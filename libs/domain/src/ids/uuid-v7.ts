import { DomainError, ValidationError } from '../errors/domain-error';
import type { Clock } from '../time/clock';

/** Returns `length` random bytes. Injected in tests; the default uses Web Crypto. */
export type RandomBytes = (length: number) => Uint8Array;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const MAX_MS = 2 ** 48 - 1;
/** rand_a (12 bits) + rand_b (62 bits). */
const RANDOM_BITS = 74n;
const RANDOM_LIMIT = 1n << RANDOM_BITS;
/** A fresh value leaves the top bit clear, so in-millisecond increments cannot overflow in practice. */
const FRESH_MASK = (1n << (RANDOM_BITS - 1n)) - 1n;

/**
 * Cryptographically strong bytes from `globalThis.crypto` (Web Crypto, present in Node ≥ 19 and
 * browsers). Not I/O: no file, socket or environment is touched.
 */
const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let poolOffset = 0;

/**
 * Cryptographically random bytes from the platform's CSPRNG, drawn from a 4 KiB pool refilled in
 * one call (one call per id cost ~2 % of a NATS request in B8).
 */
export function defaultRandomBytes(length: number): Uint8Array {
  if (length > POOL_SIZE) {
    const big = new Uint8Array(length);
    globalThis.crypto.getRandomValues(big);
    return big;
  }
  if (poolOffset + length > pool.length) {
    pool = new Uint8Array(POOL_SIZE);
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const bytes = pool.slice(poolOffset, poolOffset + length);
  poolOffset += length;
  return bytes;
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** True for any UUID in the canonical 8-4-4-4-12 hexadecimal form (any version, either case). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** True for a UUID of version 7 with the RFC 9562 variant. */
export function isUuidV7(value: unknown): value is string {
  return typeof value === 'string' && UUID_V7.test(value);
}

/** The creation instant (millisecond precision) embedded in a UUIDv7. */
export function uuidV7Timestamp(id: unknown, field = 'id'): Date {
  if (!isUuidV7(id)) throw new ValidationError(field, 'must be a UUID version 7');
  return new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16));
}

/**
 * RFC 9562 UUIDv7 generator: 48-bit Unix milliseconds from the {@link Clock}, then 74 random
 * bits. Monotonic per generator (RFC 9562 §6.2, method 2): within one millisecond — or when the
 * clock steps back — the previous random part is increased by a random 1…2^32 step, so ids
 * sort in creation order and stay unguessable; on the (astronomically rare) overflow the
 * timestamp is advanced by 1 ms. Keep one generator per process.
 */
export class UuidV7Generator {
  private lastMs = -1;
  private lastRandom = 0n;

  constructor(
    private readonly clock: Clock,
    private readonly randomBytes: RandomBytes = defaultRandomBytes,
  ) {}

  next(): string {
    const ms = this.clock.now().getTime();
    if (!Number.isInteger(ms) || ms < 0 || ms > MAX_MS) {
      throw new DomainError('UUID.CLOCK_OUT_OF_RANGE', 'clock instant outside the UUIDv7 48-bit millisecond range', {
        field: 'clock',
        reason: 'instant must be between 1970-01-01 and 10889-08-02',
      });
    }
    if (ms > this.lastMs) {
      this.lastMs = ms;
      this.lastRandom = this.fresh();
    } else {
      const next = this.lastRandom + 1n + bytesToBigInt(this.random(4));
      if (next >= RANDOM_LIMIT) {
        if (this.lastMs >= MAX_MS) {
          throw new DomainError('UUID.CLOCK_OUT_OF_RANGE', 'UUIDv7 timestamp exhausted', { field: 'clock' });
        }
        this.lastMs += 1;
        this.lastRandom = this.fresh();
      } else {
        this.lastRandom = next;
      }
    }
    return format(this.lastMs, this.lastRandom);
  }

  private fresh(): bigint {
    return bytesToBigInt(this.random(10)) & FRESH_MASK;
  }

  private random(length: number): Uint8Array {
    const bytes = this.randomBytes(length);
    if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
      throw new DomainError('UUID.BAD_RANDOM_SOURCE', `random source must return ${length} bytes`, {
        field: 'randomBytes',
      });
    }
    return bytes;
  }
}

function format(ms: number, random: bigint): string {
  const randA = random >> 62n;
  const randB = random & ((1n << 62n) - 1n);
  const value = (BigInt(ms) << 80n) | (7n << 76n) | (randA << 64n) | (2n << 62n) | randB;
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
