export * from './fund.messages';
export * from './monthly-settlement.messages';
export * from './payment-hold.messages';
export * from './county-fund.messages';
export * from './indicator-deduction.messages';
export * from './budget.messages';
export * from './prepayment.messages';
export * from './clearing.messages';
