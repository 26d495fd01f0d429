import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { LocalDate } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';

export const POINTS_SUBJECT_TYPES = ['pharmacy', 'practitioner'] as const;
export type PointsSubjectType = (typeof POINTS_SUBJECT_TYPES)[number];

/**
 * `mi.v1.agreement.deduct-points` — 12分制 (CRD-05): deducts the points of one item of the
 * city's deduction table; the yearly total triggers suspension (6–8 → 3 months, 9–11 → 6 months)
 * or cancellation (12). Reply {@link PointsView}. Errors: VALIDATION, NOT_FOUND,
 * AGREEMENT.UNKNOWN_DEDUCTION_ITEM.
 */
export class DeductPointsRequest {
  @IsIn([...POINTS_SUBJECT_TYPES])
  subjectType: PointsSubjectType;

  /** Pharmacy institution code or practitioner code. */
  @Matches(/^[A-Z][A-Z0-9]{8,29}$/, { message: 'subjectCode must be an institution or practitioner code' })
  subjectCode: string;

  /** Item of the deduction table, e.g. `no-real-name-purchase`. */
  @Matches(/^[a-z][a-z0-9-]{1,60}$/, { message: 'item must be a deduction-table item code' })
  item: string;

  /** Date of the violation (its year is the scoring year). */
  @ParsedBy((v) => LocalDate.parse(v, 'occurredOn'))
  occurredOn: string;

  @IsString()
  @Length(1, 2000)
  note: string;
}

export class GetPointsRequest {
  @IsIn([...POINTS_SUBJECT_TYPES])
  subjectType: PointsSubjectType;

  @Matches(/^[A-Z][A-Z0-9]{8,29}$/, { message: 'subjectCode must be an institution or practitioner code' })
  subjectCode: string;

  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export interface PointsDeductionView {
  id: string;
  item: string;
  label: string;
  points: number;
  occurredOn: string;
  note: string;
  recordedAt: string;
}

export interface PointsView {
  subjectType: PointsSubjectType;
  subjectCode: string;
  year: number;
  total: number;
  /** What the total triggered with this deduction, if anything. */
  consequence?: 'SUSPENDED_3_MONTHS' | 'SUSPENDED_6_MONTHS' | 'CANCELLED';
  history: PointsDeductionView[];
}
