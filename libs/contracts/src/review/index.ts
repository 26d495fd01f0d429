export * from './precheck.messages';
export * from './intake.messages';
export * from './claim-settled.event';
export * from './deduction.messages';
export * from './case.messages';
export * from './manual-claim.messages';
export * from './indicator.messages';
export * from './simulation.messages';
