export * from './precheck.messages';
