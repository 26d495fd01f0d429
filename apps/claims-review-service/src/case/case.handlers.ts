import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AppealCaseRequest,
  AssignCasesRequest,
  type AttachmentContentView,
  type CaseActionReply,
  CaseActionRequest,
  type CaseDetailView,
  type CasePageView,
  CaseSubjects,
  type CaseSummaryView,
  GetAttachmentRequest,
  GetCaseRequest,
  ListCasesRequest,
  RulePrecisionRequest,
  type RulePrecisionView,
} from '@mi/contracts';
import { CaseService } from './case.service';

@Controller()
export class CaseHandlers {
  constructor(private readonly cases: CaseService) {}

  @MessagePattern(CaseSubjects.list)
  list(@Payload() req: ListCasesRequest): Promise<CasePageView> {
    return this.cases.list(req);
  }

  @MessagePattern(CaseSubjects.get)
  get(@Payload() req: GetCaseRequest): Promise<CaseDetailView> {
    return this.cases.get(req.caseId);
  }

  @MessagePattern(CaseSubjects.attachment)
  attachment(@Payload() req: GetAttachmentRequest): Promise<AttachmentContentView> {
    return this.cases.attachment(req.caseId, req.attachmentId);
  }

  @MessagePattern(CaseSubjects.assign)
  assign(@Payload() req: AssignCasesRequest): Promise<CaseActionReply> {
    return this.cases.assign(req);
  }

  @MessagePattern(CaseSubjects.act)
  act(@Payload() req: CaseActionRequest): Promise<CaseActionReply> {
    return this.cases.act(req);
  }

  @MessagePattern(CaseSubjects.appeal)
  appeal(@Payload() req: AppealCaseRequest): Promise<CaseSummaryView> {
    return this.cases.appeal(req);
  }

  @MessagePattern(CaseSubjects.precision)
  precision(@Payload() req: RulePrecisionRequest): Promise<RulePrecisionView[]> {
    return this.cases.precision(req);
  }
}
