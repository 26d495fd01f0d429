export * from './precheck.messages';
export * from './intake.messages';
