import { describeServiceBoots } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { MonitoringKbConfig } from '../src/config';
import { persistence } from '../src/persistence';

// Skeleton until its issue lands: proves the service starts on the platform and owns its schema.
describeServiceBoots('monitoring-kb-service', AppModule, MonitoringKbConfig, persistence);
