import type { SimulationJobView, SimulationReport, SimulationStatus } from '@mi/contracts';

/** review.simulation_job as read (without the candidate definitions; the report only when asked). */
export interface JobRow {
  id: string;
  poolarea: string;
  from_date: string;
  to_date: string;
  status: SimulationStatus;
  base_rule_set: string;
  rules: { ruleId: string; version: number }[];
  remove: string[];
  reason: string;
  requested_by: string;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  total: number;
  done: number;
  attempts: number;
  error: string | null;
  report?: SimulationReport | null;
}

export const JOB_COLUMNS = `id::text as id, poolarea, from_date::text as from_date, to_date::text as to_date, status, base_rule_set, rules, remove, reason,
  requested_by, requested_at, started_at, finished_at, total, done, attempts, error`;

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function jobView(r: JobRow): SimulationJobView {
  return { ...jobSummary(r), report: r.report ?? null };
}

/** A job without its report (lists). */
export function jobSummary(r: JobRow): Omit<SimulationJobView, 'report'> {
  return {
    id: r.id,
    poolarea: r.poolarea,
    from: r.from_date,
    to: r.to_date,
    status: r.status,
    baseRuleSet: r.base_rule_set,
    rules: r.rules,
    remove: r.remove,
    reason: r.reason,
    requestedBy: r.requested_by,
    requestedAt: new Date(r.requested_at).toISOString(),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    progress: { total: r.total, done: r.done },
    attempts: r.attempts,
    error: r.error,
  };
}
