import { ShiftedClock } from './shifted-clock';

describe('ShiftedClock', () => {
  it('starts at its instant and runs at real speed', () => {
    const realNow = Date.now();
    const sut = new ShiftedClock('2025-01-02T02:00:00Z', realNow);
    const elapsed = Date.now() - realNow;
    const t = sut.now().getTime() - Date.parse('2025-01-02T02:00:00Z');
    expect(t).toBeGreaterThanOrEqual(elapsed);
    expect(t).toBeLessThan(elapsed + 1000);
  });

  it('refuses an instant without a zone', () => {
    expect(() => new ShiftedClock('2025-01-02 10:00')).toThrow(/not an ISO 8601 instant/);
  });
});
