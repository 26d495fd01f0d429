import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AgreementSubjects, type InfoChangeProposalView, type InfoChangeView, ListInfoChangesRequest, type Page, SubmitInfoChangeRequest } from '@mi/contracts';
import { InfoChangeService } from './info-change.service';

@Controller()
export class InfoChangeHandlers {
  constructor(private readonly changes: InfoChangeService) {}

  @MessagePattern(AgreementSubjects.submitInfoChange)
  submit(@Payload() req: SubmitInfoChangeRequest): Promise<InfoChangeProposalView> {
    return this.changes.submit(req);
  }

  @MessagePattern(AgreementSubjects.listInfoChanges)
  list(@Payload() req: ListInfoChangesRequest): Promise<Page<InfoChangeView>> {
    return this.changes.list(req);
  }
}
