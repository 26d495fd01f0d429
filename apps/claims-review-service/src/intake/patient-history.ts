import type { EntityManager } from '@mikro-orm/postgresql';
import { LocalDate } from '@mi/domain';
import { InMemoryPatientHistory } from '@mi/rules';
import { type HistoryRow, historyEncounterOf } from './settlement.mapper';

/** Days of a person's earlier settlements the review sees as history. */
export const HISTORY_DAYS = 180;

export type StoredHistoryRow = HistoryRow & { setl_date: string; setl_time: Date };

/**
 * The stored, unreversed settlements of these people from {@link HISTORY_DAYS} days before the
 * earliest date to the latest, with their lines — one query for a whole batch (intake and
 * simulation review with the same window).
 */
export async function loadHistories(em: EntityManager, psnNos: string[], dates: string[]): Promise<Map<string, StoredHistoryRow[]>> {
  const byPerson = new Map<string, StoredHistoryRow[]>();
  if (psnNos.length === 0) return byPerson;
  const sorted = [...dates].sort();
  const from = LocalDate.parse(sorted[0]).plusDays(-HISTORY_DAYS).toString();
  const to = sorted[sorted.length - 1];
  const history = await em.execute<StoredHistoryRow[]>(
    `select s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.treatment_mode, s.med_type, s.begndate::text as begndate, s.enddate::text as enddate,
            s.main_diagnosis, s.setl_date::text as setl_date, s.setl_time,
            (select jsonb_agg(jsonb_build_object('hilist_code', l.hilist_code, 'cnt', trim_scale(l.cnt)::text, 'amount_fen', l.amount_fen::text, 'service_date', l.service_date::text, 'days', l.prd_days))
               from review.settlement_line l where l.settlement_id = s.id) as lines
       from review.settlement s
      where s.psn_no in (?) and s.setl_date between ? and ? and s.refd_setl_flag = '0' and s.reversed_by is null`,
    [[...new Set(psnNos)], from, to],
  );
  for (const h of history) byPerson.set(h.psn_no, [...(byPerson.get(h.psn_no) ?? []), h]);
  return byPerson;
}

/** What the rules see of a person's past for one settlement: the window before it, the settlement itself left out. */
export function historyBefore(rows: StoredHistoryRow[] | undefined, setlId: string, setlDate: string, setlTime: Date): InMemoryPatientHistory | undefined {
  const since = LocalDate.parse(setlDate).plusDays(-HISTORY_DAYS).toString();
  const earlier = (rows ?? []).filter((h) => h.setl_id !== setlId && h.setl_date >= since && new Date(h.setl_time).getTime() <= setlTime.getTime());
  return earlier.length > 0 ? InMemoryPatientHistory.fromEncounters(earlier.map(historyEncounterOf)) : undefined;
}
