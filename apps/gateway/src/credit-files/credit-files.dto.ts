import { ApiProperty } from '@nestjs/swagger';
import {
  CREDIT_LEVELS,
  type CreditEntrySource,
  type CreditFileDetailView,
  type CreditFileEntryDetailView,
  GetCreditFileRequest,
  PRACTITIONER_POINT_BANDS,
  PRACTITIONER_QUALIFICATIONS,
  type PractitionerPointsView,
} from '@mi/contracts';

/** HTTP shapes of the credit-file route: the contract's request class and views mirrored for Swagger (`implements` keeps them in step). */
export class CreditFileParam extends GetCreditFileRequest {}
ApiProperty({ enum: ['institution', 'practitioner'] })(CreditFileParam.prototype, 'subjectType');
ApiProperty({ type: String, example: 'H43010200088' })(CreditFileParam.prototype, 'subjectCode');

export class CreditEntrySourceDto implements CreditEntrySource {
  @ApiProperty({ type: String, format: 'uuid', description: 'the event (or approval) the entry comes from' })
  eventId: string;
  @ApiProperty({ type: String, nullable: true, example: 'evt.review.ViolationConfirmed' })
  subject: string | null;
  @ApiProperty({ type: String, example: 'claims-review-service' })
  service: string;
}

export class CreditFileEntryDto implements CreditFileEntryDetailView {
  @ApiProperty({ type: String, example: 'VIOLATION' })
  kind: string;
  @ApiProperty({ type: String, format: 'uuid' })
  sourceEventId: string;
  @ApiProperty({ type: String, format: 'date-time' })
  occurredAt: string;
  @ApiProperty({ type: String })
  summary: string;
  @ApiProperty({ type: Number, description: 'score change on the 1000-point scale' })
  scoreDelta: number;
  @ApiProperty({ type: Number, nullable: true })
  scoreAfter: number | null;
  @ApiProperty({ type: CreditEntrySourceDto })
  source: CreditEntrySourceDto;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, nullable: true, description: 'ids proving the entry' })
  evidence: Record<string, string> | null;
  @ApiProperty({ type: Number, nullable: true, description: '12分制 points this entry scored (practitioners)' })
  points: number | null;
  @ApiProperty({ type: Number, nullable: true })
  pointsYear: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the scoring year’s total after this entry' })
  pointsTotal: number | null;
}

export class PractitionerPointsDto implements PractitionerPointsView {
  @ApiProperty({ type: Number, example: 2026 })
  year: number;
  @ApiProperty({ type: Number, description: 'the year’s total; clears on 1 January' })
  total: number;
  @ApiProperty({ enum: PRACTITIONER_POINT_BANDS.map((b) => b.band), nullable: true })
  band: PractitionerPointsView['band'];
  @ApiProperty({ type: String, nullable: true })
  bandText: string | null;
  @ApiProperty({ enum: PRACTITIONER_QUALIFICATIONS, description: 'payment qualification by the national band consequence' })
  qualification: PractitionerPointsView['qualification'];
  @ApiProperty({ type: String, format: 'date', nullable: true })
  from: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'end of the suspension or of the re-registration bar' })
  until: string | null;
}

export class CreditFileDto implements CreditFileDetailView {
  @ApiProperty({ enum: ['institution', 'practitioner'] })
  subjectType: 'institution' | 'practitioner';
  @ApiProperty({ type: String })
  subjectCode: string;
  @ApiProperty({ type: String })
  admdvs: string;
  @ApiProperty({ type: String, format: 'date-time' })
  openedAt: string;
  @ApiProperty({ type: Number })
  score: number;
  @ApiProperty({ enum: CREDIT_LEVELS })
  level: CreditFileDetailView['level'];
  @ApiProperty({ type: [CreditFileEntryDto] })
  entries: CreditFileEntryDto[];
  @ApiProperty({ type: PractitionerPointsDto, nullable: true, description: 'practitioners only (一人一档)' })
  points: PractitionerPointsDto | null;
}
