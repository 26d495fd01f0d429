/**
 * 暂缓拨付 — payments to an institution whose agreement is suspended (中止) or terminated (解除)
 * are held: fund-pooling consumes `AgreementSuspended` / `AgreementResumed` / `AgreementTerminated`
 * (idempotent through its inbox) and keeps one hold state per pooling region and institution. A
 * monthly run posts what such an institution would be paid to its held account (挂账) instead of
 * paying it; `AgreementResumed` releases (pays) everything held; after `AgreementTerminated` the
 * held amounts stay held pending a decision of the bureau (see docs/fund.md).
 */
export const PaymentHoldEventSubjects = {
  /** The hold state of an institution changed (held from a suspension or termination, or lifted). */
  PaymentHoldChanged: 'evt.fund.PaymentHoldChanged',
  /** A monthly run held what it would have paid. */
  PaymentHeld: 'evt.fund.PaymentHeld',
  /** Held payments were paid out on resumption. */
  HeldPaymentReleased: 'evt.fund.HeldPaymentReleased',
} as const;

export const PAYMENT_HOLD_STATES = ['SUSPENDED', 'TERMINATED', 'RELEASED'] as const;
export type PaymentHoldState = (typeof PAYMENT_HOLD_STATES)[number];

/** Payload of `evt.fund.PaymentHoldChanged`. */
export interface PaymentHoldChangedPayload {
  admdvs: string;
  institutionCode: string;
  agreementId: string;
  state: PaymentHoldState;
  /** The agreement event that changed it. */
  causeEventId: string;
  effectiveAt: string;
  /** What is held now, per insurance type, in fen. */
  heldFen: Record<string, string>;
}

/** Payload of `evt.fund.PaymentHeld`. */
export interface PaymentHeldPayload {
  settlementId: string;
  admdvs: string;
  period: string;
  institutionCode: string;
  insutype: string;
  heldFen: string;
  entryId: string;
  state: PaymentHoldState;
}

/** Payload of `evt.fund.HeldPaymentReleased`. */
export interface HeldPaymentReleasedPayload {
  admdvs: string;
  institutionCode: string;
  insutype: string;
  releasedFen: string;
  entryId: string;
  causeEventId: string;
}
