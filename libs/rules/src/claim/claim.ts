import {
  ChargeType,
  Gender,
  InstitutionType,
  InsuranceType,
  ListType,
  LocalDate,
  MedicalType,
  Money,
  TreatmentMode,
  TriggerScene,
  ValidationError,
  type InstitutionLevelNumber,
} from '@mi/domain';
import { Quantity } from './quantity';

/**
 * Review stage of a claim and of a rule: 事前 `pre` (before charging, 3101), 事中 `in` (at
 * settlement, 3102), 事后 `post` (after settlement, the 100% machine review).
 */
export type RuleStage = 'pre' | 'in' | 'post';
export const RULE_STAGES: readonly RuleStage[] = ['pre', 'in', 'post'];

/** 参保人 — the insured person as the rules see them. */
export interface ClaimPatient {
  /** 人员编号 `psn_no` (3101: `patn_id`). */
  readonly psnNo: string;
  readonly gender: Gender;
  readonly birthDate: LocalDate;
}

/** 定点医药机构 — where the care was given. */
export interface ClaimInstitution {
  /** `fixmedins_code` (3101: `medins_id`). */
  readonly code: string;
  /** 一级/二级/三级; 0 = 未定级 (clinics, pharmacies). Tenants map `medins_lv` onto it. */
  readonly level: InstitutionLevelNumber;
  readonly type: InstitutionType;
  /** 6-digit GB/T 2260 region of the institution (`medins_admdvs`). */
  readonly admdvs: string;
  /** 统筹区 — the city pooling region (`poolarea`). */
  readonly poolarea: string;
}

/** One diagnosis (ICD-10 code, upper case as given: `I63.9`, `O80.001`). */
export interface ClaimDiagnosis {
  readonly code: string;
  readonly name?: string;
  readonly isMain: boolean;
}

/**
 * 手术操作 — one operation or procedure of the encounter (3101/3102 `fsi_operation_dtos[]`, 结算清单
 * `oprninfo[]`), coded in ICD-9-CM-3 医保版 (`68.4100`, `47.0900`), upper case as given.
 */
export interface ClaimOperation {
  readonly code: string;
  readonly name?: string;
  /** 主手术操作标志 `main_oprn_flag`. */
  readonly isMain: boolean;
  /** 手术操作日期 `oprn_date`, when known. */
  readonly date?: LocalDate;
}

/**
 * 费用明细 / 处方(医嘱) — one charge line. Lines are **net**: the caller nets refund lines
 * (`init_feedetl_sn`, negative `cnt`) into the original before review.
 */
export interface ClaimLine {
  /** 3101 `rx_id` / fee detail `feedetl_sn`; unique within the claim; echoed as `rx_id` in results. */
  readonly lineId: string;
  /** 医保目录编码 `hilist_code`. */
  readonly hilistCode: string;
  readonly name: string;
  readonly listType: ListType;
  readonly chargeType?: ChargeType;
  readonly quantity: Quantity;
  readonly unitPrice: Money;
  readonly amount: Money;
  /** Business date of the charge (`fee_ocur_time` / `drord_begn_date`, Asia/Shanghai); time of day is not used. */
  readonly serviceDate: LocalDate;
  readonly department?: string;
  readonly doctor?: string;
  /** 用药天数 `prd_days` for drugs, when known. */
  readonly days?: number;
}

/**
 * 就诊/结算 — the normalized claim every rule sees: one encounter (a visit, a stay or a pharmacy
 * purchase), from a 3101/3102 pre-check or a settlement. Build it with {@link createClaim}.
 */
