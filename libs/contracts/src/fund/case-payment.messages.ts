import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PageRequest } from '../agreement/registry.messages';

/**
 * 按病种付费 (DRG / DIP) — inpatient discharges of the institutions a city pays by disease group are
 * paid by their group's payment standard, not by item (SET-02/03/07, 002_…). The patient settles
 * by item at the counter as always; what the basic pooled fund owes the institution for the case
 * becomes the standard less what the fund did not pay (`medfee_sumamt − hifp_pay`: the patient's
 * part and any one-stop fund's), never less than nothing. Fund pooling posts the difference to the
 * item-based payment it already owes (the case's `hifp_pay`) as one balanced entry per case (cause
 * `case-payment`): a credit to the institution when the group pays more (超支病例由标准补足 — the
 * institution keeps a surplus: 结余留用), a debit when it pays less. The monthly run shows these as
 * `CASE_PAYMENT` on the statement.
 *
 * - **Scheme** (病种付费方案) per city, year and method, by maker-checker: the rate (DRG 基础费率 per
 *   weight 1.0; DIP 预算点值 = (DIP budget − reserve) ÷ expected points, kept as an exact fraction),
 *   the institutions it pays with their coefficient (机构系数/等级系数, percent), the groups with
 *   their weight (DRG) or points (DIP), and the cap on special cases (特例单议: DRG ≤ 5 %, DIP ≤ 5 ‰
 *   of grouped cases, per institution and year). A later version replaces it for cases grouped after.
 * - **Grouping** (分组结果): the city's grouper gives each discharge's group (from the settlement
 *   list, 医保结算清单); a case may instead be flagged a special case (paid by item, listed for
 *   manual review) while within the cap. A case is grouped once; a retried identical grouping is a
 *   replay. A settlement reversed after grouping reverses its entry.
 *
 * - **DIP year-end settlement** (结算点值, SET-03): once the year has ended, the settlement point value
 *   = (the year's DIP budget − reserve, latest scheme version) ÷ Σ (points × coefficient) of the
 *   year's grouped DIP cases (special and reversed cases left out); every case is paid again at it
 *   (same rounding, same floor at 0) and the difference to what its grouping paid is posted per
 *   institution and insurance type (cause `case-payment`), by maker-checker, once per city and year.
 *
 * Left out (named in the issue note): regrouping a case, special cases converted to points, and
 * the grouper itself (the platform takes its results).
 */
export const CasePaymentSubjects = {
  /** gateway → fund: propose a scheme (city officers). Reply: `ApprovalView<CasePaymentSchemeProposal>`; groups and institutions are the approval's items. */
  proposeScheme: 'mi.v1.fund.case-payment.scheme.propose',
  /** gateway → fund: the scheme in force of a city, year and method, with a page of its groups. Reply: {@link CasePaymentSchemeView}. */
  scheme: 'mi.v1.fund.case-payment.scheme.get',
  /** gateway → fund: record the grouper's results for discharges (city officers). Reply: {@link CaseGroupingReply}. */
  group: 'mi.v1.fund.case-payment.group',
  /** gateway → fund: grouped cases of a city's month, with each case's working. Reply: {@link GroupedCasePage}. */
  cases: 'mi.v1.fund.case-payment.cases',
  /** gateway → fund: propose a DIP year-end settlement (结算点值) of an ended year (city officers). Reply: `ApprovalView<DipSettlementProposal>`; its per-institution figures are the approval's items. */
  proposeDipSettlement: 'mi.v1.fund.case-payment.dip-settlement.propose',
  /** gateway → fund: a year's DIP settlement, as posted or provisional, a page of institutions at a time. Reply: {@link DipSettlementView}. */
  dipSettlement: 'mi.v1.fund.case-payment.dip-settlement.get',
} as const;

export const DIP_SETTLEMENT_ACTION = 'fund.dip-settlement';

export const CASE_PAYMENT_SCHEME_ACTION = 'fund.case-payment-scheme';

export const CasePaymentEventSubjects = {
  /** A scheme version was approved. Payload: {@link CasePaymentSchemeSetPayload}. */
  CasePaymentSchemeSet: 'evt.fund.CasePaymentSchemeSet',
  /** Discharges were grouped and their payments posted. Payload: {@link CasesGroupedPayload}. */
  CasesGrouped: 'evt.fund.CasesGrouped',
  /** A DIP year-end settlement was approved and posted. Payload: {@link DipSettlementPostedPayload}. */
  DipSettlementPosted: 'evt.fund.DipSettlementPosted',
} as const;

