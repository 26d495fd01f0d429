import '@mi/platform/otel';
import { startService } from '@mi/platform';
import { AppModule } from './app.module';
import { MonitoringKbConfig } from './config';

startService(AppModule, { configClass: MonitoringKbConfig }).then(
  (p) => console.log(JSON.stringify({ level: 'log', service: p.config.SERVICE_NAME, msg: 'ready', healthPort: p.healthPort })),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
