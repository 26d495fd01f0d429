import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_STATUSES,
  COMPLAINT_SUBJECT_TYPES,
  type ComplaintView,
  ConcludeComplaintRequest,
  ListComplaintsRequest,
  SubmitComplaintRequest,
} from '@mi/contracts';
import { pageDto } from './credit.dto';

/** HTTP shapes of 举报: the contracts' request classes with Swagger metadata, the view mirrored. */
export class SubmitComplaintBody extends SubmitComplaintRequest {}
ApiProperty({ type: String, example: '430100', description: 'region of the facts; routed to the subject’s credit-file region when known' })(
  SubmitComplaintBody.prototype,
  'admdvs',
);
ApiProperty({ enum: COMPLAINT_CHANNELS })(SubmitComplaintBody.prototype, 'channel');
ApiProperty({ enum: COMPLAINT_SUBJECT_TYPES })(SubmitComplaintBody.prototype, 'subjectType');
ApiPropertyOptional({ type: String, example: 'H43010300071' })(SubmitComplaintBody.prototype, 'subjectCode');
ApiProperty({ type: String })(SubmitComplaintBody.prototype, 'subjectName');
ApiProperty({ type: String, minLength: 10 })(SubmitComplaintBody.prototype, 'content');
ApiProperty({ type: Boolean })(SubmitComplaintBody.prototype, 'anonymous');
ApiPropertyOptional({
  type: 'object',
  properties: { name: { type: 'string' }, phone: { type: 'string' }, idNumber: { type: 'string' } },
  description: 'required unless anonymous; stored encrypted, shown masked',
})(SubmitComplaintBody.prototype, 'reporter');

export class ListComplaintsQuery extends ListComplaintsRequest {}
ApiPropertyOptional({ enum: COMPLAINT_STATUSES })(ListComplaintsQuery.prototype, 'status');
ApiPropertyOptional({ type: Number })(ListComplaintsQuery.prototype, 'limit');
ApiPropertyOptional({ type: Number })(ListComplaintsQuery.prototype, 'offset');

export class ConcludeComplaintBody extends OmitType(ConcludeComplaintRequest, ['id'] as const) {}
ApiProperty({ type: Boolean })(ConcludeComplaintBody.prototype, 'substantiated');
ApiProperty({ type: String, example: '50000000', description: 'recovered fund money, integer fen' })(ConcludeComplaintBody.prototype, 'recoveredFen');
ApiProperty({ type: String })(ConcludeComplaintBody.prototype, 'findings');

class MaskedReporterDto {
  @ApiProperty({ type: String, example: '王**' })
  name: string;
  @ApiProperty({ type: String, example: '138****5678' })
  phone: string;
  @ApiProperty({ type: String, nullable: true })
  idNumber: string | null;
}

export class ComplaintDto implements ComplaintView {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;
  @ApiProperty({ type: String, description: 'handling region' })
  admdvs: string;
  @ApiProperty({ enum: COMPLAINT_CHANNELS })
  channel: string;
  @ApiProperty({ enum: COMPLAINT_SUBJECT_TYPES })
  subjectType: string;
  @ApiProperty({ type: String, nullable: true })
  subjectCode: string | null;
  @ApiProperty({ type: String })
  subjectName: string;
  @ApiProperty({ type: String })
  content: string;
  @ApiProperty({ type: Boolean })
  anonymous: boolean;
  @ApiProperty({ type: MaskedReporterDto, nullable: true, description: 'always masked' })
  reporter: MaskedReporterDto | null;
  @ApiProperty({ type: String, format: 'date' })
  receivedOn: string;
  @ApiProperty({ type: String, format: 'date', description: 'last working day to conclude' })
  dueOn: string;
  @ApiProperty({ type: Boolean })
  overdue: boolean;
  @ApiProperty({ enum: COMPLAINT_STATUSES })
  status: ComplaintView['status'];
  @ApiProperty({ type: Boolean, nullable: true })
  substantiated: boolean | null;
  @ApiProperty({ type: String, nullable: true, description: 'integer fen' })
  recoveredFen: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'integer fen' })
  rewardFen: string | null;
  @ApiProperty({ type: String, nullable: true })
  rewardBasis: string | null;
  @ApiProperty({ type: String, nullable: true })
  findings: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  concludedOn: string | null;
}

export const ComplaintPageDto = pageDto(ComplaintDto, 'ComplaintPageDto');