export interface Claim {
  /** 就诊ID `mdtrt_id`. */
  readonly claimId: string;
  /** 结算ID `setl_id`, once settled. */
  readonly setlId?: string;
  readonly stage: RuleStage;
  readonly triggerScene?: TriggerScene;
  readonly patient: ClaimPatient;
  readonly insutype: InsuranceType;
  readonly medType: MedicalType;
  readonly treatmentMode: TreatmentMode;
  readonly institution: ClaimInstitution;
  /** Visit date (outpatient, purchase) or admission date (inpatient): the claim's service date. */
  readonly admissionDate: LocalDate;
  /** Discharge date; absent for visits and open stays. */
  readonly dischargeDate?: LocalDate;
  /** The main diagnosis code, also first in {@link Claim.diagnoses}. */
  readonly mainDiagnosis?: string;
  readonly diagnoses: readonly ClaimDiagnosis[];
  /** Operations, the main one first (empty for most visits). */
  readonly operations: readonly ClaimOperation[];
  readonly department?: string;
  readonly doctor?: string;
  readonly lines: readonly ClaimLine[];
}

export interface ClaimLineInput {
  readonly lineId: string;
  readonly hilistCode: string;
  readonly name: string;
  readonly listType: ListType | string;
  readonly chargeType?: ChargeType | string;
  /** `Quantity`, or a dec(6,2) decimal (`2.5`, `'2.50'`). */
  readonly quantity: Quantity | number | string;
  /** `Money`, or yuan dec(16,2) (`'12.30'`). */
  readonly unitPrice: Money | number | string;
  /** `Money`, or yuan; defaults to unitPrice × quantity rounded half-up to the fen. */
  readonly amount?: Money | number | string;
  readonly serviceDate: LocalDate | string;
  readonly department?: string;
  readonly doctor?: string;
  readonly days?: number;
}

export interface ClaimInput {
  readonly claimId: string;
  readonly setlId?: string;
  readonly stage: RuleStage;
  readonly triggerScene?: TriggerScene | string;
  readonly patient: { readonly psnNo: string; readonly gender: Gender | string; readonly birthDate: LocalDate | string };
  readonly insutype: InsuranceType | string;
  readonly medType: MedicalType | string;
  readonly treatmentMode: TreatmentMode | string;
  readonly institution: {
    readonly code: string;
    readonly level: number;
    readonly type: InstitutionType | string;
    readonly admdvs: string;
    readonly poolarea: string;
  };
  readonly admissionDate: LocalDate | string;
  readonly dischargeDate?: LocalDate | string | null;
  readonly mainDiagnosis?: string;
  /** Other diagnoses (codes, or code + name); the main one may be repeated here. */
  readonly diagnoses?: readonly (string | { readonly code: string; readonly name?: string })[];
  /** Operations (codes, or code + name, main flag, date); the first flagged main is the main one. */
  readonly operations?: readonly (
    string | { readonly code: string; readonly name?: string; readonly isMain?: boolean; readonly date?: LocalDate | string | null }
  )[];
  readonly department?: string;
  readonly doctor?: string;
  readonly lines: readonly ClaimLineInput[];
}

const ADMDVS = /^\d{6}$/;

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(field, 'is required');
  return value;
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
  return value;
}

function toMoney(value: unknown, field: string): Money {
  if (value instanceof Money) {
    if (value.isNegative()) throw new ValidationError(field, 'must not be negative');
    return value;
  }
  return Money.parseYuan(value, field);
}

function diagnosisCode(value: unknown, field: string): string {
  const code = requireText(value, field).trim().toUpperCase();
  if (!/^[A-Z][0-9A-Z.+*-]{1,29}$/.test(code)) throw new ValidationError(field, 'must be an ICD-10 code such as I63.9');
  return code;
}

/**
 * An ICD-9-CM-3 operation code, upper-cased (`68.4100x001` → `68.4100X001`). Only the characters are
 * checked: whether the code exists is the knowledge base's question (手术操作编码异常), not intake's.
 */
function operationCode(value: unknown, field: string): string {
  const code = requireText(value, field).trim().toUpperCase();
  if (!/^[0-9A-Z][0-9A-Z.+*-]{0,29}$/.test(code)) throw new ValidationError(field, 'must be an ICD-9-CM-3 code such as 68.4100');
  return code;
}