/**
 * DRG (weight × base rate), DIP (points × point value) and BED_DAY (按床日付费: bed-days × weight ×
 * daily rate, for long stays such as psychiatric or rehabilitation care). An institution is paid by
 * one method a year.
 */
export const CASE_PAYMENT_METHODS = ['DRG', 'DIP', 'BED_DAY'] as const;
export type CasePaymentMethod = (typeof CASE_PAYMENT_METHODS)[number];

const CITY = /^\d{4}00$/;
const CITY_MESSAGE = 'admdvs must be a city (pooling region) code xxxx00';
/** A positive whole number of fen (at most 10^16 − 1). */
const POSITIVE_FEN = /^[1-9]\d{0,15}$/;
const FEN = /^(0|[1-9]\d{0,15})$/;
/** A positive decimal with up to 4 places (weights and points): `1.2345`, `850`. */
const WEIGHT = /^(0|[1-9]\d{0,5})(\.\d{1,4})?$/;
/** A coefficient in percent, 1–1000 with up to 2 decimals: `100`, `95.5`. */
const COEFFICIENT = /^(1000(\.0{1,2})?|[1-9]\d{0,2}(\.\d{1,2})?)$/;
const INSTITUTION = /^[A-Za-z][0-9]{11}$/;
const INSTITUTION_MESSAGE = 'institutionCode must be a letter and 11 digits (e.g. H43010200001)';

export class CasePaymentSchemeKey {
  @Matches(CITY, { message: CITY_MESSAGE })
  admdvs: string;

  @IsInt({ message: 'year must be a whole number' })
  @Min(2000, { message: 'year must be 2000–2100' })
  @Max(2100, { message: 'year must be 2000–2100' })
  year: number;

  @IsIn(CASE_PAYMENT_METHODS, { message: 'method must be DRG, DIP or BED_DAY' })
  method: CasePaymentMethod;
}

export class CasePaymentInstitutionDto {
  @Matches(INSTITUTION, { message: INSTITUTION_MESSAGE })
  institutionCode: string;

  /** 机构系数 (DRG) / 等级系数 (DIP), percent: 100 pays the standard as it is. */
  @Matches(COEFFICIENT, { message: 'coefficientPercent must be a percentage 1–1000 with up to 2 decimals, as a string' })
  coefficientPercent: string;
}

export class CasePaymentGroupDto {
  /** DRG group (`ES23`, `FR21` …), DIP disease type code or bed-day category (`CD-PSY` …). */
  @Matches(/^[A-Za-z0-9.+_-]{2,30}$/, { message: 'code must be 2–30 letters, digits or . + _ -' })
  code: string;

  @IsString()
  @Length(1, 100, { message: 'name must be 1–100 characters' })
  name: string;

  /** DRG relative weight (相对权重), DIP points (分值) or bed-day weight (床日权重): a positive decimal with up to 4 places. */
  @Matches(WEIGHT, { message: 'weight must be a positive decimal with up to 4 places (DRG weight or DIP points), as a string' })
  weight: string;
}

export class ProposeCasePaymentSchemeRequest extends CasePaymentSchemeKey {
  /**
   * DRG: 基础费率 — what weight 1.0 pays, in fen; BED_DAY: 床日费率 — what one bed-day at weight 1.0
   * pays, in fen. Required for DRG and BED_DAY, refused for DIP.
   */
  @IsOptional()
  @Matches(POSITIVE_FEN, { message: 'rateFen must be a positive whole number of fen' })
  rateFen?: string;

  /** DIP: the year's DIP budget (按病种分值付费预算), fen. Required for DIP, refused for DRG. */
  @IsOptional()
  @Matches(POSITIVE_FEN, { message: 'dipBudgetFen must be a positive whole number of fen' })
  dipBudgetFen?: string;

  /** DIP: the reserve kept out of the budget (调节金), fen; default 0. */
  @IsOptional()
  @Matches(FEN, { message: 'dipReserveFen must be a whole number of fen ≥ 0' })
  dipReserveFen?: string;

