import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Admdvs, LocalDate } from '@mi/domain';
import { RuleRef } from '../kb/kb.messages';
import { ParsedBy } from '../validation/parsed-by';

/**
 * 规则模拟 (simulation before publishing) — claims-review-service runs a candidate rule set over the
 * stored settlements of a city and period and compares what it flags with the findings the
 * published set produced, per rule and per institution. A job: started, run in the background
 * (restart-safe), read when DONE. Nothing is posted and no case or finding changes. Also: a
 * settlement's findings with the shadow ones (影子规则, evaluated and recorded, not enforced).
 */
export const SimulationSubjects = {
  /** gateway → claims-review: queue a simulation. Reply {@link SimulationJobView} (status QUEUED). */
  start: 'mi.v1.review.simulation.start',
  /** gateway → claims-review: one job with its report when DONE. Reply {@link SimulationJobView}. */
  get: 'mi.v1.review.simulation.get',
  /** gateway → claims-review: a city's jobs, newest first, without reports. Reply {@link SimulationJobPageView}. */
  list: 'mi.v1.review.simulation.list',
  /** gateway → claims-review: one settlement's findings, enforced and shadow. Reply {@link SettlementFindingsView}. */
  settlementFindings: 'mi.v1.review.settlement-findings',
} as const;

/** Longest period one simulation may cover (a year, leap day included). */
export const SIMULATION_MAX_DAYS = 366;

export const SIMULATION_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type SimulationStatus = (typeof SIMULATION_STATUSES)[number];

const isoDate = (v: unknown, field: string): string => LocalDate.parse(v, field).toString();

export class StartSimulationRequest {
  /** The city (pooling region) whose stored settlements are evaluated. */
  @ParsedBy((v) => Admdvs.parse(v, 'poolarea'))
  poolarea: string;

  /** First settlement date (yyyy-MM-dd, Asia/Shanghai). */
  @ParsedBy((v) => isoDate(v, 'from'))
  from: string;

  /** Last settlement date, at most {@link SIMULATION_MAX_DAYS} days after `from`, not after today. */
  @ParsedBy((v) => isoDate(v, 'to'))
  to: string;

  /**
   * Candidate rule versions (drafts or published, of the city or its province): each replaces the
   * version of the same rule in the set in force on `to`, or is added to it.
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RuleRef)
  rules?: RuleRef[];

  /** Rule ids taken out of the set in force on `to`. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(/^[A-Za-z0-9-]{3,40}$/, { each: true, message: 'remove must hold rule ids' })
  remove?: string[];

  /** Why (recorded in the audit row), e.g. the draft under discussion. */
  @IsString()
  @Length(4, 500)
  reason: string;
}

export class GetSimulationRequest {
  @IsUUID()
  id: string;
}

export class ListSimulationsRequest {
  @ParsedBy((v) => Admdvs.parse(v, 'poolarea'))
  poolarea: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class SettlementFindingsRequest {
  /** The stored settlement (review.settlement id, as in ClaimSettled `settlementId`). */
  @IsUUID()
  settlementId: string;
}

/** Hits of one side: settlements flagged, distinct fee lines involved, amount at stake (fen, decimal string). */
export interface SimulationTally {
  settlements: number;
  lines: number;
  amountFen: string;
}

/**
 * One rule or institution: what the candidate set flags, what the published set flagged (stored
 * findings), settlements only the candidate flags (`added`, candidate's amount) and settlements only
 * the published set flagged (`removed`, published amount).
 */
export interface SimulationDiffRow {
  candidate: SimulationTally;
  published: SimulationTally;
  added: SimulationTally;
  removed: SimulationTally;
}

export interface SimulationRuleRow extends SimulationDiffRow {
  ruleId: string;
  /** `candidate` when only in the candidate set, `published` when only stored findings name it, else `both`. */
  presence: 'candidate' | 'published' | 'both';
}

export interface SimulationInstitutionRow extends SimulationDiffRow {
  institutionCode: string;
}

export interface SimulationShadowRow {
  ruleId: string;
  /** What the rule, in shadow mode at intake, would have flagged in the period (stored shadow findings). */
  flagged: SimulationTally;
}

export interface SimulationReport {
  /** Settlements evaluated (reviewed, not reversed, settled in the period). */
  settlements: number;
  totals: SimulationDiffRow;
  byRule: SimulationRuleRow[];
  byInstitution: SimulationInstitutionRow[];
  shadow: SimulationShadowRow[];
}

export interface SimulationJobView {
  id: string;
  poolarea: string;
  from: string;
  to: string;
  status: SimulationStatus;
  /** The published set the candidate starts from (`430100#3`, in force on `to`). */
  baseRuleSet: string;
  rules: { ruleId: string; version: number }[];
  remove: string[];
  reason: string;
  requestedBy: string;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Settlements to evaluate (known once RUNNING) and evaluated so far. */
  progress: { total: number; done: number };
  attempts: number;
  error: string | null;
  /** When DONE. */
  report: SimulationReport | null;
}

export interface SimulationJobPageView {
  items: Omit<SimulationJobView, 'report'>[];
  total: number;
  limit: number;
  offset: number;
}

export interface SettlementFindingView {
  id: string;
  ruleId: string;
  ruleVersion: number;
  ruleSet: string;
  severity: string;
  amountFen: string;
  lines: { lineId: string; itemType: string; amountFen: string }[];
  volaCont: string;
  volaEvid: string;
  /** true: a shadow rule's finding — recorded, never enforced (no case, not a violation, not in events). */
  shadow: boolean;
}

export interface SettlementFindingsView {
  settlementId: string;
  setlId: string;
  institutionCode: string;
  poolarea: string;
  setlDate: string;
  ruleSet: string | null;
  findings: SettlementFindingView[];
}