function buildOperations(input: ClaimInput['operations']): ClaimOperation[] {
  const operations: ClaimOperation[] = [];
  const seen = new Set<string>();
  (input ?? []).forEach((entry, i) => {
    const raw = typeof entry === 'string' ? { code: entry } : entry;
    const code = operationCode(raw.code, `operations[${i}].code`);
    if (seen.has(code)) return;
    seen.add(code);
    const date = raw.date === undefined || raw.date === null ? undefined : LocalDate.parse(raw.date, `operations[${i}].date`);
    operations.push(
      Object.freeze({ code, ...(raw.name !== undefined ? { name: raw.name } : {}), isMain: raw.isMain === true, ...(date !== undefined ? { date } : {}) }),
    );
  });
  // One main operation, first: the first flagged main, else none.
  const main = operations.findIndex((o) => o.isMain);
  const ordered = main < 0 ? operations : [operations[main], ...operations.filter((_, i) => i !== main)];
  return ordered.map((o, i) => (o.isMain && i > 0 ? Object.freeze({ ...o, isMain: false }) : o));
}

function buildLine(input: ClaimLineInput, field: string): ClaimLine {
  const quantity = Quantity.parse(input.quantity, `${field}.quantity`);
  const unitPrice = toMoney(input.unitPrice, `${field}.unitPrice`);
  const amount = input.amount === undefined ? quantity.toRational().timesMoney(unitPrice, 'HALF_UP') : toMoney(input.amount, `${field}.amount`);
  if (input.days !== undefined && (!Number.isSafeInteger(input.days) || input.days < 1)) {
    throw new ValidationError(`${field}.days`, 'must be a positive integer');
  }
  const line: ClaimLine = {
    lineId: requireText(input.lineId, `${field}.lineId`),
    hilistCode: requireText(input.hilistCode, `${field}.hilistCode`),
    name: requireText(input.name, `${field}.name`),
    listType: ListType.parse(input.listType, `${field}.listType`),
    ...(input.chargeType !== undefined ? { chargeType: ChargeType.parse(input.chargeType, `${field}.chargeType`) } : {}),
    quantity,
    unitPrice,
    amount,
    serviceDate: LocalDate.parse(input.serviceDate, `${field}.serviceDate`),
    ...(optionalText(input.department, `${field}.department`) !== undefined ? { department: input.department } : {}),
    ...(optionalText(input.doctor, `${field}.doctor`) !== undefined ? { doctor: input.doctor } : {}),
    ...(input.days !== undefined ? { days: input.days } : {}),
  };
  return Object.freeze(line);
}

/**
 * Validates and normalizes a claim: dictionary codes parsed, dates and amounts typed, ICD codes
 * upper-cased, the main diagnosis first and diagnoses de-duplicated, operations likewise (the main
 * one first), line ids unique. Throws
 * `ValidationError` naming the offending path (`lines[2].quantity`).
 */
