import { describeServiceBoots } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { FundPoolingConfig } from '../src/config';
import { persistence } from '../src/persistence';

// Skeleton until its issue lands: proves the service starts on the platform and owns its schema.
describeServiceBoots('fund-pooling-service', AppModule, FundPoolingConfig, persistence);
