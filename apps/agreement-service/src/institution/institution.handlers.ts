import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AgreementSubjects,
  GetInstitutionRequest,
  type InstitutionListItem,
  type InstitutionView,
  ListInstitutionsRequest,
  type Page,
  RegisterInstitutionRequest,
  Subjects,
} from '@mi/contracts';
import { InstitutionService } from './institution.service';

@Controller()
export class InstitutionHandlers {
  constructor(private readonly institutions: InstitutionService) {}

  @MessagePattern(Subjects.agreement.registerInstitution)
  register(@Payload() req: RegisterInstitutionRequest): Promise<InstitutionView> {
    return this.institutions.register(req);
  }

  @MessagePattern(AgreementSubjects.listInstitutions)
  list(@Payload() req: ListInstitutionsRequest): Promise<Page<InstitutionListItem>> {
    return this.institutions.list(req);
  }

  @MessagePattern(Subjects.agreement.getInstitution)
  get(@Payload() req: GetInstitutionRequest): Promise<InstitutionView> {
    return this.institutions.get(req.code);
  }
}
