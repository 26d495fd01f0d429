import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AssessIndicatorsRequest, type IndicatorAssessmentPageView, IndicatorSubjects, ListIndicatorAssessmentsRequest } from '@mi/contracts';
import { IndicatorService } from './indicator.service';

@Controller()
export class IndicatorHandlers {
  constructor(private readonly indicators: IndicatorService) {}

  @MessagePattern(IndicatorSubjects.assess)
  assess(@Payload() req: AssessIndicatorsRequest): Promise<IndicatorAssessmentPageView> {
    return this.indicators.assess(req);
  }

  @MessagePattern(IndicatorSubjects.list)
  list(@Payload() req: ListIndicatorAssessmentsRequest): Promise<IndicatorAssessmentPageView> {
    return this.indicators.list(req);
  }
}
