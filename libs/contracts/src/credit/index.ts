export * from './credit.messages';
