import { Module } from '@nestjs/common';
import { AgreementsController, ApplicationsController, PublicationsController, RegistryController } from './agreements.controller';

/** Portal HTTP routes of agreement-service: agreements, applications, licences, practitioners, terminals, points, publications. */
@Module({ controllers: [AgreementsController, ApplicationsController, RegistryController, PublicationsController] })
export class AgreementsHttpModule {}
