import type { Clock } from '@mi/domain';

/**
 * The system clock moved to start at `start` and running at real speed from the moment it was
 * made — for rehearsals on a copy of the platform (a year replayed in a city, a demo set in last
 * year). Production refuses it (ServiceConfig `CLOCK_START`). It lives here, not in @mi/domain,
 * because it reads the system time.
 */
export class ShiftedClock implements Clock {
  private readonly offsetMs: number;

  constructor(start: string, realNow: number = Date.now()) {
    const at = Date.parse(start);
    if (!/(Z|[+-]\d{2}:\d{2})$/.test(start) || Number.isNaN(at)) throw new Error(`ShiftedClock: ${start} is not an ISO 8601 instant with a zone`);
    this.offsetMs = at - realNow;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
