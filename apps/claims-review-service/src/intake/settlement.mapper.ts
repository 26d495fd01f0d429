import { Admdvs, DomainError, Gender, IdCard, LocalDate, Money, TreatmentMode } from '@mi/domain';
import { type Claim, type ClaimInput, createClaim, type HistoryEncounter, Quantity } from '@mi/rules';
import { nhsaDate as date, nhsaFail as fail, nhsaInstant as instant, nhsaList as list, nhsaText as text } from '@mi/contracts';
import type { InstitutionFacts } from '../shared/institution-directory';
import { contentHash } from './content-hash';

/**
 * Maps one NHSA settlement record (`setl_d` fields + `fee_list[]`, NHSA-INTERFACES.md §9) to what
 * intake stores and reviews. Lenient like the HIS payloads are — numbers or strings, `""`/null/
 * missing alike, a single object where an array is expected, unknown keys ignored — and strict on
 * ids, codes, dates and amounts: every problem is a VALIDATION error naming the NHSA path
 * (`settlements[3].fee_list[2].pric`). Same claim mapping as tools/datagen `claimInputOf`.
 */
export type { InstitutionFacts };

export interface ParsedLine {
  feedetlSn: string;
  hilistCode: string;
  hilistName: string;
  listType: string;
  chargeType?: string;
  cnt: string;
  pric: string;
  priceFen: bigint;
  amount: string;
  amountFen: bigint;
  feeOcurTime: string;
  serviceDate: string;
  department?: string;
  doctor?: string;
  days?: number;
}

/**
 * One operation of the 医保结算清单 `oprninfo[]` (`oprn_oprt_code`, `oprn_oprt_name`, `main_oprn_flag`,
 * `oprn_oprt_date`; the 3101 names `oprn_code`/`oprn_name`/`oprn_date` are accepted too).
 */
export interface ParsedOperation {
  code: string;
  name?: string;
  isMain: boolean;
  date?: string;
}

export interface ParsedSettlement {
  setlId: string;
  mdtrtId: string;
  psnNo: string;
  certno: string;
  gender: string;
  birthDate: string;
  insutype: string;
  medType: string;
  treatmentMode: TreatmentMode;
  setlTime: Date;
  setlDate: string;
  begndate: string;
  enddate?: string;
  fixmedinsCode: string;
  poolarea: string;
  admdvs: string;
  mainDiagnosis?: string;
  diagnoses: string[];
  /** 手术操作 (`oprninfo[]`, ICD-9-CM-3); absent when the record has none. */
  operations?: ParsedOperation[];
  department?: string;
  doctor?: string;
  /** 就诊凭证类型 (`mdtrt_cert_type`): 01 医保电子凭证, 02 居民身份证, 03 社会保障卡. */
  mdtrtCertType?: string;
  /** 实名核验方式 (platform addition `real_name_vrf_way`): face, fingerprint, card, e-voucher, none. */
  realNameVerification?: string;
  medfeeSumamtFen: bigint;
  hifpPayFen: bigint;
  acctPayFen: bigint;
  psnCashPayFen: bigint;
  /** Every amount field the record carried, fen. */
  amountsFen: Record<string, bigint>;
  reversal: boolean;
  /** The settlement a reversal (冲正, `refd_setl_flag` 1) cancels. */
  initSetlId?: string;
  practitionerCode?: string;
  psamNo?: string;
  lines: ParsedLine[];
  contentHash: string;
  /** The rules' claim (not for reversals). */
  claim?: Claim;
}

type Obj = Record<string, unknown>;

/** 就诊凭证类型 of the national settlement interface (NHSA-INTERFACES.md §9). */
export const MDTRT_CERT_TYPES = ['01', '02', '03'];
/**
 * 实名核验 (DOMAIN.md §2: real-name verification recorded per settlement) — how the person settling
 * was verified: face recognition, fingerprint, the card or ID card checked, the e-voucher scanned, none.
 */
export const REAL_NAME_VERIFICATIONS = ['face', 'fingerprint', 'card', 'e-voucher', 'none'];

/** Amount fields of `setlinfo` kept when present. */
export const AMOUNT_FIELDS = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
  'act_pay_dedc',
  'hifp_pay',
  'cvlserv_pay',
  'hifes_pay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'hifdm_pay',
  'hosp_part_amt',
  'oth_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'acct_mulaid_pay',
  'psn_cash_pay',
] as const;

