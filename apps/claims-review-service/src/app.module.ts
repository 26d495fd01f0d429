import { Module } from '@nestjs/common';
import { PlatformModule } from '@mi/platform';
import { persistence } from './persistence';

@Module({
  imports: [PlatformModule.forService(persistence)],
})
export class AppModule {}