  /** DIP: the year's expected total points (预计总分值), from last year's cases; the budget point value divides by it. */
  @IsOptional()
  @Matches(/^[1-9]\d{0,11}$/, { message: 'dipExpectedPoints must be a positive whole number of points' })
  dipExpectedPoints?: string;

  /** 特例单议 cap, per mille of an institution's grouped cases of the year: default 50 (5 %) for DRG and BED_DAY, 5 (5 ‰) for DIP. */
  @IsOptional()
  @IsInt({ message: 'specialCasePermille must be a whole number 0–100' })
  @Min(0, { message: 'specialCasePermille must be a whole number 0–100' })
  @Max(100, { message: 'specialCasePermille must be a whole number 0–100' })
  specialCasePermille?: number;

  @IsArray()
  @ArrayMinSize(1, { message: 'institutions must list at least one institution' })
  @ArrayMaxSize(5000, { message: 'institutions: at most 5,000' })
  @ValidateNested({ each: true })
  @Type(() => CasePaymentInstitutionDto)
  institutions: CasePaymentInstitutionDto[];

  @IsArray()
  @ArrayMinSize(1, { message: 'groups must list at least one group' })
  @ArrayMaxSize(8000, { message: 'groups: at most 8,000 per message' })
  @ValidateNested({ each: true })
  @Type(() => CasePaymentGroupDto)
  groups: CasePaymentGroupDto[];

  @IsString()
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;
}

/** What a scheme proposal carries: its figures and the digest of its items (groups and institutions). */
export interface CasePaymentSchemeProposal {
  admdvs: string;
  year: number;
  method: CasePaymentMethod;
  version: number;
  rateFen: string | null;
  dipBudgetFen: string | null;
  dipReserveFen: string | null;
  dipExpectedPoints: string | null;
  /** The rate in words: `基础费率 ¥10,000.00 / 权重 1.0` or `预算点值 = (¥… − ¥…) ÷ … 分 ≈ ¥…/分`. */
  rate: string;
  specialCasePermille: number;
  institutions: number;
  groups: number;
  digest: string;
  reason: string;
}

/** An item of a scheme proposal: `group/<code>` or `institution/<code>`. */
export type CasePaymentSchemeItem = ({ kind: 'group' } & CasePaymentGroupDto) | ({ kind: 'institution' } & CasePaymentInstitutionDto);

/** A scheme's key with a page of its groups (code order; limit default 50). */
export class CasePaymentSchemeQuery extends CasePaymentSchemeKey {
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

export interface CasePaymentSchemeView extends Omit<CasePaymentSchemeProposal, 'digest' | 'reason'> {
  id: string;
  approvalId: string;
  approvedBy: string;
  approvedAt: string;
  institutionList: { institutionCode: string; coefficientPercent: string }[];
  /** A page of groups in code order. */
  groupPage: { items: { code: string; name: string; weight: string }[]; total: number; limit: number; offset: number };
}

export interface CasePaymentSchemeSetPayload {
  schemeId: string;
  approvalId: string;
  admdvs: string;
  year: number;
  method: CasePaymentMethod;
  version: number;
  institutions: number;
  groups: number;
  digest: string;
}

export class CaseGroupingDto {
  /** The settlement (setl_id) of the discharge, as the HIS settled it. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'setlId must be 1–40 letters, digits, _ or -' })
  setlId: string;

  /** The group the grouper assigned (a code of the scheme in force). Not needed for a special case. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.+_-]{2,30}$/, { message: 'groupCode must be 2–30 letters, digits or . + _ -' })
  groupCode?: string;

  /** 特例单议: paid by item and listed for manual review, within the scheme's cap. */
  @IsOptional()
  @IsBoolean({ message: 'specialCase must be true or false' })
  specialCase?: boolean;
}

export class GroupCasesRequest {
  @Matches(CITY, { message: CITY_MESSAGE })
  admdvs: string;

