export * from './actor';
export * from './actor-token';
export * from './pii-cipher';
export * from './password';
export * from './his-signature';
export * from './current-actor';
export * from './personal-data';
