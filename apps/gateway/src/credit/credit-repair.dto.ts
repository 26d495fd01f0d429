import { ApiProperty } from '@nestjs/swagger';
import { CREDIT_REPAIR_GROUND_CODES, type CreditRepairGround, ProposeRepairRequest, type RepairProposalReply } from '@mi/contracts';

/** HTTP shapes of 信用修复: the contract's request class with Swagger metadata, the reply mirrored. */
export class ProposeRepairBody extends ProposeRepairRequest {}
ApiProperty({ enum: ['institution', 'practitioner'] })(ProposeRepairBody.prototype, 'subjectType');
ApiProperty({ type: String, example: 'H43010200061' })(ProposeRepairBody.prototype, 'subjectCode');
ApiProperty({ type: [String], enum: CREDIT_REPAIR_GROUND_CODES })(ProposeRepairBody.prototype, 'grounds');
ApiProperty({
  type: 'object',
  additionalProperties: { type: 'string' },
  example: { certificateNo: 'PX-2026-0061' },
  description: 'references proving the grounds (a ground may require some, see /api/v1/credit/reference)',
})(ProposeRepairBody.prototype, 'evidence');
ApiProperty({ type: String, minLength: 2, maxLength: 2000 })(ProposeRepairBody.prototype, 'note');

export class RepairProposalDto implements RepairProposalReply {
  @ApiProperty({ type: String, format: 'uuid', description: 'Decide at /api/v1/approvals/credit/{approvalId}/decide' })
  approvalId: string;
  @ApiProperty({ type: String, example: 'credit.repair-file' })
  action: string;
  @ApiProperty({ enum: ['PENDING'] })
  status: 'PENDING';
  @ApiProperty({ type: Number, description: 'points the repair restores if approved now (city rule)' })
  restore: number;
}

export class CreditRepairGroundDto implements CreditRepairGround {
  @ApiProperty({ enum: CREDIT_REPAIR_GROUND_CODES })
  code: string;
  @ApiProperty({ type: String })
  text: string;
  @ApiProperty({ type: Number, required: false, description: 'clean months since the last negative entry' })
  cleanMonths?: number;
  @ApiProperty({ type: [String], required: false, description: 'evidence keys the ground requires' })
  evidence?: string[];
}