/** The payers whose shares add up to `medfee_sumamt` (subtotals such as fund_pay_sumamt left out). */
const PAYER_FIELDS = ['hifp_pay', 'cvlserv_pay', 'hifes_pay', 'hifmi_pay', 'hifob_pay', 'maf_pay', 'hifdm_pay', 'oth_pay', 'acct_pay', 'psn_cash_pay'] as const;

function present(o: Obj, key: string): boolean {
  const v = o[key];
  return v !== undefined && v !== null && v !== '';
}

/** dec(16,2) → fen. */
function fen(o: Obj, key: string, path: string, required = true): bigint | undefined {
  const v = text(o, key, path, required);
  if (v === undefined) return undefined;
  const m = /^(-?)(\d{1,14})(?:\.(\d{1,2}))?$/.exec(v);
  if (!m) fail(`${path}.${key}`, `金额格式错误，dec(16,2) (malformed amount): ${v}`);
  const abs = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -abs : abs;
}

function yuan(f: bigint): string {
  const neg = f < 0n;
  const a = neg ? -f : f;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/** Quantity with up to 4 decimals → units × 10⁴. */
function quantity(o: Obj, key: string, path: string): { text: string; scaled: bigint } {
  const v = text(o, key, path) as string;
  const m = /^(-?)(\d{1,12})(?:\.(\d{1,4}))?$/.exec(v);
  if (!m) fail(`${path}.${key}`, `数量格式错误 (malformed quantity): ${v}`);
  const abs = BigInt(m[2]) * 10_000n + BigInt((m[3] ?? '').padEnd(4, '0'));
  return { text: v, scaled: m[1] ? -abs : abs };
}

function admdvs(o: Obj, key: string, path: string): string | undefined {
  const v = text(o, key, path, false);
  if (v === undefined) return undefined;
  if (!Admdvs.isValid(v)) fail(`${path}.${key}`, `不是有效的行政区划代码 (not a GB/T 2260 region code): ${v}`);
  return v;
}

function treatmentMode(value: string | undefined, medType: string, path: string): TreatmentMode {
  if (value && TreatmentMode.has(value)) return value;
  if (value) fail(`${path}.med_mdtrt_type`, `未知就诊类型 ${value}`);
  if (medType.startsWith('2') || medType === '52') return '2';
  if (medType.startsWith('41')) return '3';
  return '1';
}

/**
 * Parses and checks one record (`path` = `settlements[i]`). Throws a VALIDATION DomainError naming
 * the first offending field.
 */
export function parseSettlement(r: Obj, path: string, institution: InstitutionFacts): ParsedSettlement {
  const setlId = text(r, 'setl_id', path, true, 30) as string;
  const mdtrtId = text(r, 'mdtrt_id', path, true, 30) as string;
  const psnNo = text(r, 'psn_no', path, true, 30) as string;
  const fixmedinsCode = text(r, 'fixmedins_code', path, true, 30) as string;
  if (fixmedinsCode !== institution.code) fail(`${path}.fixmedins_code`, `与调用方机构 ${institution.code} 不一致 (not the calling institution)`);
  let card: IdCard;
  try {
    card = IdCard.parse(text(r, 'certno', path), `${path}.certno`);
  } catch (e) {
    fail(`${path}.certno`, `不是有效的居民身份证号码 (not a valid ID card number)${e instanceof DomainError ? `: ${String(e.details.reason ?? '')}` : ''}`);
  }
  const gend = text(r, 'gend', path, false) ?? card.gender;
  if (!Gender.has(gend)) fail(`${path}.gend`, `未知性别代码 ${gend}`);
  const birthDate = date(r, 'brdy', path, false) ?? card.birthDate.toString();
  const insutype = text(r, 'insutype', path, true, 6) as string;
  const medType = text(r, 'med_type', path, true, 6) as string;
  const mode = treatmentMode(text(r, 'med_mdtrt_type', path, false), medType, path);
  const setl = instant(r, 'setl_time', path);
  const begndate = date(r, 'begndate', path, false) ?? date(r, 'begntime', path, false) ?? setl.day;
  const enddate = date(r, 'enddate', path, false) ?? date(r, 'endtime', path, false);
  if (enddate && enddate < begndate) fail(`${path}.enddate`, `早于开始日期 ${begndate} (before begndate)`);
  const insuAdmdvs = admdvs(r, 'insu_admdvs', path);
  const medinsAdmdvs = admdvs(r, 'medins_admdvs', path);
  const poolareaCode = admdvs(r, 'poolarea', path);
  const poolarea = poolareaCode ? `${poolareaCode.slice(0, 4)}00` : institution.poolarea;
  const refd = text(r, 'refd_setl_flag', path, false) ?? '0';
  if (refd !== '0' && refd !== '1') fail(`${path}.refd_setl_flag`, '必须是 0 或 1');
  const reversal = refd === '1';
  const initSetlId = text(r, 'init_setl_id', path, false, 30);
  if (reversal && !initSetlId) fail(`${path}.init_setl_id`, '冲正/退费结算必须给出原结算ID (a reversal names the settlement it cancels)');
  if (reversal && initSetlId === setlId) fail(`${path}.init_setl_id`, '不能冲正自身 (cannot reverse itself)');

  const amountsFen: Record<string, bigint> = {};
  for (const k of AMOUNT_FIELDS) {
    if (k === 'medfee_sumamt' || present(r, k)) amountsFen[k] = fen(r, k, path) as bigint;
  }
  for (const k of ['hifp_pay', 'acct_pay', 'psn_cash_pay'] as const) if (!(k in amountsFen)) fen(r, k, path);
  const medfee = amountsFen.medfee_sumamt;
  const sign = reversal ? -1n : 1n;
  for (const [k, v] of Object.entries(amountsFen)) {
    if (v * sign < 0n)
      fail(`${path}.${k}`, reversal ? '冲正结算的金额应为负数或零 (a reversal carries negative amounts)' : '不能为负数 (must not be negative)');
  }
  const paid = PAYER_FIELDS.reduce((s, k) => s + (amountsFen[k] ?? 0n), 0n);
  if (paid !== medfee)
    fail(
      `${path}.medfee_sumamt`,
      `支付合计 ${yuan(paid)} (${PAYER_FIELDS.filter((k) => k in amountsFen).join('+')}) 不等于医疗费总额 ${yuan(medfee)} (payments do not add up)`,
    );

  const lines: ParsedLine[] = list(r.fee_list).map((l, i) => {
    const p = `${path}.fee_list[${i}]`;
    const cnt = quantity(l, 'cnt', p);
    const priceFen = fen(l, 'pric', p) as bigint;
    if (priceFen < 0n) fail(`${p}.pric`, '单价不能为负数 (price must not be negative)');
    const amountFen = fen(l, 'det_item_fee_sumamt', p) as bigint;
    const diff = amountFen * 10_000n - cnt.scaled * priceFen;
    if (diff > 10_000n || diff < -10_000n) fail(`${p}.det_item_fee_sumamt`, `${yuan(amountFen)} 不等于 数量 ${cnt.text} × 单价 ${yuan(priceFen)} (±0.01)`);
    if (reversal ? amountFen > 0n : amountFen < 0n)
      fail(`${p}.det_item_fee_sumamt`, reversal ? '冲正明细应为负数 (negative in a reversal)' : '不能为负数 (must not be negative)');
    const feeOcurTime = text(l, 'fee_ocur_time', p) as string;
    const serviceDate = date(l, 'fee_ocur_time', p) as string;
    const line: ParsedLine = {
      feedetlSn: text(l, 'feedetl_sn', p, true, 30) as string,
      hilistCode: text(l, 'hilist_code', p, true, 50) ?? '',
      hilistName: text(l, 'hilist_name', p, false, 200) ?? (text(l, 'hilist_code', p) as string),
      listType: text(l, 'list_type', p, true, 6) as string,
      chargeType: text(l, 'med_chrgitm_type', p, false, 6),
      cnt: cnt.text,
      pric: yuan(priceFen),
      priceFen,
      amount: yuan(amountFen),
      amountFen,
      feeOcurTime,
      serviceDate,
      department: text(l, 'bilg_dept_codg', p, false, 30),
      doctor: text(l, 'bilg_dr_codg', p, false, 30) ?? text(l, 'bilg_dr_code', p, false, 30),
    };
    if (present(l, 'prd_days')) {
      const d = Number(text(l, 'prd_days', p));
      if (!Number.isInteger(d) || d < 0 || d > 366) fail(`${p}.prd_days`, '必须是 0–366 的整数 (days)');
      line.days = d;
    }
    return line;
  });
  if (lines.length === 0) fail(`${path}.fee_list`, '至少需要一条费用明细 (at least one fee line)');
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    if (seen.has(l.feedetlSn)) fail(`${path}.fee_list[${i}].feedetl_sn`, `重复的费用明细流水号 ${l.feedetlSn} (duplicate)`);
    seen.add(l.feedetlSn);
  });
  const lineSum = lines.reduce((s, l) => s + l.amountFen, 0n);
  if (lineSum !== medfee)
    fail(`${path}.medfee_sumamt`, `明细合计 Σ det_item_fee_sumamt ${yuan(lineSum)} 不等于医疗费总额 ${yuan(medfee)} (fee lines do not add up)`);

  const diagnoses = list(r.diseinfo)
    .map((d, i) => text(d, 'diag_code', `${path}.diseinfo[${i}]`, false, 30))
    .filter((d): d is string => d !== undefined);
  const mainDiagnosis = text(r, 'dscg_maindiag_code', path, false, 30);
  const operations: ParsedOperation[] = list(r.oprninfo).flatMap((o, i) => {
    const p = `${path}.oprninfo[${i}]`;
    const key = present(o, 'oprn_oprt_code') ? 'oprn_oprt_code' : 'oprn_code';
    const code = text(o, key, p, false, 30);
    if (code === undefined) return [];
    if (!/^[0-9A-Za-z][0-9A-Za-z.+*-]{0,29}$/.test(code)) fail(`${p}.${key}`, `手术操作编码格式错误，应如 68.4100 (malformed ICD-9-CM-3 code): ${code}`);
    const name = text(o, 'oprn_oprt_name', p, false, 500) ?? text(o, 'oprn_name', p, false, 500);
    const day = date(o, 'oprn_oprt_date', p, false) ?? date(o, 'oprn_date', p, false);
    return [{ code, ...(name ? { name } : {}), isMain: text(o, 'main_oprn_flag', p, false, 3) === '1', ...(day ? { date: day } : {}) }];
  });
  const department = text(r, 'adm_dept_codg', path, false, 30);
  const doctor = text(r, 'atddr_no', path, false, 30);
  const practitionerCode = text(r, 'atddr_no', path, false, 30);
  const mdtrtCertType = text(r, 'mdtrt_cert_type', path, false, 6);
  if (mdtrtCertType !== undefined && !MDTRT_CERT_TYPES.includes(mdtrtCertType)) {
    fail(`${path}.mdtrt_cert_type`, `就诊凭证类型应为 01 医保电子凭证、02 居民身份证或 03 社会保障卡 (unknown credential type ${mdtrtCertType})`);
  }
  const realNameVerification = text(r, 'real_name_vrf_way', path, false, 20);
  if (realNameVerification !== undefined && !REAL_NAME_VERIFICATIONS.includes(realNameVerification)) {
    fail(`${path}.real_name_vrf_way`, `实名核验方式应为 ${REAL_NAME_VERIFICATIONS.join('、')} 之一 (unknown verification ${realNameVerification})`);
  }
  const psamNo = text(r, 'psam_no', path, false, 30);

  const parsed: ParsedSettlement = {
    setlId,
    mdtrtId,
    psnNo,
    certno: card.value,
    gender: gend,
    birthDate,
    insutype,
    medType,
    treatmentMode: mode,
    setlTime: setl.at,
    setlDate: setl.day,
    begndate,
    ...(enddate ? { enddate } : {}),
    fixmedinsCode,
    poolarea,
    admdvs: medinsAdmdvs ?? institution.admdvs,
    ...(mainDiagnosis ? { mainDiagnosis } : {}),
    diagnoses,
    // only when present: a record without operations keeps the content hash it always had
    ...(operations.length > 0 ? { operations } : {}),
    ...(department ? { department } : {}),
    ...(doctor ? { doctor } : {}),
    ...(mdtrtCertType ? { mdtrtCertType } : {}),
    ...(realNameVerification ? { realNameVerification } : {}),
    medfeeSumamtFen: medfee,
    hifpPayFen: amountsFen.hifp_pay ?? 0n,
    acctPayFen: amountsFen.acct_pay ?? 0n,
    psnCashPayFen: amountsFen.psn_cash_pay ?? 0n,
    amountsFen,
    reversal,
    ...(initSetlId ? { initSetlId } : {}),
    ...(practitionerCode && /^[A-Z][A-Z0-9]{8,29}$/.test(practitionerCode) ? { practitionerCode } : {}),
    ...(psamNo ? { psamNo } : {}),
    lines,
    contentHash: '',
  };
  parsed.contentHash = contentHash({ ...parsed, insuAdmdvs: insuAdmdvs ?? null });
  if (!reversal) parsed.claim = toClaim(parsed, institution, path);
  return parsed;
}

