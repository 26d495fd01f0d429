import type { City, Institution, Person, Visit } from './model';
import { fenToYuan, hundredthsToText } from './money';
import { ageOn, formatDateTime, formatDay } from './time';

/**
 * NHSA-shaped records (NHSA-INTERFACES.md §9): `setl_d` settlement fields with the `mdtrt_d` visit
 * fields and the `fee_list_d` lines nested, decimals as 2-decimal yuan strings, times as
 * `yyyy-MM-dd HH:mm:ss` (Asia/Shanghai). Fee lines use the upload spelling `bilg_dr_codg`.
 * `fixmedins_type` and `med_mdtrt_type` are platform additions so a consumer need not look the
 * institution up.
 */
export interface FeeLineRecord {
  readonly feedetl_sn: string;
  readonly mdtrt_id: string;
  readonly setl_id: string;
  readonly psn_no: string;
  readonly med_type: string;
  readonly fee_ocur_time: string;
  readonly hilist_code: string;
  readonly hilist_name: string;
  readonly list_type: string;
  readonly med_chrgitm_type: string;
  readonly cnt: string;
  readonly pric: string;
  readonly det_item_fee_sumamt: string;
  readonly inscp_amt: string;
  readonly prd_days?: number;
  readonly bilg_dept_codg: string;
  readonly bilg_dept_name: string;
  readonly bilg_dr_codg: string;
  readonly vali_flag: '1';
}

export interface OperationRecord {
  readonly oprn_oprt_code: string;
  readonly oprn_oprt_name: string;
  readonly main_oprn_flag: '0' | '1';
  readonly oprn_oprt_date: string;
}

export interface SettlementRecord {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly psn_name: string;
  readonly psn_cert_type: '01';
  readonly certno: string;
  readonly gend: string;
  readonly brdy: string;
  readonly age: number;
  readonly insutype: string;
  readonly insu_admdvs: string;
  readonly med_type: string;
  readonly med_mdtrt_type: string;
  readonly mdtrt_cert_type: '02';
  readonly setl_time: string;
  readonly begntime: string;
  readonly endtime: string;
  readonly begndate: string;
  readonly enddate: string;
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  readonly fixmedins_type: string;
  readonly hosp_lv: string;
  readonly medins_admdvs: string;
  readonly poolarea: string;
  readonly dscg_maindiag_code: string;
  readonly dscg_maindiag_name: string;
  readonly diseinfo: readonly { readonly diag_code: string; readonly diag_name: string; readonly maindiag_flag: '0' | '1' }[];
  /** 手术操作 (医保结算清单 `oprninfo`), only on settlements with operations. */
  readonly oprninfo?: readonly OperationRecord[];
  readonly adm_dept_codg: string;
  readonly adm_dept_name: string;
  readonly atddr_no: string;
  readonly inhosp_stas: '0';
  readonly medfee_sumamt: string;
  readonly fulamt_ownpay_amt: string;
  readonly overlmt_selfpay: string;
  readonly preselfpay_amt: string;
  readonly inscp_scp_amt: string;
  readonly act_pay_dedc: string;
  readonly hifp_pay: string;
  readonly pool_prop_selfpay: string;
  readonly fund_pay_sumamt: string;
  readonly psn_part_amt: string;
  readonly acct_pay: string;
  readonly psn_cash_pay: string;
  readonly refd_setl_flag: '0';
  readonly vali_flag: '1';
  readonly fee_list: readonly FeeLineRecord[];
}

