import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { LocalDate } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';
import { PageRequest } from './registry.messages';

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
  /** Where it came from when not entered by an officer: the confirmed violation's ids. */
  evidence?: Record<string, string>;
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

export const POINTS_PROPOSAL_STATUSES = ['PENDING', 'CONFIRMED', 'DISMISSED'] as const;
export type PointsProposalStatus = (typeof POINTS_PROPOSAL_STATUSES)[number];

/**
 * `mi.v1.agreement.list-points-proposals` — 记分建议 from confirmed review violations that the
 * points policy does not score by itself, in the caller's region, newest first. Reply
 * `Page<PointsProposalView>`.
 */
export class ListPointsProposalsRequest extends PageRequest {
  @IsOptional()
  @IsIn([...POINTS_PROPOSAL_STATUSES], { message: `status must be one of ${POINTS_PROPOSAL_STATUSES.join(', ')}` })
  status?: PointsProposalStatus;
}

/**
 * `mi.v1.agreement.decide-points-proposal` — an officer of the subject's region confirms a pending
 * proposal (it becomes a deduction, with the thresholds' consequences) or dismisses it. Reply
 * {@link PointsProposalView}. Errors: VALIDATION, NOT_FOUND, AGREEMENT.PROPOSAL_DECIDED.
 */
export class DecidePointsProposalRequest {
  @IsUUID('all', { message: 'proposalId must be a UUID' })
  proposalId: string;

  @IsIn(['confirm', 'dismiss'], { message: 'decision must be confirm or dismiss' })
  decision: 'confirm' | 'dismiss';

  @IsString()
  @Length(2, 2000, { message: 'note must be 2–2000 characters' })
  note: string;
}

export interface PointsProposalView {
  id: string;
  subjectType: PointsSubjectType;
  subjectCode: string;
  item: string;
  label: string;
  points: number;
  occurredOn: string;
  reason: string;
  /** Ids of the confirmed violation (caseId, caseNo, settlementId, setlId). */
  evidence: Record<string, string>;
  status: PointsProposalStatus;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  deductionId: string | null;
}
