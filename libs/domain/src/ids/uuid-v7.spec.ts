import { catchDomainError } from '../errors/catch-domain-error.testing';
import { ManualClock } from '../time/clock';
import { defaultRandomBytes, isUuid, isUuidV7, uuidV7Timestamp, UuidV7Generator } from './uuid-v7';

/** Deterministic bytes: a counter, so tests are reproducible. */
function counterBytes(start = 0): (length: number) => Uint8Array {
  let next = start;
  return (length) => Uint8Array.from({ length }, () => next++ & 0xff);
}

describe('UuidV7Generator', () => {
  it('produces RFC 9562 version 7 ids carrying the clock millisecond', () => {
    const clock = new ManualClock('2024-05-01T00:00:00.123Z');
    const sut = new UuidV7Generator(clock);
    const id = sut.next();
    expect(isUuidV7(id)).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV7Timestamp(id).toISOString()).toBe('2024-05-01T00:00:00.123Z');
    expect(id.slice(0, 13)).toBe(
      `${clock.now().getTime().toString(16).padStart(12, '0').slice(0, 8)}-${clock.now().getTime().toString(16).padStart(12, '0').slice(8)}`,
    );
  });

  it('is monotonic within one millisecond and when the clock steps back', () => {
    const clock = new ManualClock('2024-05-01T00:00:00Z');
    const sut = new UuidV7Generator(clock);
    const ids: string[] = [];
    for (let i = 0; i < 2000; i += 1) ids.push(sut.next());
    clock.advance(-5000);
    for (let i = 0; i < 100; i += 1) ids.push(sut.next());
    clock.advance(10_000);
    ids.push(sut.next());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(uuidV7Timestamp(ids[2050]).toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(uuidV7Timestamp(ids[ids.length - 1]).toISOString()).toBe('2024-05-01T00:00:05.000Z');
  });

  it('is deterministic with an injected random source', () => {
    const make = (): UuidV7Generator => new UuidV7Generator(new ManualClock(0), counterBytes());
    const a = make();
    const b = make();
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    // bytes 00…09, top bit of the 74 cleared: rand_a 0x004, rand_b 0x0203040506070809
    expect(make().next()).toBe('00000000-0000-7004-8203-040506070809');
  });

  it('stays monotonic with a saturated random source (fresh values leave the top bit clear)', () => {
    const sut = new UuidV7Generator(new ManualClock(1000), (length) => new Uint8Array(length).fill(0xff));
    const ids = Array.from({ length: 50 }, () => sut.next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
    expect(ids.every((id) => uuidV7Timestamp(id).getTime() === 1000)).toBe(true);
  });

  it('refuses a clock outside the 48-bit range', () => {
    for (const instant of [-1, 2 ** 48]) {
      const error = catchDomainError(() => new UuidV7Generator(new ManualClock(instant)).next());
      expect(error.code).toBe('UUID.CLOCK_OUT_OF_RANGE');
      expect(error.details.field).toBe('clock');
    }
  });

  it('refuses a random source that returns the wrong length', () => {
    const error = catchDomainError(() => new UuidV7Generator(new ManualClock(0), () => new Uint8Array(3)).next());
    expect(error.code).toBe('UUID.BAD_RANDOM_SOURCE');
    expect(error.details.field).toBe('randomBytes');
  });

  it('default random source gives the requested number of bytes', () => {
    expect(defaultRandomBytes(10)).toHaveLength(10);
  });
});

describe('isUuid / isUuidV7 / uuidV7Timestamp', () => {
  it.each([
    ['00000000-0000-0000-0000-000000000000', true, false],
    ['550e8400-e29b-41d4-a716-446655440000', true, false],
    ['018F3A5B-1C2D-7ABC-8DEF-0123456789AB', true, true],
    ['018f3a5b-1c2d-7abc-cdef-0123456789ab', true, false], // wrong variant
    ['018f3a5b1c2d7abc8def0123456789ab', false, false],
    ['{018f3a5b-1c2d-7abc-8def-0123456789ab}', false, false],
    ['018f3a5b-1c2d-7abc-8def-0123456789ag', false, false],
    ['', false, false],
    [42, false, false],
  ])('%p → uuid %s, v7 %s', (value, uuid, v7) => {
    expect(isUuid(value)).toBe(uuid);
    expect(isUuidV7(value)).toBe(v7);
  });

  it('refuses to read a timestamp from a non-v7 id', () => {
    const error = catchDomainError(() => uuidV7Timestamp('550e8400-e29b-41d4-a716-446655440000', 'setl_id'));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('setl_id');
  });
});