export function settlementRecord(v: Visit): SettlementRecord {
  const p = v.person;
  const a = v.amounts;
  const begntime = formatDateTime(v.beginDay, v.beginSecond);
  const endtime = formatDateTime(v.endDay, v.endSecond);
  const main = v.diagnoses[0];
  return {
    setl_id: v.setl_id,
    mdtrt_id: v.mdtrt_id,
    psn_no: p.psn_no,
    psn_name: p.psn_name,
    psn_cert_type: '01',
    certno: p.certno,
    gend: p.gend,
    brdy: formatDay(p.brdy),
    age: ageOn(p.brdy, v.beginDay),
    insutype: p.insutype,
    insu_admdvs: p.admdvs,
    med_type: v.medType,
    med_mdtrt_type: v.mode,
    mdtrt_cert_type: '02',
    setl_time: endtime,
    begntime,
    endtime,
    begndate: formatDay(v.beginDay),
    enddate: formatDay(v.endDay),
    fixmedins_code: v.institution.fixmedins_code,
    fixmedins_name: v.institution.fixmedins_name,
    fixmedins_type: v.institution.type,
    hosp_lv: v.institution.hosp_lv,
    medins_admdvs: v.institution.admdvs,
    poolarea: v.institution.poolarea,
    dscg_maindiag_code: main.code,
    dscg_maindiag_name: main.name,
    diseinfo: v.diagnoses.map((d, i) => ({ diag_code: d.code, diag_name: d.name, maindiag_flag: i === 0 ? '1' : '0' })),
    ...(v.operations.length > 0
      ? {
          oprninfo: v.operations.map((o, i) => ({
            oprn_oprt_code: o.code,
            oprn_oprt_name: o.name,
            main_oprn_flag: i === 0 ? ('1' as const) : ('0' as const),
            oprn_oprt_date: formatDay(o.day),
          })),
        }
      : {}),
    adm_dept_codg: v.dept[0],
    adm_dept_name: v.dept[1],
    atddr_no: v.doctor,
    inhosp_stas: '0',
    medfee_sumamt: fenToYuan(a.medfee_sumamt),
    fulamt_ownpay_amt: fenToYuan(a.fulamt_ownpay_amt),
    overlmt_selfpay: fenToYuan(a.overlmt_selfpay),
    preselfpay_amt: fenToYuan(a.preselfpay_amt),
    inscp_scp_amt: fenToYuan(a.inscp_scp_amt),
    act_pay_dedc: fenToYuan(a.act_pay_dedc),
    hifp_pay: fenToYuan(a.hifp_pay),
    pool_prop_selfpay: (a.pool_prop_permille / 1000).toFixed(2),
    fund_pay_sumamt: fenToYuan(a.fund_pay_sumamt),
    psn_part_amt: fenToYuan(a.psn_part_amt),
    acct_pay: fenToYuan(a.acct_pay),
    psn_cash_pay: fenToYuan(a.psn_cash_pay),
    refd_setl_flag: '0',
    vali_flag: '1',
    fee_list: v.lines.map((l) => ({
      feedetl_sn: l.feedetl_sn,
      mdtrt_id: v.mdtrt_id,
      setl_id: v.setl_id,
      psn_no: p.psn_no,
      med_type: v.medType,
      fee_ocur_time: formatDateTime(l.day, l.second),
      hilist_code: l.code,
      hilist_name: l.name,
      list_type: l.listType,
      med_chrgitm_type: l.chargeType,
      cnt: hundredthsToText(l.cnt),
      pric: fenToYuan(l.pric),
      det_item_fee_sumamt: fenToYuan(l.amount),
      inscp_amt: fenToYuan(l.amount),
      ...(l.days !== undefined ? { prd_days: l.days } : {}),
      bilg_dept_codg: l.dept,
      bilg_dept_name: v.dept[1],
      bilg_dr_codg: l.doctor,
      vali_flag: '1',
    })),
  };
}

export function personRecord(p: Person): Record<string, string> {
  return {
    psn_no: p.psn_no,
    psn_name: p.psn_name,
    psn_cert_type: '01',
    certno: p.certno,
    gend: p.gend,
    brdy: formatDay(p.brdy),
    naty: '01',
    insutype: p.insutype,
    insu_admdvs: p.admdvs,
  };
}

export function institutionRecord(i: Institution): Record<string, string | number> {
  return {
    fixmedins_code: i.fixmedins_code,
    fixmedins_name: i.fixmedins_name,
    fixmedins_type: i.type,
    hosp_lv: i.hosp_lv,
    level: i.level,
    uscc: i.uscc,
    admdvs: i.admdvs,
    poolarea: i.poolarea,
    beds: i.beds,
  };
}

/** institutions.json: the city, its counties, institutions and practitioners. */
export function cityRecord(city: City): Record<string, unknown> {
  return {
    admdvs: city.admdvs,
    name: city.name,
    year: city.year,
    counties: city.counties,
    institutions: city.institutions.map(institutionRecord),
    practitioners: city.practitioners,
  };
}