function toClaim(s: ParsedSettlement, institution: InstitutionFacts, path: string): Claim {
  const inpatient = s.treatmentMode === '2';
  const input: ClaimInput = {
    claimId: s.mdtrtId,
    setlId: s.setlId,
    stage: 'post',
    patient: { psnNo: s.psnNo, gender: s.gender, birthDate: s.birthDate },
    insutype: s.insutype,
    medType: s.medType,
    treatmentMode: s.treatmentMode,
    institution: { code: institution.code, level: institution.level, type: institution.type, admdvs: s.admdvs, poolarea: s.poolarea },
    admissionDate: s.begndate,
    ...(inpatient && s.enddate ? { dischargeDate: s.enddate } : {}),
    mainDiagnosis: s.mainDiagnosis,
    diagnoses: s.diagnoses.map((code) => ({ code })),
    operations: s.operations ?? [],
    department: s.department,
    doctor: s.doctor,
    lines: s.lines.map((l) => ({
      lineId: l.feedetlSn,
      hilistCode: l.hilistCode,
      name: l.hilistName,
      listType: l.listType,
      chargeType: l.chargeType,
      quantity: l.cnt,
      unitPrice: l.pric,
      amount: l.amount,
      serviceDate: l.serviceDate,
      department: l.department,
      doctor: l.doctor,
      ...(l.days !== undefined ? { days: l.days } : {}),
    })),
  };
  try {
    return createClaim(input);
  } catch (err) {
    if (err instanceof DomainError) {
      const field = String(err.details.field ?? '').replace(/^lines\[(\d+)\]/, 'fee_list[$1]');
      fail(`${path}${field ? `.${field}` : ''}`, String(err.details.reason ?? err.message));
    }
    throw err;
  }
}

