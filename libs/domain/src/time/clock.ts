import { ValidationError } from '../errors/domain-error';

/**
 * 时钟 — the port through which the domain learns the time. Domain code never reads the system
 * clock itself; it receives a `Clock` (or an instant) from the caller, so every rule is
 * reproducible in tests and in replays.
 */
export interface Clock {
  now(): Date;
}

/** ISO 8601 with an explicit zone, so the host time zone never changes the instant. */
const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function toInstant(value: Date | string | number, field: string): Date {
  if (typeof value === 'string' && !ZONED_ISO.test(value)) {
    throw new ValidationError(field, 'must be an ISO 8601 instant with Z or an offset, e.g. 2024-05-01T09:00:00+08:00');
  }
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (!Number.isFinite(date.getTime())) throw new ValidationError(field, 'must be a valid instant');
  return date;
}

/**
 * The production adapter and the only place in the domain kernel that reads the system time.
 * It lives here (not in @mi/platform) so that every service and tool gets the same adapter
 * without depending on a framework.
 */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** Always the same instant (a fresh `Date` each call, so callers cannot mutate it). */
export class FixedClock implements Clock {
  private readonly instant: Date;

  constructor(instant: Date | string | number) {
    this.instant = toInstant(instant, 'instant');
  }

  now(): Date {
    return new Date(this.instant.getTime());
  }
}

/** A settable clock for tests: `set(instant)` and `advance(ms)`; `now()` returns a copy. */
export class ManualClock implements Clock {
  private current: Date;

  constructor(instant: Date | string | number) {
    this.current = toInstant(instant, 'instant');
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(instant: Date | string | number): void {
    this.current = toInstant(instant, 'instant');
  }

  /** Moves the clock by `ms` milliseconds (negative moves it back, e.g. to test clock skew). */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new ValidationError('ms', 'must be a finite number of milliseconds');
    this.current = toInstant(this.current.getTime() + ms, 'instant');
  }
}
