import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddLicenceRequest,
  AgreementSubjects,
  BindTerminalRequest,
  type LicenceView,
  ListLicencesRequest,
  ListPractitionersRequest,
  ListTerminalsRequest,
  type Page,
  type PractitionerView,
  RegisterPractitionerRequest,
  type TerminalView,
  UnbindTerminalRequest,
} from '@mi/contracts';
import { RegistryService } from './registry.service';

@Controller()
export class RegistryHandlers {
  constructor(private readonly registry: RegistryService) {}

  @MessagePattern(AgreementSubjects.addLicence)
  addLicence(@Payload() req: AddLicenceRequest): Promise<LicenceView> {
    return this.registry.addLicence(req);
  }

  @MessagePattern(AgreementSubjects.listLicences)
  listLicences(@Payload() req: ListLicencesRequest): Promise<Page<LicenceView>> {
    return this.registry.listLicences(req);
  }

  @MessagePattern(AgreementSubjects.registerPractitioner)
  registerPractitioner(@Payload() req: RegisterPractitionerRequest): Promise<PractitionerView> {
    return this.registry.registerPractitioner(req);
  }

  @MessagePattern(AgreementSubjects.listPractitioners)
  listPractitioners(@Payload() req: ListPractitionersRequest): Promise<Page<PractitionerView>> {
    return this.registry.listPractitioners(req);
  }

  @MessagePattern(AgreementSubjects.bindTerminal)
  bindTerminal(@Payload() req: BindTerminalRequest): Promise<TerminalView> {
    return this.registry.bindTerminal(req);
  }

  @MessagePattern(AgreementSubjects.unbindTerminal)
  unbindTerminal(@Payload() req: UnbindTerminalRequest): Promise<TerminalView> {
    return this.registry.unbindTerminal(req);
  }

  @MessagePattern(AgreementSubjects.listTerminals)
  listTerminals(@Payload() req: ListTerminalsRequest): Promise<Page<TerminalView>> {
    return this.registry.listTerminals(req);
  }
}
