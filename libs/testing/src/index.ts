export * from './test-database';
export * from './test-nats';
export * from './wait-for';
export * from './boot';
export * from './spawn-service';
export * from './boot-check';
export * from './trace-collector';
export * from './builders';
