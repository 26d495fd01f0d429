export * from './kb.messages';
