import { CASE_ACTIONS, CASE_STAGES } from '@mi/contracts';
import { defaultCalendar, DomainError, LocalDate, WorkingDayCalendar } from '@mi/domain';
import { stageDeadline, transitionOf, workingDaysLeft } from './case-policy';

const DAYS = { INITIAL: 10, RE_REVIEW: 10, APPEAL: 5, VERIFY: 10, DISPOSAL: 5 };

describe('case policy', () => {
  it('allows exactly the documented actions at each stage', () => {
    const allowed = Object.fromEntries(
      CASE_STAGES.map((stage) => [
        stage,
        CASE_ACTIONS.filter((action) => {
          try {
            transitionOf(stage, action, 'RC1');
            return true;
          } catch {
            return false;
          }
        }),
      ]),
    );
    expect(allowed).toEqual({
      INITIAL: ['escalate', 'dismiss'],
      RE_REVIEW: ['notify', 'dismiss'],
      APPEAL: [],
      VERIFY: ['uphold', 'overturn'],
      DISPOSAL: ['close-without-deduction'],
      CLOSED: [],
    });
  });

  it('says what is allowed when an action is not', () => {
    const e = (() => {
      try {
        transitionOf('VERIFY', 'notify', 'RC2026');
      } catch (err) {
        return err as DomainError;
      }
      throw new Error('expected a refusal');
    })();
    expect(e.code).toBe('REVIEW.CASE_ACTION_NOT_ALLOWED');
    expect(e.details).toMatchObject({ field: 'action', allowed: ['uphold', 'overturn'] });
  });

  it('closes with an outcome only where the table says, and keeps four eyes on re-review and verification', () => {
    expect(transitionOf('INITIAL', 'dismiss', 'x')).toMatchObject({ to: 'CLOSED', outcome: 'DISMISSED', findings: 'overturn-all' });
    expect(transitionOf('VERIFY', 'overturn', 'x')).toMatchObject({ outcome: 'DISMISSED', findings: 'overturn-all-on-appeal', fourEyes: 'notify' });
    expect(transitionOf('RE_REVIEW', 'notify', 'x')).toMatchObject({ to: 'APPEAL', fourEyes: 'escalate' });
    expect(transitionOf('DISPOSAL', 'close-without-deduction', 'x')).toMatchObject({ outcome: 'WARNED', findings: 'confirm-selected' });
  });

  it('counts stage deadlines in working days over holidays and 调休 days', () => {
    const cal = defaultCalendar();
    // 2026-09-28 (Mon): 9-29, 9-30, [10-01…07 国庆], 10-08, 10-09, 10-10 (调休 Saturday) → APPEAL due 10-10.
    expect(stageDeadline(cal, LocalDate.parse('2026-09-28'), 'APPEAL', DAYS)?.toString()).toBe('2026-10-10');
    expect(stageDeadline(cal, LocalDate.parse('2026-09-28'), 'INITIAL', DAYS)?.toString()).toBe('2026-10-16');
    expect(stageDeadline(cal, LocalDate.parse('2026-09-28'), 'CLOSED', DAYS)).toBeNull();
    expect(workingDaysLeft(cal, LocalDate.parse('2026-10-19'), LocalDate.parse('2026-10-16'))).toBe(-1);
  });

  it('gives no deadline, rather than a guessed one, when the calendar lacks the year', () => {
    const only2026 = new WorkingDayCalendar([defaultCalendar().yearData(2026)]);
    expect(stageDeadline(only2026, LocalDate.parse('2026-12-28'), 'INITIAL', DAYS)).toBeNull();
    expect(workingDaysLeft(only2026, LocalDate.parse('2026-12-28'), LocalDate.parse('2027-01-08'))).toBeNull();
    expect(stageDeadline(only2026, LocalDate.parse('2026-11-02'), 'INITIAL', DAYS)?.toString()).toBe('2026-11-16');
  });
});
