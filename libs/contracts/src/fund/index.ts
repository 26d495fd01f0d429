export * from './fund.messages';
