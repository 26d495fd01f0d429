import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type ApprovalView, DEDUCTION_SUBJECT, DrawSampleRequest, ProposeDeductionRequest, SAMPLE_SUBJECT, type SampleDrawView } from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';

/** `/api/v1/review` — claims review for the bureau (claims-review-service). */
@ApiTags('review')
@ApiBearerAuth()
@Controller('api/v1/review')
export class ReviewController {
  constructor(private readonly nats: MiNatsClient) {}

  /** Draws the ≥ 5 % re-review sample of a month (seed recorded; give it again to reproduce the draw). */
  @Roles('city-officer', 'reviewer', 'province-admin')
  @Post('samples')
  draw(@Body() body: DrawSampleRequest): Promise<SampleDrawView> {
    return this.nats.request<SampleDrawView>(SAMPLE_SUBJECT, body, { timeoutMs: 30_000 });
  }

  /**
   * Proposes a deduction (扣款) from one settlement; nothing is withheld until a second reviewer or
   * city officer approves it at `/api/v1/approvals/review/:id/decide`.
   */
  @Roles('reviewer', 'city-officer')
  @Post('deductions')
  proposeDeduction(@Body() body: ProposeDeductionRequest): Promise<ApprovalView> {
    return this.nats.request<ApprovalView>(DEDUCTION_SUBJECT, body);
  }
}
