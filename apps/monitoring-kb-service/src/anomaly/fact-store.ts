import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClaimSettledEvent } from '@mi/contracts';
import type { SettlementFact } from './detectors';

interface FactRow {
  settlement_id: string;
  setl_id: string;
  psn_no: string;
  institution_code: string;
  poolarea: string;
  setl_date: string;
  setl_ms: number | null;
  gend: string | null;
  age_years: number | null;
  treatment_mode: string | null;
  begndate: string | null;
  enddate: string | null;
  medfee_sumamt_fen: string;
}

const COLUMNS = `settlement_id::text as settlement_id, setl_id, psn_no, institution_code, poolarea, setl_date::text as setl_date,
  (extract(epoch from setl_time) * 1000)::float8 as setl_ms, gend, age_years, treatment_mode, begndate::text as begndate,
  enddate::text as enddate, medfee_sumamt_fen::text as medfee_sumamt_fen`;

function toFact(r: FactRow): SettlementFact {
  return {
    settlementId: r.settlement_id,
    setlId: r.setl_id,
    psnNo: r.psn_no,
    institutionCode: r.institution_code,
    poolarea: r.poolarea,
    setlDate: r.setl_date,
    setlTime: r.setl_ms === null ? null : Number(r.setl_ms),
    gend: r.gend,
    ageYears: r.age_years,
    treatmentMode: r.treatment_mode,
    begndate: r.begndate,
    enddate: r.enddate,
    medfeeFen: BigInt(r.medfee_sumamt_fen),
  };
}

/**
 * The compact fact store (`kb.settlement_fact`): one row per settled claim, only what the
 * detectors read — no names, no ID numbers, no fee lines.
 */
export class FactStore {
  constructor(private readonly em: EntityManager) {}

  /**
   * Stores the settlement of an event; null when it is already stored (the same settlement under
   * another event id) or when the event is a reversal, which instead marks its original.
   */
  async record(e: ClaimSettledEvent): Promise<SettlementFact | null> {
    const p = e.payload;
    if (p.reversal) {
      // The original: same institution, visit and person, the opposite amount, not yet reversed.
      await this.em.execute(
        `update kb.settlement_fact set reversed_by = ? where settlement_id = (
           select settlement_id from kb.settlement_fact
            where institution_code = ? and mdtrt_id = ? and psn_no = ? and reversed_by is null and medfee_sumamt_fen = ?::bigint
            order by setl_date desc, setl_id desc limit 1)`,
        [p.setlId, p.institutionCode, p.mdtrtId, p.psnNo, (-BigInt(p.medfeeSumamtFen)).toString()],
      );
      return null;
    }
    const v = p.visit;
    const rows = await this.em.execute<FactRow[]>(
      `insert into kb.settlement_fact (settlement_id, event_id, setl_id, mdtrt_id, psn_no, institution_code, admdvs, poolarea, insutype, setl_date,
         setl_time, gend, age_years, treatment_mode, begndate, enddate, medfee_sumamt_fen, hifp_pay_fen)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?::timestamptz, ?, ?, ?, ?::date, ?::date, ?::bigint, ?::bigint)
       on conflict do nothing returning ${COLUMNS}`,
      [
        p.settlementId,
        e.id,
        p.setlId,
        p.mdtrtId,
        p.psnNo,
        p.institutionCode,
        e.admdvs,
        p.poolarea,
        p.insutype,
        p.setlDate,
        v?.setlTime ?? null,
        v?.gend ?? null,
        v?.ageYears ?? null,
        v?.treatmentMode ?? null,
        v?.begndate ?? null,
        v?.enddate ?? null,
        p.medfeeSumamtFen,
        p.hifpPayFen,
      ],
    );
    return rows.length === 0 ? null : toFact(rows[0]);
  }

  /** A person's settlements (not reversed) settled between two dates, inclusive. */
  async ofPerson(poolarea: string, psnNo: string, fromDate: string, toDate: string): Promise<SettlementFact[]> {
    const rows = await this.em.execute<FactRow[]>(
      `select ${COLUMNS} from kb.settlement_fact where poolarea = ? and psn_no = ? and setl_date between ?::date and ?::date and reversed_by is null`,
      [poolarea, psnNo, fromDate, toDate],
    );
    return rows.map(toFact);
  }

  /** An institution's settlements (not reversed) settled between two instants, inclusive. */
  async atInstitution(institutionCode: string, from: Date, to: Date): Promise<SettlementFact[]> {
    const rows = await this.em.execute<FactRow[]>(
      `select ${COLUMNS} from kb.settlement_fact where institution_code = ? and setl_time between ? and ? and reversed_by is null`,
      [institutionCode, from, to],
    );
    return rows.map(toFact);
  }

  /** An institution's settlements (not reversed, with a visit) of some treatment modes whose visit (admission) day is in [fromDate, toDate]. */
  async atInstitutionOnDates(institutionCode: string, modes: string[], fromDate: string, toDate: string): Promise<SettlementFact[]> {
    const rows = await this.em.execute<FactRow[]>(
      `select ${COLUMNS} from kb.settlement_fact where institution_code = ? and coalesce(begndate, setl_date) between ?::date and ?::date and reversed_by is null
         and treatment_mode in (?) and age_years is not null`,
      [institutionCode, fromDate, toDate, modes],
    );
    return rows.map(toFact);
  }

  /** Settlements of the rest of the city (every other institution) by visit (admission) day, and how many of them by patients in an age band. */
  async restOfCity(
    poolarea: string,
    exceptInstitution: string,
    modes: string[],
    fromDate: string,
    toDate: string,
    minAge: number,
    maxAge: number,
  ): Promise<{ total: number; young: number }> {
    const [row] = await this.em.execute<{ total: string; young: string }[]>(
      `select count(*)::text as total, count(*) filter (where age_years between ? and ?)::text as young from kb.settlement_fact
        where poolarea = ? and coalesce(begndate, setl_date) between ?::date and ?::date and institution_code <> ? and reversed_by is null
          and treatment_mode in (?) and age_years is not null`,
      [minAge, maxAge, poolarea, fromDate, toDate, exceptInstitution, modes],
    );
    return { total: Number(row.total), young: Number(row.young) };
  }
}
