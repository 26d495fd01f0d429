export * from './kb.messages';
export * from './anomaly.messages';
