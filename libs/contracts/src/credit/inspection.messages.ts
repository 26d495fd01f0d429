import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Admdvs, InstitutionCode } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';
import { JOINT_DEPARTMENT_CODES } from './list-decision.messages';

/**
 * 双随机、一公开 — joint inspections: a yearly plan per city (at least the city's number of joint
 * special inspections), a recorded-seed draw of targets (weighted by credit level) and inspectors
 * (a pool, ≥ 2 per inspection, an inspector linked to a target excluded), and results entered
 * into each target's credit file (one case, several departments' penalties).
 */
export const INSPECTION_KINDS = ['joint-special', 'routine'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export const INSPECTION_OUTCOMES = ['NO_ISSUES', 'ISSUES_FOUND', 'PENALIZED'] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

export const CreditInspectionSubjects = {
  /** gateway → credit-service: add or update an inspector of the city's pool. Reply {@link InspectorView}. */
  upsertInspector: 'mi.v1.credit.inspector-upsert',
  /** gateway → credit-service: the yearly plan of a city. Reply {@link InspectionPlanView}. */
  createPlan: 'mi.v1.credit.inspection-plan-create',
  getPlan: 'mi.v1.credit.inspection-plan-get',
  /** gateway → credit-service: draw targets and inspectors of every inspection of a plan with a seed (recorded). */
  draw: 'mi.v1.credit.inspection-draw',
  /** gateway → credit-service: results of one inspection, appended to each target's credit file. */
  recordResults: 'mi.v1.credit.inspection-results',
} as const;

export const CreditInspectionEventSubjects = {
  InspectionPlanCreated: 'evt.credit.InspectionPlanCreated',
  InspectionDrawn: 'evt.credit.InspectionDrawn',
  InspectionResultsRecorded: 'evt.credit.InspectionResultsRecorded',
  InspectorPoolChanged: 'evt.credit.InspectorPoolChanged',
} as const;

const CODE = /^[A-Z][A-Z0-9]{3,29}$/;

/** `mi.v1.credit.inspector-upsert` — by code within the city. Errors: VALIDATION, FORBIDDEN.*. */
export class UpsertInspectorRequest {
  @ParsedBy((v) => Admdvs.parse(v, 'admdvs').code)
  admdvs: string;

  @Matches(CODE, { message: 'code must be an inspector code (upper-case letters and digits)' })
  code: string;

  @IsString()
  @Length(1, 100)
  name: string;

  @IsIn(['medical-security', ...JOINT_DEPARTMENT_CODES], { message: 'department must be medical-security or a joint department' })
  department: string;

  /** Institutions the inspector is linked to (employment, family, former post …): never drawn for them. */
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @ParsedBy((v) => InstitutionCode.parse(v, 'linkedInstitutions').value, { each: true })
  linkedInstitutions: string[];

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export interface InspectorView {
  code: string;
  name: string;
  department: string;
  admdvs: string;
  linkedInstitutions: string[];
  active: boolean;
}

export class PlannedInspection {
  @IsString()
  @Length(1, 200)
  title: string;

  @IsIn([...INSPECTION_KINDS])
  kind: InspectionKind;

  /** Departments taking part (a joint special inspection names at least one besides medical security). */
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsIn(JOINT_DEPARTMENT_CODES, { each: true })
  departments: string[];

  @IsInt()
  @Min(1)
  @Max(200)
  targets: number;

  @IsInt()
  @Min(2, { message: 'inspectors must be at least 2 per inspection' })
  @Max(20)
  inspectors: number;
}

/**
 * `mi.v1.credit.inspection-plan-create` — one plan per city and year. Errors: VALIDATION (fewer
 * joint special inspections than the city's minimum names `inspections`), INSPECTION.PLAN_EXISTS.
 */
export class CreateInspectionPlanRequest {
  @Matches(/^[0-9]{4}00$/, { message: 'admdvs must be a city code (….00)' })
  admdvs: string;

  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PlannedInspection)
  inspections: PlannedInspection[];
}

export class InspectionPlanIdRequest {
  @IsUUID('all', { message: 'planId must be a UUID' })
  planId: string;
}

/** `mi.v1.credit.inspection-draw` — once per plan. Errors: INSPECTION.ALREADY_DRAWN, INSPECTION.NOT_ENOUGH_INSPECTORS, INSPECTION.NO_TARGETS. */
export class DrawInspectionsRequest extends InspectionPlanIdRequest {
  /** The random seed (recorded and published); generated when absent. The same seed on the same pool gives the same draw. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'seed must be 8–64 letters, digits, _ or -' })
  seed?: string;
}

export class PenaltyDecision {
  @IsIn(['medical-security', ...JOINT_DEPARTMENT_CODES])
  department: string;

  @IsString()
  @Length(1, 100)
  decisionNo: string;
}

export class InspectionResultInput {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode').value)
  institutionCode: string;

  @IsIn([...INSPECTION_OUTCOMES])
  outcome: InspectionOutcome;

  @IsString()
  @Length(1, 2000)
  findings: string;

  /** One case, several penalties: each department's decision. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PenaltyDecision)
  penalties?: PenaltyDecision[];
}

/**
 * `mi.v1.credit.inspection-results` — results of one drawn inspection (by plan and index); each
 * target once. Errors: VALIDATION (a target not drawn names `results`), INSPECTION.NOT_DRAWN,
 * INSPECTION.RESULT_EXISTS.
 */
export class RecordInspectionResultsRequest extends InspectionPlanIdRequest {
  @IsInt()
  @Min(0)
  index: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => InspectionResultInput)
  results: InspectionResultInput[];
}

export interface InspectionTargetView {
  institutionCode: string;
  level: string;
  weight: number;
  result: { outcome: InspectionOutcome; findings: string; penalties: { department: string; decisionNo: string }[]; recordedAt: string } | null;
}

export interface InspectionView {
  index: number;
  title: string;
  kind: InspectionKind;
  departments: string[];
  targetCount: number;
  inspectorCount: number;
  targets: InspectionTargetView[];
  inspectors: { code: string; name: string; department: string }[];
  /** Inspectors left out for a conflict of interest with a drawn target. */
  excluded: { inspectorCode: string; institutionCode: string }[];
}

export interface InspectionPlanView {
  id: string;
  admdvs: string;
  year: number;
  status: 'PLANNED' | 'DRAWN';
  seed: string | null;
  drawnAt: string | null;
  /** Candidates at the draw (一公开): how many institutions and inspectors the draw was made from. */
  candidates: { targets: number; inspectors: number } | null;
  inspections: InspectionView[];
}