export function createClaim(input: ClaimInput): Claim {
  const admissionDate = LocalDate.parse(input.admissionDate, 'admissionDate');
  const dischargeDate = input.dischargeDate === undefined || input.dischargeDate === null ? undefined : LocalDate.parse(input.dischargeDate, 'dischargeDate');
  if (dischargeDate && dischargeDate.isBefore(admissionDate)) throw new ValidationError('dischargeDate', 'must not be before admissionDate');

  const birthDate = LocalDate.parse(input.patient.birthDate, 'patient.birthDate');
  if (birthDate.isAfter(admissionDate)) throw new ValidationError('patient.birthDate', 'must not be after admissionDate');

  const level = input.institution.level;
  if (level !== 0 && level !== 1 && level !== 2 && level !== 3) throw new ValidationError('institution.level', 'must be 0, 1, 2 or 3');
  for (const key of ['admdvs', 'poolarea'] as const) {
    if (!ADMDVS.test(input.institution[key])) throw new ValidationError(`institution.${key}`, 'must be a 6-digit region code');
  }

  if (!(RULE_STAGES as readonly string[]).includes(input.stage)) throw new ValidationError('stage', `must be one of ${RULE_STAGES.join(', ')}`);

  const diagnoses: ClaimDiagnosis[] = [];
  const seen = new Set<string>();
  const mainDiagnosis = input.mainDiagnosis === undefined ? undefined : diagnosisCode(input.mainDiagnosis, 'mainDiagnosis');
  if (mainDiagnosis !== undefined) {
    diagnoses.push({ code: mainDiagnosis, isMain: true });
    seen.add(mainDiagnosis);
  }
  (input.diagnoses ?? []).forEach((entry, i) => {
    const raw = typeof entry === 'string' ? { code: entry } : entry;
    const code = diagnosisCode(raw.code, `diagnoses[${i}].code`);
    if (seen.has(code)) {
      if (code === mainDiagnosis && raw.name !== undefined) diagnoses[0] = { code, name: raw.name, isMain: true };
      return;
    }
    seen.add(code);
    diagnoses.push({ code, ...(raw.name !== undefined ? { name: raw.name } : {}), isMain: false });
  });

  const lineIds = new Set<string>();
  const lines = input.lines.map((line, i) => {
    const built = buildLine(line, `lines[${i}]`);
    if (lineIds.has(built.lineId)) throw new ValidationError(`lines[${i}].lineId`, 'duplicates another line of the claim');
    lineIds.add(built.lineId);
    return built;
  });

  const triggerScene = input.triggerScene === undefined ? undefined : TriggerScene.parse(input.triggerScene, 'triggerScene');
  const department = optionalText(input.department, 'department');
  const doctor = optionalText(input.doctor, 'doctor');
  const setlId = optionalText(input.setlId, 'setlId');
  const claim: Claim = {
    claimId: requireText(input.claimId, 'claimId'),
    ...(setlId !== undefined ? { setlId } : {}),
    stage: input.stage,
    ...(triggerScene !== undefined ? { triggerScene } : {}),
    patient: Object.freeze({
      psnNo: requireText(input.patient.psnNo, 'patient.psnNo'),
      gender: Gender.parse(input.patient.gender, 'patient.gender'),
      birthDate,
    }),
    insutype: InsuranceType.parse(input.insutype, 'insutype'),
    medType: MedicalType.parse(input.medType, 'medType'),
    treatmentMode: TreatmentMode.parse(input.treatmentMode, 'treatmentMode'),
    institution: Object.freeze({
      code: requireText(input.institution.code, 'institution.code'),
      level,
      type: InstitutionType.parse(input.institution.type, 'institution.type'),
      admdvs: input.institution.admdvs,
      poolarea: input.institution.poolarea,
    }),
    admissionDate,
    ...(dischargeDate !== undefined ? { dischargeDate } : {}),
    ...(mainDiagnosis !== undefined ? { mainDiagnosis } : {}),
    diagnoses: Object.freeze(diagnoses.map((d) => Object.freeze(d))),
    operations: Object.freeze(buildOperations(input.operations)),
    ...(department !== undefined ? { department } : {}),
    ...(doctor !== undefined ? { doctor } : {}),
    lines: Object.freeze(lines),
  };
  return Object.freeze(claim);
}

/** Whole years of age on `on` (a birthday counts on the day itself; 29 Feb birthdays count on 1 Mar in common years). */
export function ageInYears(birthDate: LocalDate, on: LocalDate): number {
  let age = on.year - birthDate.year;
  if (on.month < birthDate.month || (on.month === birthDate.month && on.day < birthDate.day)) age -= 1;
  return age;
}

/** Days of life on `on` (0 on the day of birth). */
export function ageInDays(birthDate: LocalDate, on: LocalDate): number {
  return birthDate.daysUntil(on);
}
