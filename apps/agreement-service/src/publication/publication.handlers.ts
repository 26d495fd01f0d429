import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AgreementSubjects, ListPublicationsRequest, type Page, type PublicationView } from '@mi/contracts';
import { PublicationService } from './publication.service';

@Controller()
export class PublicationHandlers {
  constructor(private readonly publications: PublicationService) {}

  @MessagePattern(AgreementSubjects.listPublications)
  list(@Payload() req: ListPublicationsRequest): Promise<Page<PublicationView>> {
    return this.publications.list(req);
  }
}
