export * from './config';
export * from './model';
export * from './prng';
export * from './money';
export * from './city';
export * from './visits';
export * from './records';
export * from './claims';
export { ITEMS, DX } from './catalogue';
