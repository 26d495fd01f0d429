export * from './fund.messages';
export * from './monthly-settlement.messages';
