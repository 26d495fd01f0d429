import { catchDomainError } from '../errors/catch-domain-error.testing';
import { FixedClock, ManualClock, SystemClock } from './clock';

describe('Clock', () => {
  it('SystemClock reads the system time', () => {
    const before = new Date().getTime();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(new Date().getTime());
  });

  it('FixedClock always answers the same instant, as a fresh copy', () => {
    const sut = new FixedClock('2024-05-01T09:00:00+08:00');
    const first = sut.now();
    first.setFullYear(1999);
    expect(sut.now().toISOString()).toBe('2024-05-01T01:00:00.000Z');
    expect(new FixedClock(0).now().toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(new FixedClock(new Date('2024-01-01T00:00:00Z')).now().toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });

  it('ManualClock can be set and advanced', () => {
    const sut = new ManualClock('2024-05-01T00:00:00Z');
    sut.advance(1500);
    expect(sut.now().toISOString()).toBe('2024-05-01T00:00:01.500Z');
    sut.advance(-2000);
    expect(sut.now().toISOString()).toBe('2024-04-30T23:59:59.500Z');
    sut.set('2030-01-01T08:00:00+08:00');
    expect(sut.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it.each(['2024-05-01', '2024-05-01T09:00:00', 'yesterday', ''])('refuses an instant without zone: %p', (value) => {
    const error = catchDomainError(() => new FixedClock(value));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('instant');
  });

  it('refuses invalid instants and steps', () => {
    expect(catchDomainError(() => new ManualClock(Number.NaN)).details.field).toBe('instant');
    expect(catchDomainError(() => new FixedClock(new Date(Number.NaN))).details.field).toBe('instant');
    const sut = new ManualClock(0);
    const error = catchDomainError(() => {
      sut.advance(Number.POSITIVE_INFINITY);
    });
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('ms');
  });
});
