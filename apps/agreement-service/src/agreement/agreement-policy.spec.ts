import { LocalDate } from '@mi/domain';
import { catchDomainError } from '@mi/domain';
import { checkSuspensionPeriod, checkTerminationGround, checkVoluntaryLength, endInstant, naturalYearTerm } from './agreement-policy';

const d = (s: string) => LocalDate.parse(s);
const term = { validFrom: '2026-03-01', validTo: '2026-12-31' };

describe('agreement policy', () => {
  it('runs the natural year, pro rata from the signing date', () => {
    const t = naturalYearTerm(d('2026-03-15'));
    expect([t.validFrom.toString(), t.validTo.toString()]).toEqual(['2026-03-15', '2026-12-31']);
  });

  it('ends a period at 00:00 Asia/Shanghai of the following day', () => {
    expect(endInstant(d('2026-12-31')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('refuses overlapping suspensions and periods outside the term', () => {
    const others = [{ id: 'a', startsOn: '2026-05-01', endsOn: '2026-05-31' }];
    expect(() => checkSuspensionPeriod({ startsOn: d('2026-06-01'), endsOn: d('2026-06-30') }, term, others)).not.toThrow();
    expect(catchDomainError(() => checkSuspensionPeriod({ startsOn: d('2026-05-31'), endsOn: d('2026-06-30') }, term, others))?.code).toBe(
      'AGREEMENT.SUSPENSION_OVERLAP',
    );
    expect(catchDomainError(() => checkSuspensionPeriod({ startsOn: d('2026-02-01'), endsOn: d('2026-02-10') }, term, []))?.details.field).toBe('startsOn');
    expect(catchDomainError(() => checkSuspensionPeriod({ startsOn: d('2026-06-10'), endsOn: d('2026-06-01') }, term, []))?.details.field).toBe('endsOn');
  });

  it('allows a voluntary suspension of exactly 180 days, not 181', () => {
    expect(() => checkVoluntaryLength({ startsOn: d('2026-03-01'), endsOn: d('2026-03-01').plusDays(179) })).not.toThrow();
    expect(catchDomainError(() => checkVoluntaryLength({ startsOn: d('2026-03-01'), endsOn: d('2026-03-01').plusDays(180) }))?.code).toBe(
      'AGREEMENT.VOLUNTARY_TOO_LONG',
    );
  });

  it('terminates on ground 1 only after two suspensions or during one', () => {
    expect(catchDomainError(() => checkTerminationGround(1, 1))?.details).toMatchObject({ rule: 'AGR-11.1' });
    expect(() => checkTerminationGround(1, 2)).not.toThrow();
    // …or one running suspension the institution failed to rectify.
    expect(() => checkTerminationGround(1, 1, true)).not.toThrow();
    expect(() => checkTerminationGround(3, 0)).not.toThrow();
  });
});
