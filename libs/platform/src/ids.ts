import { SystemClock, UuidV7Generator } from '@mi/domain';

/** One UUIDv7 generator per process (monotonic within the process). */
const generator = new UuidV7Generator(new SystemClock());

/** A new UUIDv7 (time-ordered) for rows, events, audit records and request ids. */
export function newUuidV7(): string {
  return generator.next();
}
