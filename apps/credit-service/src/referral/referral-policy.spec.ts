import { defaultCalendar, LocalDate } from '@mi/domain';
import {
  assertDepartment,
  completionDueOn,
  departmentOfRoles,
  documentNumber,
  isCompletionOverdue,
  isReferralOverdue,
  reasonsFor,
  referralDueOn,
} from './referral-policy';

const d = (s: string) => LocalDate.parse(s);

describe('referral policy', () => {
  it('counts 7 working days across the National Day holiday and its 调休 Saturday', () => {
    // 2026-09-24 (Thu): 25–27 中秋, 28–30 work, 10-01..07 国庆, 8, 9, 10 (调休 Sat), 12.
    expect(referralDueOn(d('2026-09-24'), defaultCalendar()).toString()).toBe('2026-10-12');
    // An ordinary week: Monday + 7 working days = next Wednesday.
    expect(referralDueOn(d('2026-11-02'), defaultCalendar()).toString()).toBe('2026-11-11');
  });

  it('gives 3 calendar days for completion', () => {
    expect(completionDueOn(d('2026-11-06')).toString()).toBe('2026-11-09');
  });

  it('numbers documents ×局(委)案移字〔YYYY〕N号', () => {
    expect(documentNumber('榕医保', 'BUREAU', 2026, 3)).toBe('榕医保局案移字〔2026〕3号');
    expect(documentNumber('榕卫健', 'COMMISSION', 2026, 1)).toBe('榕卫健委案移字〔2026〕1号');
  });

  it('tells the departments apart by role and refuses holders of both', () => {
    expect(departmentOfRoles(['health-liaison'])).toBe('COMMISSION');
    expect(departmentOfRoles(['city-officer', 'reviewer'])).toBe('BUREAU');
    expect(departmentOfRoles(['auditor'])).toBeNull();
    expect(() => departmentOfRoles(['health-liaison', 'city-officer'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN.DEPARTMENT' }));
    expect(() => assertDepartment('BUREAU', 'COMMISSION', 'the receipt', 'BUREAU_TO_COMMISSION')).toThrow(/must be done by 卫健委; you act for 医保局/);
  });

  it('keeps the two reason lists apart', () => {
    expect(reasonsFor('COMMISSION_TO_BUREAU', ['C2B-1']).map((r) => r.text)).toEqual(['分解住院、挂床住院']);
    expect(() => reasonsFor('BUREAU_TO_COMMISSION', ['C2B-1'])).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });

  it('flags missed deadlines', () => {
    const draft = { status: 'DRAFT' as const, dueOn: '2026-10-12' };
    expect(isReferralOverdue(draft, d('2026-10-12'))).toBe(false);
    expect(isReferralOverdue(draft, d('2026-10-13'))).toBe(true);
    expect(isReferralOverdue({ ...draft, status: 'SENT', issuedOn: '2026-10-13' }, d('2026-10-13'))).toBe(true);
    expect(isReferralOverdue({ ...draft, status: 'SENT', issuedOn: '2026-10-12' }, d('2027-01-01'))).toBe(false);
    const asked = { status: 'RECEIVED' as const, dueOn: '2026-10-12', completionDueOn: '2026-11-09' };
    expect(isCompletionOverdue(asked, d('2026-11-09'))).toBe(false);
    expect(isCompletionOverdue(asked, d('2026-11-10'))).toBe(true);
    expect(isCompletionOverdue({ ...asked, completedOn: '2026-11-08' }, d('2026-12-01'))).toBe(false);
  });
});
