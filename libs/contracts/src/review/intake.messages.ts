import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, Matches } from 'class-validator';
import { Admdvs } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';
import { CarriesRawRecords } from '../validation/raw-records';

/** Settlement intake (结算数据归集) and 100 % initial review — claims-review-service. */
export const ReviewIntakeSubjects = {
  /**
   * gateway (HIS) → claims-review: a batch of 1..5000 settlements in the NHSA `setl_d` shape, each
   * with its `fee_list[]` (NHSA-INTERFACES.md §9; amounts as strings or numbers, unknown keys
   * ignored). Every record's `fixmedins_code` must be the calling HIS's institution.
   * Reply: {@link SettlementIntakeReply} — one result per record, in order.
   */
  intake: 'mi.v1.review.intake',
} as const;

/** Events of claims-review-service, `evt.review.<EventName>`. */
export const ReviewEventSubjects = {
  /** A settlement was stored and reviewed (one per settlement). */
  ClaimSettled: 'evt.review.ClaimSettled',
} as const;

export const INTAKE_MAX_BATCH = 5000;

/** The records are parsed by claims-review (settlement.mapper), so the pipe does not copy them. */
@CarriesRawRecords()
export class SettlementIntakeRequest {
  /** The settlements as the HIS sent them (`setl_d` fields + `fee_list[]`), parsed leniently by the service; a non-object is refused on its own. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INTAKE_MAX_BATCH)
  settlements: unknown[];
}

export type IntakeStatus = 'ACCEPTED' | 'DUPLICATE' | 'REFUSED';

export interface IntakeReason {
  /** `VALIDATION`, `REVIEW.DUPLICATE_SETTLEMENT`, `AGREEMENT_SUSPENDED`, … */
  code: string;
  /** NHSA path of the offending field, e.g. `settlements[3].fee_list[2].pric`. */
  field?: string;
  message: string;
}

/** One finding of the initial review, as answered to the HIS. */
export interface IntakeFindingView {
  rule_id: string;
  rule_version: number;
  severity: string;
  /** Amount concerned, yuan (`12.30`). */
  vola_amt: string;
  vola_cont: string;
}

export interface IntakeResult {
  setl_id: string;
  status: IntakeStatus;
  reasons?: IntakeReason[];
  findings?: IntakeFindingView[];
  /** Rule set that reviewed it (`430100#2`); absent for refused records and reversals. */
  rule_set?: string;
}

export interface SettlementIntakeReply {
  results: IntakeResult[];
}

/**
 * 一站式结算 — the fund payers of a settlement other than the basic pooled fund (`hifp_pay`), keyed
 * as `ClaimSettledPayload.fundPartsFen` is, with the NHSA `setlinfo` field each comes from
 * (NHSA-INTERFACES.md §9). The personal account (`acct_pay`), the patient's cash and the hospital's
 * own share (`hosp_part_amt`) are not fund payers.
 */
export const CLAIM_SETTLED_FUND_PAYERS = {
  /** 公务员医疗补助 */
  cvlservPay: 'cvlserv_pay',
  /** 企业补充医疗保险 */
  hifesPay: 'hifes_pay',
  /** 居民大病保险 */
  hifmiPay: 'hifmi_pay',
  /** 职工大额医疗费用补助 */
  hifobPay: 'hifob_pay',
  /** 医疗救助 */
  mafPay: 'maf_pay',
  /** 伤残人员医疗保障基金 */
  hifdmPay: 'hifdm_pay',
  /** 其他基金支付 */
  othPay: 'oth_pay',
} as const;
export type ClaimSettledFundPayer = keyof typeof CLAIM_SETTLED_FUND_PAYERS;
/** Integer fen per fund payer (a reversal's are negative). */
export type ClaimSettledFundParts = Partial<Record<ClaimSettledFundPayer, string>>;

/** Payload of `evt.review.ClaimSettled`. */
export interface ClaimSettledPayload {
  settlementId: string;
  setlId: string;
  mdtrtId: string;
  psnNo: string;
  institutionCode: string;
  poolarea: string;
  /** 险种 310 / 390 / 510 … (which fund pays). */
  insutype: string;
  setlDate: string;
  medfeeSumamtFen: string;
  hifpPayFen: string;
  acctPayFen: string;
  psnCashPayFen: string;
  reversal: boolean;
  /** A reversal's original settlement (`init_setl_id`); absent otherwise and on events published before it was added. */
  initSetlId?: string;
  ruleSet: string | null;
  findings: number;
  /**
   * 一站式结算 — what the settlement's other funds paid besides the basic pooled fund (`hifpPayFen`),
   * integer fen per payer (negative in a reversal), only the payers with a non-zero amount. The
   * institution collected the patient's part at the counter; each of these parts is owed to it by
   * the bureau from that fund. Absent on events published before it was added and when the
   * settlement has no other fund payer; a consumer must not require it.
   */
  fundPartsFen?: ClaimSettledFundParts;
  /**
   * The visit as the anomaly detectors need it (monitoring). Absent on events published before it
   * was added; a consumer must not require it.
   */
  visit?: ClaimSettledVisit;
}

/** When, who (sex and age, never the identity) and what kind of visit a settlement paid for. */
export interface ClaimSettledVisit {
  /** Settlement instant, ISO 8601 UTC. */
  setlTime: string;
  /** GB/T 2261.1: 1 male, 2 female. */
  gend: string;
  /** Whole years at the settlement date. */
  ageYears: number;
  /** med_mdtrt_type: 1 outpatient, 2 inpatient, 3 pharmacy purchase, 4 other. */
  treatmentMode: string;
  medType: string;
  begndate: string;
  enddate: string | null;
  /** 就诊科室 and 主治医师 when the HIS sent them. */
  department: string | null;
  doctor: string | null;
}

/** `mi.v1.review.draw-sample` — gateway (city officer, reviewer) → claims-review: the ≥ 5 % re-review sample of a month. */
export const SAMPLE_SUBJECT = 'mi.v1.review.draw-sample';

export class DrawSampleRequest {
  @ParsedBy((v) => Admdvs.parse(v, 'poolarea'))
  poolarea: string;

  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be yyyy-MM' })
  period: string;

  /** Reproduce an earlier draw by giving its seed; a new random seed otherwise. */
  @IsOptional()
  @Matches(/^[0-9a-f]{8,64}$/, { message: 'seed must be 8–64 hex characters' })
  seed?: string;
}

export interface SampleDrawView {
  id: string;
  poolarea: string;
  period: string;
  seed: string;
  population: number;
  drawn: number;
  strata: Record<string, { population: number; ratePermille: number; drawn: number; level: string | null }>;
  settlementIds: string[];
}