  @IsArray()
  @ArrayMinSize(1, { message: 'cases must list at least one case' })
  @ArrayMaxSize(1000, { message: 'cases: at most 1,000 per request' })
  @ValidateNested({ each: true })
  @Type(() => CaseGroupingDto)
  cases: CaseGroupingDto[];
}

/** One case's payment: the standard, what the fund did not pay, the group payment and the adjustment to the item-based payment. */
export interface GroupedCaseView {
  setlId: string;
  institutionCode: string;
  insutype: string;
  setlDate: string;
  method: CasePaymentMethod;
  schemeVersion: number;
  groupCode: string | null;
  groupName: string | null;
  specialCase: boolean;
  medfeeSumamtFen: string;
  hifpPayFen: string;
  /** Bed-days of the stay (discharge − admission date, at least 1); null when the settlement did not say (BED_DAY cannot pay it). */
  bedDays: number | null;
  standardFen: string;
  casePaymentFen: string;
  /** casePayment − hifpPay: posted to the institution (positive: owed more; negative: owed less). */
  adjustmentFen: string;
  reversed: boolean;
  steps: string[];
  entryId: string | null;
}

export interface CaseGroupingResult {
  setlId: string;
  status: 'GROUPED' | 'SPECIAL_CASE' | 'REPLAY' | 'REFUSED';
  case?: GroupedCaseView;
  /** For REFUSED: the code and why (which field). */
  error?: { code: string; message: string; field: string };
}

export interface CaseGroupingReply {
  admdvs: string;
  grouped: number;
  special: number;
  replays: number;
  refused: number;
  /** Sum of the adjustments posted by this request, fen. */
  adjustmentFen: string;
  results: CaseGroupingResult[];
}

export interface CasesGroupedPayload {
  admdvs: string;
  groupedBy: string;
  cases: { setlId: string; institutionCode: string; method: CasePaymentMethod; groupCode: string | null; specialCase: boolean; adjustmentFen: string }[];
}

export class GroupedCaseQuery extends PageRequest {
  @Matches(CITY, { message: CITY_MESSAGE })
  admdvs: string;

  /** Settlement month `yyyy-MM`. */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be yyyy-MM' })
  period: string;

  @IsOptional()
  @Matches(INSTITUTION, { message: INSTITUTION_MESSAGE })
  institutionCode?: string;

  /** Only the special cases (特例单议) — the manual review list. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'specialOnly must be true or false' })
  specialOnly?: boolean;
}

export interface GroupedCasePage {
  admdvs: string;
  period: string;
  items: GroupedCaseView[];
  total: number;
  limit: number;
  offset: number;
  /** Over the whole query, not the page. */
  totalAdjustmentFen: string;
}

export class DipSettlementRequest {
  @Matches(CITY, { message: CITY_MESSAGE })
  admdvs: string;

  @IsInt({ message: 'year must be a whole number' })
  @Min(2000, { message: 'year must be 2000–2100' })
  @Max(2100, { message: 'year must be 2000–2100' })
  year: number;
}

export class ProposeDipSettlementRequest extends DipSettlementRequest {
  @IsString()
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;
}

/** A year's DIP settlement with a page of its institutions (limit default 50). */
export class DipSettlementQuery extends DipSettlementRequest {
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

/** One institution and insurance type: its cases paid again at the settlement point value. */
export interface DipSettlementItemView {
  institutionCode: string;
  insutype: string;
  cases: number;
  /** Σ points × coefficient, 6 decimals. */
  points: string;
  /** What the groupings paid (budget point value). */
  paidFen: string;
  /** The same cases at the settlement point value. */
  settledFen: string;
  /** settled − paid: > 0 paid to the institution, < 0 recovered. */
  adjustmentFen: string;
  /** The posted entry, once approved (none when the adjustment is 0). */
  entryId?: string | null;
}

export interface DipSettlementProposal {
  admdvs: string;
  year: number;
  schemeVersion: number;
  /** DIP budget − reserve of the scheme in force. */
  availableFen: string;
  /** Σ points × coefficient of the year's grouped DIP cases, 6 decimals. */
  totalPoints: string;
  budgetPointValue: string;
  /** In words: `结算点值 = ¥… ÷ … 分 ≈ ¥…/分`. */
  settlementPointValue: string;
  cases: number;
  institutions: number;
  totalAdjustmentFen: string;
  digest: string;
  reason: string;
}

export interface DipSettlementView {
  admdvs: string;
  year: number;
  status: 'POSTED' | 'PROVISIONAL';
  approvalId: string | null;
  summary: Omit<DipSettlementProposal, 'reason'>;
  items: DipSettlementItemView[];
  total: number;
  limit: number;
  offset: number;
}

export interface DipSettlementPostedPayload {
  settlementId: string;
  approvalId: string;
  admdvs: string;
  year: number;
  institutions: number;
  totalAdjustmentFen: string;
  digest: string;
}
