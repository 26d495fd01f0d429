export * from './agreement.subjects';
export * from './registry.messages';
export * from './agreement.messages';
export * from './application.messages';
export * from './points.messages';
export * from './eligibility.messages';
export * from './agreement.events';
export * from './blacklist.messages';
