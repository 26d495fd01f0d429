import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ListPenaltiesRequest,
  PENALTY_MEASURES,
  PENALTY_SUBJECT_TYPES,
  type PenaltyMeasure,
  PenaltyMeasureDto,
  type PenaltySubjectType,
  type PenaltyView,
  RecordPenaltyRequest,
} from '@mi/contracts';
import { pageDto } from './credit.dto';

/** HTTP shapes of 行政处罚: the contracts' request classes with Swagger metadata, the view mirrored. */
ApiProperty({ enum: PENALTY_MEASURES, description: '警告 / 责令退回 / 没收违法所得 / 罚款 / 责令暂停医药服务 / 吊销' })(PenaltyMeasureDto.prototype, 'kind');
ApiPropertyOptional({ type: String, example: '2469134', description: 'integer fen; required for ORDER_REFUND, CONFISCATION and FINE, absent otherwise' })(
  PenaltyMeasureDto.prototype,
  'amountFen',
);

export class RecordPenaltyBody extends RecordPenaltyRequest {}
ApiProperty({ enum: PENALTY_SUBJECT_TYPES })(RecordPenaltyBody.prototype, 'subjectType');
ApiProperty({ type: String, example: 'H35010200071', description: 'institution or practitioner code' })(RecordPenaltyBody.prototype, 'subjectCode');
ApiProperty({ type: String })(RecordPenaltyBody.prototype, 'subjectName');
ApiProperty({ type: String, example: '350102' })(RecordPenaltyBody.prototype, 'admdvs');
ApiProperty({ type: String, example: '榕医保罚〔2026〕7号', description: '行政处罚决定书文号, once per region' })(RecordPenaltyBody.prototype, 'decisionNo');
ApiProperty({ type: String, format: 'date', description: 'not after today' })(RecordPenaltyBody.prototype, 'decidedOn');
ApiProperty({ type: String, example: '《医疗保障基金使用监督管理条例》第三十八条' })(RecordPenaltyBody.prototype, 'legalBasis');
ApiProperty({ type: String })(RecordPenaltyBody.prototype, 'facts');
ApiProperty({ type: [PenaltyMeasureDto], description: 'one or more measures of the decision (一案多罚), each kind once' })(
  RecordPenaltyBody.prototype,
  'measures',
);
ApiPropertyOptional({
  type: 'array',
  items: { type: 'object', properties: { title: { type: 'string' }, pages: { type: 'integer' } } },
})(RecordPenaltyBody.prototype, 'evidence');
ApiPropertyOptional({ type: String, description: 'the review case or referral the decision concludes' })(RecordPenaltyBody.prototype, 'caseRef');

export class ListPenaltiesQuery extends ListPenaltiesRequest {}
ApiPropertyOptional({ enum: PENALTY_SUBJECT_TYPES })(ListPenaltiesQuery.prototype, 'subjectType');
ApiPropertyOptional({ type: String })(ListPenaltiesQuery.prototype, 'subjectCode');
ApiPropertyOptional({ type: Number })(ListPenaltiesQuery.prototype, 'limit');
ApiPropertyOptional({ type: Number })(ListPenaltiesQuery.prototype, 'offset');

class PenaltyMeasureViewDto {
  @ApiProperty({ enum: PENALTY_MEASURES })
  kind: PenaltyMeasure;
  @ApiProperty({ type: String, example: '罚款' })
  label: string;
  @ApiProperty({ type: String, nullable: true, description: 'integer fen' })
  amountFen: string | null;
}

class PenaltyEvidenceDto {
  @ApiProperty({ type: String })
  title: string;
  @ApiPropertyOptional({ type: Number })
  pages?: number;
}

export class PenaltyDto implements PenaltyView {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;
  @ApiProperty({ enum: PENALTY_SUBJECT_TYPES })
  subjectType: PenaltySubjectType;
  @ApiProperty({ type: String })
  subjectCode: string;
  @ApiProperty({ type: String })
  subjectName: string;
  @ApiProperty({ type: String })
  admdvs: string;
  @ApiProperty({ type: String })
  decisionNo: string;
  @ApiProperty({ type: String, format: 'date' })
  decidedOn: string;
  @ApiProperty({ type: String })
  legalBasis: string;
  @ApiProperty({ type: String })
  facts: string;
  @ApiProperty({ type: [PenaltyMeasureViewDto] })
  measures: PenaltyMeasureViewDto[];
  @ApiProperty({ type: String, description: 'Σ of the money measures, integer fen' })
  totalFen: string;
  @ApiProperty({ type: [PenaltyEvidenceDto] })
  evidence: PenaltyEvidenceDto[];
  @ApiProperty({ type: String, nullable: true })
  caseRef: string | null;
  @ApiProperty({ type: Number, description: 'the credit-file entry’s score change (heaviest measure)' })
  scoreDelta: number;
  @ApiProperty({ type: Number })
  scoreAfter: number;
  @ApiProperty({ type: String })
  recordedBy: string;
  @ApiProperty({ type: String, format: 'date-time' })
  recordedAt: string;
}

export const PenaltyPageDto = pageDto(PenaltyDto, 'PenaltyPageDto');
