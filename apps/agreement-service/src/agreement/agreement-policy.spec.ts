import { LocalDate } from '@mi/domain';
import { catchDomainError } from '@mi/domain';
import {
  checkRenewalWindow,
  checkSuspensionPeriod,
  checkTerminationGround,
  checkVoluntaryLength,
  daysInForce,
  endInstant,
  naturalYearTerm,
  RENEWAL_WINDOW_MONTHS,
  renewalWindow,
} from './agreement-policy';

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

  it('opens the renewal window 3 months before the end of the term, or as the city configures (AGR-07)', () => {
    const w = renewalWindow(d('2026-12-31'), '350100');
    expect([w.opensOn.toString(), w.closesOn.toString()]).toEqual(['2026-10-01', '2026-12-31']);
    RENEWAL_WINDOW_MONTHS.cities['350500'] = 2;
    try {
      expect(renewalWindow(d('2026-12-31'), '350500').opensOn.toString()).toBe('2026-11-01');
    } finally {
      delete RENEWAL_WINDOW_MONTHS.cities['350500'];
    }
    const a = { validTo: '2026-12-31', poolarea: '350100', institutionCode: 'P35010200001' };
    expect(catchDomainError(() => checkRenewalWindow(a, d('2026-09-30')))).toMatchObject({ code: 'AGREEMENT.RENEWAL_WINDOW' });
    expect(() => checkRenewalWindow(a, d('2026-10-01'))).not.toThrow();
    expect(() => checkRenewalWindow(a, d('2026-12-31'))).not.toThrow();
    expect(catchDomainError(() => checkRenewalWindow(a, d('2027-01-01')))).toMatchObject({ details: { closesOn: '2026-12-31' } });
  });

  it('is in force over its term, cut at the day its termination took effect', () => {
    const days = (terminatedAt?: string) => {
      const r = daysInForce({ ...term, terminatedAt: terminatedAt ? new Date(terminatedAt) : null });
      return r && [r.from.toString(), r.to.toString()];
    };
    expect(days()).toEqual(['2026-03-01', '2026-12-31']);
    // Approved at 10:00 Beijing on 15 August: in force for part of that day.
    expect(days('2026-08-15T02:00:00.000Z')).toEqual(['2026-03-01', '2026-08-15']);
    // The institution's own termination strikes at 00:00 on 1 September: the last day is 31 August.
    expect(days('2026-08-31T16:00:00.000Z')).toEqual(['2026-03-01', '2026-08-31']);
    expect(days('2026-02-27T16:00:00.000Z')).toBeNull();
  });
});
