export * from './kb.messages';
export * from './anomaly.messages';
export * from './inventory.messages';
