import { Module } from '@nestjs/common';
import { AgreementsController, ApplicationsController, RegistryController } from './agreements.controller';

/** Portal HTTP routes of agreement-service: agreements, applications, licences, practitioners, terminals, points. */
@Module({ controllers: [AgreementsController, ApplicationsController, RegistryController] })
export class AgreementsHttpModule {}
