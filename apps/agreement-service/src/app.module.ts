import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { InstitutionHandlers } from './institution/institution.handlers';
import { InstitutionService } from './institution/institution.service';
import { persistence } from './persistence';

@Module({
  imports: [PlatformModule.forService(persistence)],
  controllers: [InstitutionHandlers],
  providers: [InstitutionService],
})
export class AppModule {}
