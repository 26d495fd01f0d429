import '@mi/platform/otel';
import { startGateway } from './gateway';

startGateway().then(
  (p) => console.log(JSON.stringify({ level: 'log', service: 'gateway', msg: 'ready', url: `http://127.0.0.1:${p.httpPort}`, healthPort: p.healthPort })),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
