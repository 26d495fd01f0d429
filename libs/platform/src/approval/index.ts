export * from './approval-tables';
export * from './approval.service';
export * from './approval.handlers';
