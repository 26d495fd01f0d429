import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

/**
 * 按人头付费 (门诊统筹) — the outpatient care of the primary-care institutions a city pays per head
 * is paid by the number of insured persons enrolled with each (签约/定点人数) × the annual rate per
 * person, a twelfth each month, instead of by item (SET-02, 002_… 按人头付费). Patients settle by item
 * at the counter as always; once a month has ended, the city proposes the month's capitation for one
 * insurance type with each institution's enrolment, and a second officer approves it. For each
 * institution the fund then owes **share = annual rate × enrolled ÷ 12** (one half-up rounding to
 * the fen) instead of the item payments of its outpatient settlements of the month (Σ `hifp_pay`,
 * reversals netted): the difference `share − item payments` is posted (cause `case-payment`, so the
 * next monthly run shows it as `CASE_PAYMENT`) — more than by item: paid to the institution (结余留用),
 * less: recovered (超支自负). Once per city, month and insurance type.
 *
 * Left out (named in the issue note): settlements of the month that arrive after the approval stay
 * paid by item; enrolment is entered with the proposal (no enrolment register).
 */
export const CapitationSubjects = {
  /** gateway → fund: propose a month's capitation (city officers). Reply: `ApprovalView<CapitationProposal>`; its institutions are the approval's items. */
  propose: 'mi.v1.fund.capitation.propose',
  /** gateway → fund: a posted month's capitation with a page of its institutions. Reply: {@link CapitationView}. */
  get: 'mi.v1.fund.capitation.get',
} as const;

export const CAPITATION_ACTION = 'fund.capitation';

export const CapitationEventSubjects = {
  /** A month's capitation was approved and posted. Payload: {@link CapitationPostedPayload}. */
  CapitationPosted: 'evt.fund.CapitationPosted',
} as const;

const CITY = /^\d{4}00$/;

export class CapitationKey {
  @Matches(CITY, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be yyyy-MM' })
  period: string;

  /** 310 employee or 390 resident basic medical insurance (maternity is not paid per head). */
  @IsIn(['310', '390'], { message: 'insutype must be 310 or 390' })
  insutype: string;
}

export class CapitationInstitutionDto {
  @Matches(/^[A-Za-z][0-9]{11}$/, { message: 'institutionCode must be a letter and 11 digits (e.g. H43010200001)' })
  institutionCode: string;

  /** Insured persons of the insurance type enrolled with the institution for the month (签约/定点人数). */
  @IsInt({ message: 'enrolled must be a whole number of persons' })
  @Min(0, { message: 'enrolled must be 0 or more' })
  @Max(10_000_000, { message: 'enrolled must be at most 10,000,000' })
  enrolled: number;
}

export class ProposeCapitationRequest extends CapitationKey {
  /** 人头标准: what the fund pays per enrolled person a year, in fen. */
  @Matches(/^[1-9]\d{0,9}$/, { message: 'annualRateFen must be a positive whole number of fen (per person and year)' })
  annualRateFen: string;

  @IsArray()
  @ArrayMinSize(1, { message: 'institutions must list at least one institution' })
  @ArrayMaxSize(5000, { message: 'institutions: at most 5,000' })
  @ValidateNested({ each: true })
  @Type(() => CapitationInstitutionDto)
  institutions: CapitationInstitutionDto[];

  @IsString()
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;
}

export class CapitationQuery extends CapitationKey {
  @IsOptional()
  @IsInt({ message: 'limit must be a whole number 1–200' })
  @Min(1, { message: 'limit must be a whole number 1–200' })
  @Max(200, { message: 'limit must be a whole number 1–200' })
  limit?: number;

  @IsOptional()
  @IsInt({ message: 'offset must be a whole number ≥ 0' })
  @Min(0, { message: 'offset must be a whole number ≥ 0' })
  offset?: number;
}

/** One institution's month: its share by head against the item payments of its outpatient settlements. */
export interface CapitationItemView {
  institutionCode: string;
  enrolled: number;
  /** annual rate × enrolled ÷ 12, half-up. */
  shareFen: string;
  /** Outpatient settlements of the month (reversals netted) and what the fund paid for them by item. */
  settlements: number;
  itemPaidFen: string;
  /** share − item payments: > 0 paid to the institution, < 0 recovered. */
  adjustmentFen: string;
  /** The working in words. */
  steps: string[];
  /** The posted entry, once approved (none when the adjustment is 0). */
  entryId?: string | null;
}

export interface CapitationProposal {
  admdvs: string;
  period: string;
  insutype: string;
  annualRateFen: string;
  institutions: number;
  enrolled: number;
  shareFen: string;
  itemPaidFen: string;
  totalAdjustmentFen: string;
  /** sha256 over the figures and every institution's line, re-checked at approval. */
  digest: string;
  reason: string;
}

export interface CapitationView {
  summary: Omit<CapitationProposal, 'reason'>;
  approvalId: string;
  approvedBy: string;
  approvedAt: string;
  items: CapitationItemView[];
  total: number;
  limit: number;
  offset: number;
}

export interface CapitationPostedPayload {
  capitationId: string;
  approvalId: string;
  admdvs: string;
  period: string;
  insutype: string;
  institutions: number;
  totalAdjustmentFen: string;
  digest: string;
}
