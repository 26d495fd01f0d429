import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { CreditFilesController } from './credit-files/credit-files.controller';
import { InstitutionsController } from './institutions/institutions.controller';
import { persistence } from './persistence';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [InstitutionsController, CreditFilesController],
})
export class AppModule {}