/** A stored settlement (row of the history query) as a rules history encounter. */
export interface HistoryRow {
  setl_id: string;
  mdtrt_id: string;
  psn_no: string;
  fixmedins_code: string;
  treatment_mode: string;
  med_type: string;
  begndate: string;
  enddate: string | null;
  main_diagnosis: string | null;
  lines: { hilist_code: string; cnt: string; amount_fen: string; service_date: string; days?: number | null }[] | null;
}

export function historyEncounterOf(row: HistoryRow): HistoryEncounter {
  return {
    claimId: row.mdtrt_id,
    psnNo: row.psn_no,
    institutionCode: row.fixmedins_code,
    treatmentMode: row.treatment_mode as HistoryEncounter['treatmentMode'],
    medType: row.med_type as HistoryEncounter['medType'],
    admissionDate: LocalDate.parse(row.begndate),
    ...(row.treatment_mode === '2' && row.enddate ? { dischargeDate: LocalDate.parse(row.enddate) } : {}),
    ...(row.main_diagnosis ? { mainDiagnosis: row.main_diagnosis } : {}),
    lines: (row.lines ?? []).map((l) => ({
      hilistCode: l.hilist_code,
      quantity: Quantity.parse(l.cnt, 'cnt'),
      amount: Money.fromFen(BigInt(l.amount_fen)),
      serviceDate: LocalDate.parse(l.service_date),
      ...(l.days !== undefined && l.days !== null ? { days: l.days } : {}),
    })),
  };
}
