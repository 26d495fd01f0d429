import type { InstitutionLevel, InstitutionLevelNumber, InstitutionType } from '@mi/domain';
import type { Fen } from './money';

export interface County {
  readonly admdvs: string;
  readonly name: string;
  readonly urban: boolean;
}

/** 定点医药机构. */
export interface Institution {
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  readonly uscc: string;
  readonly type: InstitutionType;
  /** 1–3, 0 = 未定级. */
  readonly level: InstitutionLevelNumber;
  /** Platform level code (`3A`, `2B`, `0`). */
  readonly hosp_lv: InstitutionLevel;
  readonly admdvs: string;
  readonly poolarea: string;
  readonly beds: number;
  /** Relative visit volume. */
  readonly weight: number;
}

/** 医保医师 / 药师. */
export interface Practitioner {
  readonly prac_code: string;
  readonly prac_name: string;
  readonly prac_type: 'doctor' | 'pharmacist';
  readonly fixmedins_code: string;
  readonly dept_codg: string;
  readonly credit_points: number;
}

/** 参保人 (synthetic). `brdy` is an epoch day. */
export interface Person {
  readonly index: number;
  readonly psn_no: string;
  readonly psn_name: string;
  readonly certno: string;
  readonly gend: '1' | '2';
  readonly brdy: number;
  readonly insutype: '310' | '390';
  readonly admdvs: string;
}

export interface City {
  readonly admdvs: string;
  readonly name: string;
  readonly year: number;
  readonly counties: readonly County[];
  readonly institutions: readonly Institution[];
  readonly practitioners: readonly Practitioner[];
  readonly persons: readonly Person[];
}

export type TreatmentModeCode = '1' | '2' | '3';

export interface FeeLine {
  readonly feedetl_sn: string;
  /** Epoch day and second of day of `fee_ocur_time`. */
  readonly day: number;
  readonly second: number;
  readonly code: string;
  readonly name: string;
  readonly listType: string;
  readonly chargeType: string;
  /** Quantity in hundredths. */
  readonly cnt: number;
  readonly pric: Fen;
  readonly amount: Fen;
  readonly dept: string;
  readonly doctor: string;
  readonly days?: number;
}

export interface Diagnosis {
  readonly code: string;
  readonly name: string;
}

/** 手术操作 (ICD-9-CM-3 医保版) on an epoch day; the first of a visit is the main one. */
export interface Operation {
  readonly code: string;
  readonly name: string;
  readonly day: number;
}

/** One settled encounter: 就诊 (mdtrt_d) + 结算 (setl_d) + 费用明细 (fee_list_d). */
export interface Visit {
  readonly seq: number;
  readonly mdtrt_id: string;
  readonly setl_id: string;
  readonly person: Person;
  readonly institution: Institution;
  readonly medType: string;
  readonly mode: TreatmentModeCode;
  readonly beginDay: number;
  readonly beginSecond: number;
  readonly endDay: number;
  readonly endSecond: number;
  readonly diagnoses: readonly Diagnosis[];
  readonly operations: readonly Operation[];
  readonly dept: readonly [string, string];
  readonly doctor: string;
  readonly lines: readonly FeeLine[];
  readonly amounts: SettlementAmounts;
}

export interface SettlementAmounts {
  readonly medfee_sumamt: Fen;
  readonly fulamt_ownpay_amt: Fen;
  readonly overlmt_selfpay: Fen;
  readonly preselfpay_amt: Fen;
  readonly inscp_scp_amt: Fen;
  readonly act_pay_dedc: Fen;
  readonly hifp_pay: Fen;
  /** Ratio in per mille (750 = 0.75). */
  readonly pool_prop_permille: number;
  readonly fund_pay_sumamt: Fen;
  readonly psn_part_amt: Fen;
  readonly acct_pay: Fen;
  readonly psn_cash_pay: Fen;
}

/** Ground truth: a visit built to violate `rule_id`; `line_ids` are its violating lines (`feedetl_sn`; empty for claim rules without lines). */
export interface RuleLabel {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly rule_id: string;
  readonly line_ids: readonly string[];
}

export type AnomalyType =
  | 'SETTLEMENT_BURST'
  | 'PERSON_MANY_SETTLEMENTS_DAY'
  | 'YOUNG_ADULT_INPATIENT_SPIKE'
  | 'LARGE_EXPENDITURE'
  | 'OUTPATIENT_DURING_STAY'
  | 'GENDER_AGE_INCONSISTENT'
  | 'READMISSION_7D';

export const ANOMALY_TYPES: readonly AnomalyType[] = [
  'SETTLEMENT_BURST',
  'PERSON_MANY_SETTLEMENTS_DAY',
  'YOUNG_ADULT_INPATIENT_SPIKE',
  'LARGE_EXPENDITURE',
  'OUTPATIENT_DURING_STAY',
  'GENDER_AGE_INCONSISTENT',
  'READMISSION_7D',
];

export interface AnomalyLabel {
  readonly anomaly_id: string;
  readonly anomaly_type: AnomalyType;
  readonly setl_ids: readonly string[];
  readonly fixmedins_code?: string;
  readonly psn_no?: string;
  readonly from?: string;
  readonly to?: string;
  readonly detail: Readonly<Record<string, string | number | boolean>>;
}

/** What {@link visits} yields: a visit with the labels it completes. */
export interface VisitEvent {
  readonly visit: Visit;
  readonly labels: readonly RuleLabel[];
  readonly anomalies: readonly AnomalyLabel[];
}
