import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsInt, IsUUID, Min } from 'class-validator';
import { Type } from 'class-transformer';
import {
  CreateInspectionPlanRequest,
  DrawInspectionsRequest,
  INSPECTION_KINDS,
  INSPECTION_OUTCOMES,
  type InspectionPlanView,
  type InspectionTargetView,
  type InspectionView,
  type InspectorView,
  JOINT_DEPARTMENT_CODES,
  RecordInspectionResultsRequest,
  UpsertInspectorRequest,
} from '@mi/contracts';

/** HTTP shapes of 双随机、一公开: the contracts' request classes with Swagger metadata, the views mirrored. */
const DEPARTMENTS = ['medical-security', ...JOINT_DEPARTMENT_CODES];

export class PlanParam {
  @IsUUID('all', { message: 'planId must be a UUID' })
  planId: string;
}

export class InspectionParam extends PlanParam {
  @Type(() => Number)
  @IsInt({ message: 'index must be an integer' })
  @Min(0)
  index: number;
}

export class UpsertInspectorBody extends UpsertInspectorRequest {}
ApiProperty({ type: String, example: '350100' })(UpsertInspectorBody.prototype, 'admdvs');
ApiProperty({ type: String, example: 'INSP0001' })(UpsertInspectorBody.prototype, 'code');
ApiProperty({ type: String })(UpsertInspectorBody.prototype, 'name');
ApiProperty({ enum: DEPARTMENTS })(UpsertInspectorBody.prototype, 'department');
ApiProperty({ type: [String], description: 'institutions the inspector is linked to (conflict of interest)' })(
  UpsertInspectorBody.prototype,
  'linkedInstitutions',
);
ApiPropertyOptional({ type: Boolean })(UpsertInspectorBody.prototype, 'active');

export class CreateInspectionPlanBody extends CreateInspectionPlanRequest {}
ApiProperty({ type: String, example: '350100', description: 'city code' })(CreateInspectionPlanBody.prototype, 'admdvs');
ApiProperty({ type: Number, example: 2026 })(CreateInspectionPlanBody.prototype, 'year');
ApiProperty({
  type: 'array',
  items: {
    type: 'object',
    properties: {
      title: { type: 'string' },
      kind: { type: 'string', enum: [...INSPECTION_KINDS] },
      departments: { type: 'array', items: { type: 'string', enum: [...JOINT_DEPARTMENT_CODES] } },
      targets: { type: 'integer', minimum: 1 },
      inspectors: { type: 'integer', minimum: 2 },
    },
    required: ['title', 'kind', 'departments', 'targets', 'inspectors'],
  },
})(CreateInspectionPlanBody.prototype, 'inspections');

export class DrawInspectionsBody extends OmitType(DrawInspectionsRequest, ['planId'] as const) {}
ApiPropertyOptional({ type: String, example: 'fz-2026-double-random', description: 'recorded and published; generated when absent' })(
  DrawInspectionsBody.prototype,
  'seed',
);

export class RecordInspectionResultsBody extends OmitType(RecordInspectionResultsRequest, ['planId', 'index'] as const) {}
ApiProperty({
  type: 'array',
  items: {
    type: 'object',
    properties: {
      institutionCode: { type: 'string' },
      outcome: { type: 'string', enum: [...INSPECTION_OUTCOMES] },
      findings: { type: 'string' },
      penalties: {
        type: 'array',
        items: { type: 'object', properties: { department: { type: 'string', enum: DEPARTMENTS }, decisionNo: { type: 'string' } } },
      },
    },
    required: ['institutionCode', 'outcome', 'findings'],
  },
})(RecordInspectionResultsBody.prototype, 'results');

export class InspectorDto implements InspectorView {
  @ApiProperty({ type: String })
  code: string;
  @ApiProperty({ type: String })
  name: string;
  @ApiProperty({ enum: DEPARTMENTS })
  department: string;
  @ApiProperty({ type: String })
  admdvs: string;
  @ApiProperty({ type: [String] })
  linkedInstitutions: string[];
  @ApiProperty({ type: Boolean })
  active: boolean;
}

class InspectionResultDto {
  @ApiProperty({ enum: INSPECTION_OUTCOMES })
  outcome: (typeof INSPECTION_OUTCOMES)[number];
  @ApiProperty({ type: String })
  findings: string;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { department: { type: 'string' }, decisionNo: { type: 'string' } } } })
  penalties: { department: string; decisionNo: string }[];
  @ApiProperty({ type: String, format: 'date-time' })
  recordedAt: string;
}

class InspectionTargetDto implements InspectionTargetView {
  @ApiProperty({ type: String })
  institutionCode: string;
  @ApiProperty({ type: String })
  level: string;
  @ApiProperty({ type: Number, description: 'draw weight of the credit level' })
  weight: number;
  @ApiProperty({ type: InspectionResultDto, nullable: true })
  result: InspectionResultDto | null;
}

class DrawnInspectorDto {
  @ApiProperty({ type: String })
  code: string;
  @ApiProperty({ type: String })
  name: string;
  @ApiProperty({ type: String })
  department: string;
}

class ExclusionDto {
  @ApiProperty({ type: String })
  inspectorCode: string;
  @ApiProperty({ type: String })
  institutionCode: string;
}

class InspectionDto implements InspectionView {
  @ApiProperty({ type: Number })
  index: number;
  @ApiProperty({ type: String })
  title: string;
  @ApiProperty({ enum: INSPECTION_KINDS })
  kind: InspectionView['kind'];
  @ApiProperty({ type: [String] })
  departments: string[];
  @ApiProperty({ type: Number })
  targetCount: number;
  @ApiProperty({ type: Number })
  inspectorCount: number;
  @ApiProperty({ type: [InspectionTargetDto] })
  targets: InspectionTargetDto[];
  @ApiProperty({ type: [DrawnInspectorDto] })
  inspectors: DrawnInspectorDto[];
  @ApiProperty({ type: [ExclusionDto], description: 'left out for a conflict of interest' })
  excluded: ExclusionDto[];
}

class CandidatesDto {
  @ApiProperty({ type: Number })
  targets: number;
  @ApiProperty({ type: Number })
  inspectors: number;
}

export class InspectionPlanDto implements InspectionPlanView {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;
  @ApiProperty({ type: String })
  admdvs: string;
  @ApiProperty({ type: Number })
  year: number;
  @ApiProperty({ enum: ['PLANNED', 'DRAWN'] })
  status: 'PLANNED' | 'DRAWN';
  @ApiProperty({ type: String, nullable: true })
  seed: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  drawnAt: string | null;
  @ApiProperty({ type: CandidatesDto, nullable: true })
  candidates: CandidatesDto | null;
  @ApiProperty({ type: [InspectionDto] })
  inspections: InspectionDto[];
}
