import { DomainError, Gender, LocalDate, TreatmentMode } from '@mi/domain';
import type { ClaimInput, ClaimLineInput, HistoryEncounter } from '@mi/rules';
import type { InstitutionFacts } from '../shared/institution-directory';
import { nhsaFail as fail, nhsaList as list, refuseUnstorable } from '../shared/nhsa-parse';
import { createClaim, type Claim } from '@mi/rules';

/**
 * Maps the 3101/3102 `input.data` tree (NHSA-INTERFACES.md §4) to review claims. Lenient where real
 * HIS payloads vary — numbers or strings, a single object where an array is expected, `""`/null/
 * missing alike, unknown keys ignored — and strict where it matters (ids, codes, dates, amounts):
 * any problem is a VALIDATION error naming the NHSA path, e.g. `input.data.patient_dtos[0].brdy`.
 */
export type { InstitutionFacts };

export interface MappedPatient {
  patnId: string;
  poolarea: string;
  current: Claim;
  history: HistoryEncounter[];
}

type Obj = Record<string, unknown>;

const ROOT = 'input.data';

function text(o: Obj, key: string, path: string, required = true): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') {
    if (required) fail(`${path}.${key}`, '缺失 (is required)');
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number') fail(`${path}.${key}`, '必须是字符串或数字 (must be a string or number)');
  const s = String(v).trim();
  refuseUnstorable(s, `${path}.${key}`);
  return s;
}

