export * from './credit.messages';
export * from './referral.messages';
export * from './list-decision.messages';
export * from './credit-file.messages';
export * from './repair.messages';
export * from './inspection.messages';
export * from './complaint.messages';
export * from './anomaly-credit.event';
