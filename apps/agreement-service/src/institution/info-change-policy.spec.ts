import { catchDomainError, defaultCalendar, LocalDate } from '@mi/domain';
import { infoChangeParameters, infoChangeTimeliness, normaliseInfoValue } from './info-change-policy';

const d = (s: string) => LocalDate.parse(s);
const p = infoChangeParameters('350100');

describe('change of major information policy (AGR-06)', () => {
  it('counts 30 working days from the approval elsewhere, holidays and worked weekends included', () => {
    expect(infoChangeTimeliness(d('2026-01-16'), d('2026-03-05'), p, defaultCalendar())).toEqual({
      approvedOn: '2026-01-16',
      filedOn: '2026-03-05',
      deadline: '2026-03-05',
      late: false,
      workingDaysLate: 0,
    });
    // The day after the deadline is one working day late; a weekend in between adds nothing.
    expect(infoChangeTimeliness(d('2026-01-16'), d('2026-03-06'), p, defaultCalendar())).toMatchObject({ late: true, workingDaysLate: 1 });
    expect(infoChangeTimeliness(d('2026-01-16'), d('2026-03-08'), p, defaultCalendar())).toMatchObject({ late: true, workingDaysLate: 1 });
    expect(catchDomainError(() => infoChangeTimeliness(d('2026-03-06'), d('2026-03-05'), p, defaultCalendar()))?.details.field).toBe('approvedOn');
  });

  it('checks each value by its field and names the request path', () => {
    expect(normaliseInfoValue('grade', ' 3B ', 'changes[0].value')).toBe('3B');
    expect(normaliseInfoValue('bankAccount', '6222020200112233445', 'changes[0].value')).toBe('6222020200112233445');
    expect(catchDomainError(() => normaliseInfoValue('nature', 'mixed', 'changes[2].value'))?.details.field).toBe('changes[2].value');
    expect(catchDomainError(() => normaliseInfoValue('grade', '9X', 'changes[1].value'))?.details.field).toBe('changes[1].value');
    expect(catchDomainError(() => normaliseInfoValue('name', '药', 'changes[0].value'))?.details.field).toBe('changes[0].value');
    expect(catchDomainError(() => normaliseInfoValue('address', '   ', 'changes[0].value'))?.details.field).toBe('changes[0].value');
  });
});