/** `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` → the date part. */
function date(o: Obj, key: string, path: string, required = true): string | undefined {
  const v = text(o, key, path, required);
  if (v === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/.exec(v);
  if (!m) fail(`${path}.${key}`, '日期格式应为 yyyy-MM-dd 或 yyyy-MM-dd HH:mm:ss');
  try {
    LocalDate.parse(m[1], `${path}.${key}`);
  } catch {
    fail(`${path}.${key}`, `不是有效日期 (not a calendar date): ${v}`);
  }
  return m[1];
}

function decimal(o: Obj, key: string, path: string): string {
  const v = text(o, key, path) as string;
  if (!/^-?\d{1,14}(\.\d{1,2})?$/.test(v)) fail(`${path}.${key}`, `金额/数量格式错误，最多两位小数 (malformed decimal): ${v}`);
  return v;
}

function level(value: string | undefined): number {
  const n = Number(value ?? '');
  return n === 1 || n === 2 || n === 3 ? n : 0;
}

function treatmentMode(value: string | undefined, medType: string, path: string): TreatmentMode {
  if (value && TreatmentMode.has(value)) return value;
  if (medType.startsWith('2') || medType === '52') return '2';
  if (medType.startsWith('41')) return '3';
  if (value) fail(`${path}.med_mdtrt_type`, `未知就诊类型 ${value}`);
  return '1';
}

function lines(encounter: Obj, path: string): ClaimLineInput[] {
  return list(encounter.fsi_order_dtos).map((o, i) => {
    const p = `${path}.fsi_order_dtos[${i}]`;
    const cnt = decimal(o, 'cnt', p);
    const pric = decimal(o, 'pric', p);
    if (cnt.startsWith('-') || pric.startsWith('-'))
      fail(`${p}.${cnt.startsWith('-') ? 'cnt' : 'pric'}`, '事前事中审核不接受负数 (negative values are refunds, not pre-checked)');
    return {
      lineId: text(o, 'rx_id', p) as string,
      hilistCode: text(o, 'hilist_code', p) as string,
      name: text(o, 'hilist_name', p, false) ?? (text(o, 'hilist_code', p) as string),
      listType: text(o, 'hilist_type', p) as string,
      chargeType: text(o, 'chrg_type', p, false),
      quantity: cnt,
      unitPrice: pric,
      ...(o.sumamt !== undefined && o.sumamt !== '' && o.sumamt !== null ? { amount: decimal(o, 'sumamt', p) } : {}),
      serviceDate: date(o, 'drord_begn_date', p) as string,
      department: text(o, 'drord_dept_codg', p, false),
      doctor: text(o, 'drord_dr_codg', p, false),
    };
  });
}

function encounterToClaim(
  e: Obj,
  path: string,
  patient: { psnNo: string; gender: string; birthDate: string },
  institution: InstitutionFacts,
  stage: 'pre' | 'in',
  trigScen?: string,
): Claim {
  const medType = text(e, 'med_type', path) as string;
  const diagnoses = list(e.fsi_diagnose_dtos).map((d, i) => text(d, 'dise_codg', `${path}.fsi_diagnose_dtos[${i}]`) as string);
  // 手术操作 (§4.6): oprn_code is optional in the spec; an entry without one says nothing to the rules.
  const operations = list(e.fsi_operation_dtos).flatMap((o, i) => {
    const p = `${path}.fsi_operation_dtos[${i}]`;
    const code = text(o, 'oprn_code', p, false);
    if (code === undefined) return [];
    if (!/^[0-9A-Za-z][0-9A-Za-z.+*-]{0,29}$/.test(code)) fail(`${p}.oprn_code`, `手术操作编码格式错误，应如 68.4100 (malformed ICD-9-CM-3 code): ${code}`);
    const name = text(o, 'oprn_name', p, false);
    const day = date(o, 'oprn_date', p, false);
    return [{ code, ...(name ? { name } : {}), isMain: text(o, 'main_oprn_flag', p, false) === '1', ...(day ? { date: day } : {}) }];
  });
  const input: ClaimInput = {
    claimId: text(e, 'mdtrt_id', path) as string,
    stage,
    triggerScene: trigScen,
    patient,
    insutype: text(e, 'insutype', path) as string,
    medType,
    treatmentMode: treatmentMode(text(e, 'med_mdtrt_type', path, false), medType, path),
    institution: {
      code: institution.code,
      level: institution.level || level(text(e, 'medins_lv', path, false)),
      type: institution.type,
      admdvs: institution.admdvs,
      poolarea: institution.poolarea,
    },
    admissionDate: date(e, 'adm_date', path) as string,
    dischargeDate: date(e, 'dscg_date', path, false) ?? null,
    mainDiagnosis: text(e, 'dscg_main_dise_codg', path, false),
    diagnoses,
    operations,
    department: text(e, 'adm_dept_codg', path, false),
    doctor: text(e, 'dr_codg', path, false),
    lines: lines(e, path),
  };
  try {
    return createClaim(input);
  } catch (err) {
    if (err instanceof DomainError) {
      const field = String(err.details.field ?? '').replace(/^lines\[(\d+)\]/, 'fsi_order_dtos[$1]');
      fail(`${path}${field ? `.${field}` : ''}`, String(err.details.reason ?? err.message));
    }
    throw err;
  }
}

export function mapPrecheck(
  data: Obj,
  institution: InstitutionFacts,
  infno: '3101' | '3102',
): { taskId?: string; trigScen?: string; patients: MappedPatient[] } {
  const trigScen = text(data, 'trig_scen', ROOT, false);
  const taskId = text(data, 'task_id', ROOT, false);
  const stage = infno === '3101' ? 'pre' : 'in';
  const patients = list(data.patient_dtos);
  if (patients.length === 0) fail(`${ROOT}.patient_dtos`, '至少需要一名参保人 (at least one patient)');
  return {
    taskId,
    trigScen,
    patients: patients.map((p, i) => {
      const path = `${ROOT}.patient_dtos[${i}]`;
      const gender = text(p, 'gend', path) as string;
      if (!Gender.has(gender)) fail(`${path}.gend`, `未知性别代码 ${gender}`);
      const patient = { psnNo: text(p, 'patn_id', path) as string, gender, birthDate: date(p, 'brdy', path) as string };
      const poolarea = text(p, 'poolarea', path, false) ?? institution.poolarea;
      const current = text(p, 'curr_mdtrt_id', path) as string;
      const encounters = list(p.fsi_encounter_dtos);
      const currentIndex = encounters.findIndex((e) => String(e.mdtrt_id ?? '') === current);
      if (currentIndex < 0) fail(`${path}.curr_mdtrt_id`, `在 fsi_encounter_dtos 中找不到就诊 ${current} (no such encounter)`);
      const claims = encounters.map((e, j) => encounterToClaim(e, `${path}.fsi_encounter_dtos[${j}]`, patient, institution, stage, trigScen));
      // The other encounters the HIS sent are this patient's recent history.
      const history: HistoryEncounter[] = claims
        .filter((_, j) => j !== currentIndex)
        .map((c) => ({
          claimId: c.claimId,
          psnNo: c.patient.psnNo,
          institutionCode: c.institution.code,
          treatmentMode: c.treatmentMode,
          medType: c.medType,
          admissionDate: c.admissionDate,
          dischargeDate: c.dischargeDate ?? null,
          mainDiagnosis: c.mainDiagnosis,
          lines: c.lines.map((l) => ({
            hilistCode: l.hilistCode,
            serviceDate: l.serviceDate,
            quantity: l.quantity,
            amount: l.amount,
            ...(l.days !== undefined ? { days: l.days } : {}),
          })),
        }));
      return {
        patnId: patient.psnNo,
        poolarea: poolarea.length === 6 ? `${poolarea.slice(0, 4)}00` : institution.poolarea,
        current: claims[currentIndex],
        history,
      };
    }),
  };
}
