import { IsIn, IsString, Length } from 'class-validator';

export const CREDIT_LEVELS = ['A', 'B', 'C', 'D'] as const;
export type CreditLevel = (typeof CREDIT_LEVELS)[number];

export const CreditSubjects = {
  /**
   * claims-review (sampling) and the portal → credit-service: graded supervision (信易管) of an
   * institution — its credit level and what follows from it. Reply: {@link SupervisionProfileView}.
   */
  supervisionProfile: 'mi.v1.credit.supervision-profile',
} as const;

export const CreditEventSubjects = {
  /** An institution's credit level changed (drives sampling rate and inspection frequency). */
  CreditLevelChanged: 'evt.credit.CreditLevelChanged',
  /**
   * A practitioner's yearly 12-point total crossed the national band consequence (医保发〔2024〕23号):
   * ≥ 9 → payment qualification suspended for some months, 12 → terminated with a re-registration
   * bar. Once per crossing. Payload {@link PractitionerSuspendedPayload}.
   */
  PractitionerSuspended: 'evt.credit.PractitionerSuspended',
} as const;

export class SupervisionProfileRequest {
  @IsIn(['institution'])
  subjectType: 'institution';

  @IsString()
  @Length(1, 50)
  subjectCode: string;
}

export interface SupervisionProfileView {
  subjectType: 'institution';
  subjectCode: string;
  admdvs: string;
  score: number;
  level: CreditLevel;
  /** Multiplies the ≥ 5 % re-review sampling rate (never below 1). */
  samplingMultiplier: number;
  /** Routine inspections per year at this level. */
  inspectionsPerYear: number;
}
