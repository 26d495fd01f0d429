import type { MajorInfoField } from '@mi/contracts';
import { InstitutionLevel, LocalDate, ValidationError, type WorkingDayCalendar } from '@mi/domain';

/** AGR-06 numbers; a city may override them (data, keyed by pooling region). */
export interface InfoChangeParameters {
  /** Working days from the other authority's approval within which the change is applied for. */
  deadlineWorkingDays: number;
}

export const DEFAULT_INFO_CHANGE: InfoChangeParameters = { deadlineWorkingDays: 30 };
export const CITY_INFO_CHANGE: Record<string, Partial<InfoChangeParameters>> = {};

export function infoChangeParameters(poolarea: string): InfoChangeParameters {
  return { ...DEFAULT_INFO_CHANGE, ...(CITY_INFO_CHANGE[poolarea] ?? {}) };
}

/** The value as stored, or a ValidationError naming `field` (the request path of the value). */
export function normaliseInfoValue(item: MajorInfoField, raw: string, field: string): string {
  const value = raw.trim();
  switch (item) {
    case 'grade':
      return InstitutionLevel.parse(value, field);
    case 'nature':
      if (value !== 'public' && value !== 'private') throw new ValidationError(field, 'nature must be public (公立) or private (民营)');
      return value;
    case 'bankAccount':
      if (!/^\d{8,30}$/.test(value)) throw new ValidationError(field, 'a bank account is 8–30 digits');
      return value;
    case 'name':
      if (value.length < 2 || value.length > 200) throw new ValidationError(field, 'a name is 2–200 characters');
      return value;
    default:
      if (value.length === 0 || value.length > 1000) throw new ValidationError(field, 'must be 1–1000 characters');
      return value;
  }
}

export interface Timeliness {
  approvedOn: string;
  filedOn: string;
  deadline: string;
  late: boolean;
  workingDaysLate: number;
}

/**
 * AGR-06: applied for within `deadlineWorkingDays` working days of `approvedOn` (that day not
 * counted); later is accepted but late by the working days after the deadline.
 */
export function infoChangeTimeliness(approvedOn: LocalDate, filedOn: LocalDate, p: InfoChangeParameters, calendar: WorkingDayCalendar): Timeliness {
  if (approvedOn.isAfter(filedOn)) throw new ValidationError('approvedOn', `must not be after today (${filedOn})`);
  const deadline = calendar.addWorkingDays(approvedOn, p.deadlineWorkingDays);
  const workingDaysLate = filedOn.isAfter(deadline) ? calendar.workingDaysBetween(deadline, filedOn) : 0;
  return {
    approvedOn: approvedOn.toString(),
    filedOn: filedOn.toString(),
    deadline: deadline.toString(),
    late: filedOn.isAfter(deadline),
    workingDaysLate,
  };
}
