import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DrawSampleRequest, SAMPLE_SUBJECT, type SampleDrawView } from '@mi/contracts';
import { SamplingService } from './sampling.service';

@Controller()
export class SamplingHandlers {
  constructor(private readonly sampling: SamplingService) {}

  @MessagePattern(SAMPLE_SUBJECT)
  draw(@Payload() req: DrawSampleRequest): Promise<SampleDrawView> {
    return this.sampling.draw(req.poolarea, req.period, req.seed);
  }
}
