import { LocalDate, Money } from '@mi/domain';
import { Quantity, type ClaimInput, type HistoryEncounter } from '@mi/rules';
import type { SettlementRecord } from './records';

const LEVELS: Readonly<Record<string, number>> = { '0': 0 };

function levelOf(hospLv: string): number {
  return LEVELS[hospLv] ?? Number(hospLv.charAt(0));
}

/** The @mi/rules claim of a generated settlement (事后 review: stage `post`). */
export function claimInputOf(s: SettlementRecord): ClaimInput {
  const inpatient = s.med_mdtrt_type === '2';
  return {
    claimId: s.mdtrt_id,
    setlId: s.setl_id,
    stage: 'post',
    patient: { psnNo: s.psn_no, gender: s.gend, birthDate: s.brdy },
    insutype: s.insutype,
    medType: s.med_type,
    treatmentMode: s.med_mdtrt_type,
    institution: { code: s.fixmedins_code, level: levelOf(s.hosp_lv), type: s.fixmedins_type, admdvs: s.medins_admdvs, poolarea: s.poolarea },
    admissionDate: s.begndate,
    ...(inpatient ? { dischargeDate: s.enddate } : {}),
    mainDiagnosis: s.dscg_maindiag_code,
    diagnoses: s.diseinfo.map((d) => ({ code: d.diag_code, name: d.diag_name })),
    operations: (s.oprninfo ?? []).map((o) => ({ code: o.oprn_oprt_code, name: o.oprn_oprt_name, isMain: o.main_oprn_flag === '1', date: o.oprn_oprt_date })),
    department: s.adm_dept_codg,
    doctor: s.atddr_no,
    lines: s.fee_list.map((l) => ({
      lineId: l.feedetl_sn,
      hilistCode: l.hilist_code,
      name: l.hilist_name,
      listType: l.list_type,
      chargeType: l.med_chrgitm_type,
      quantity: l.cnt,
      unitPrice: l.pric,
      amount: l.det_item_fee_sumamt,
      serviceDate: l.fee_ocur_time.slice(0, 10),
      department: l.bilg_dept_codg,
      doctor: l.bilg_dr_codg,
      ...(l.prd_days !== undefined ? { days: l.prd_days } : {}),
    })),
  };
}

/** The same settlement as a patient-history encounter (`InMemoryPatientHistory.fromEncounters`). */
export function historyEncounterOf(s: SettlementRecord): HistoryEncounter {
  const inpatient = s.med_mdtrt_type === '2';
  return {
    claimId: s.mdtrt_id,
    psnNo: s.psn_no,
    institutionCode: s.fixmedins_code,
    treatmentMode: s.med_mdtrt_type as HistoryEncounter['treatmentMode'],
    medType: s.med_type as HistoryEncounter['medType'],
    admissionDate: LocalDate.parse(s.begndate),
    ...(inpatient ? { dischargeDate: LocalDate.parse(s.enddate) } : {}),
    mainDiagnosis: s.dscg_maindiag_code,
    lines: s.fee_list.map((l) => ({
      hilistCode: l.hilist_code,
      quantity: Quantity.parse(l.cnt, 'cnt'),
      amount: Money.parseYuan(l.det_item_fee_sumamt, 'det_item_fee_sumamt'),
      serviceDate: LocalDate.parse(l.fee_ocur_time.slice(0, 10)),
      ...(l.prd_days !== undefined ? { days: l.prd_days } : {}),
    })),
  };
}
