import type { EntityManager } from '@mikro-orm/postgresql';
import { Money, type TreatmentMode } from '@mi/domain';
import { type Claim, createClaim } from '@mi/rules';
import type { InstitutionFacts } from '../shared/institution-directory';

/** A stored, reviewed settlement with its fee lines, as a simulation batch reads it. */
export interface StoredSettlementRow {
  id: string;
  setl_id: string;
  mdtrt_id: string;
  psn_no: string;
  fixmedins_code: string;
  gend: string;
  brdy: string;
  insutype: string;
  med_type: string;
  treatment_mode: string;
  setl_time: Date;
  setl_date: string;
  begndate: string;
  enddate: string | null;
  main_diagnosis: string | null;
  diagnoses: string[];
  operations: { code: string; name?: string; isMain: boolean; date?: string }[];
  poolarea: string;
  admdvs: string;
  adm_dept_codg: string | null;
  atddr_no: string | null;
  lines: {
    sn: string;
    code: string;
    name: string;
    type: string;
    chrg: string | null;
    cnt: string;
    pric: string;
    amt: string;
    day: string;
    dept: string | null;
    dr: string | null;
    days: number | null;
  }[];
}

/**
 * The next batch of a city's reviewed, unreversed settlements of a period after the keyset
 * (setl_date, id), lines aggregated in the same query (set-based; no ORM entities).
 */
export async function nextStoredBatch(
  em: EntityManager,
  q: { poolarea: string; from: string; to: string; after?: { setlDate: string; id: string }; limit: number },
): Promise<StoredSettlementRow[]> {
  return em.execute<StoredSettlementRow[]>(
    `select s.id::text as id, s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.gend, s.brdy::text as brdy, s.insutype, s.med_type, s.treatment_mode,
            s.setl_time, s.setl_date::text as setl_date, s.begndate::text as begndate, s.enddate::text as enddate, s.main_diagnosis, s.diagnoses, s.operations,
            s.poolarea, s.admdvs, s.adm_dept_codg, s.atddr_no,
            (select jsonb_agg(jsonb_build_object('sn', l.feedetl_sn, 'code', l.hilist_code, 'name', l.hilist_name, 'type', l.list_type, 'chrg', l.chrg_type,
                    'cnt', trim_scale(l.cnt)::text, 'pric', l.pric_fen::text, 'amt', l.amount_fen::text, 'day', l.service_date::text,
                    'dept', l.dept_codg, 'dr', l.dr_codg, 'days', l.prd_days)
                    order by l.fee_ocur_time, length(l.feedetl_sn), l.feedetl_sn)
               from review.settlement_line l where l.settlement_id = s.id) as lines
       from review.settlement s
      where s.poolarea = ? and s.setl_date between ?::date and ?::date and s.review_status = 'REVIEWED' and s.reversed_by is null
        and (s.setl_date, s.id) > (?::date, ?::uuid)
      order by s.setl_date, s.id
      limit ?`,
    [q.poolarea, q.from, q.to, q.after?.setlDate ?? '0001-01-01', q.after?.id ?? '00000000-0000-0000-0000-000000000000', q.limit],
  );
}

const yuan = (fen: string): string => Money.fromFen(BigInt(fen)).toYuanString();

/** The rules' claim of a stored settlement — the same mapping intake applies to the uploaded record. */
export function storedClaim(s: StoredSettlementRow, institution: InstitutionFacts): Claim {
  const inpatient = s.treatment_mode === '2';
  return createClaim({
    claimId: s.mdtrt_id,
    setlId: s.setl_id,
    stage: 'post',
    patient: { psnNo: s.psn_no, gender: s.gend, birthDate: s.brdy },
    insutype: s.insutype,
    medType: s.med_type,
    treatmentMode: s.treatment_mode as TreatmentMode,
    institution: { code: institution.code, level: institution.level, type: institution.type, admdvs: s.admdvs, poolarea: s.poolarea },
    admissionDate: s.begndate,
    ...(inpatient && s.enddate ? { dischargeDate: s.enddate } : {}),
    mainDiagnosis: s.main_diagnosis ?? undefined,
    diagnoses: s.diagnoses.map((code) => ({ code })),
    operations: s.operations ?? [],
    department: s.adm_dept_codg ?? undefined,
    doctor: s.atddr_no ?? undefined,
    lines: (s.lines ?? []).map((l) => ({
      lineId: l.sn,
      hilistCode: l.code,
      name: l.name,
      listType: l.type,
      chargeType: l.chrg ?? undefined,
      quantity: l.cnt,
      unitPrice: yuan(l.pric),
      amount: yuan(l.amt),
      serviceDate: l.day,
      department: l.dept ?? undefined,
      doctor: l.dr ?? undefined,
      ...(l.days !== null ? { days: l.days } : {}),
    })),
  });
}
