import { IsIn, IsString, Length, Matches } from 'class-validator';

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

/**
 * 解除协议后暂缓款处理 — what happens to the money held for an institution whose agreement was
 * terminated: a city officer proposes (`proposeTerminatedDecision`), a different city officer of the
 * region approves through `approvalSubjects('fund')`. PAY_OUT pays everything held (debit held,
 * credit the fund account); RETURN_TO_FUND keeps it in the fund (debit held, credit the fund's
 * `…-HELD-RETURNED` income: 收回). One entry per insurance type, audit and
 * `evt.fund.TerminatedHoldDecided`, in the approval's transaction.
 */
export const TerminatedHoldSubjects = {
  /** gateway → fund: propose the decision. Reply: `ApprovalView<TerminatedHoldDecisionProposal>`. */
  propose: 'mi.v1.fund.terminated-hold.propose',
} as const;

export const TERMINATED_HOLD_DECISION_ACTION = 'fund.terminated-hold-decision';
export const TERMINATED_HOLD_DECIDED_SUBJECT = 'evt.fund.TerminatedHoldDecided';
export const TERMINATED_HOLD_OUTCOMES = ['PAY_OUT', 'RETURN_TO_FUND'] as const;
export type TerminatedHoldOutcome = (typeof TERMINATED_HOLD_OUTCOMES)[number];

export class ProposeTerminatedHoldDecisionRequest {
  /** Pooling region: a city code (统筹区, `xxxx00`). */
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @Matches(/^[A-Za-z0-9]{3,40}$/, { message: 'institutionCode must be 3–40 letters and digits' })
  institutionCode: string;

  @IsIn(TERMINATED_HOLD_OUTCOMES, { message: 'outcome must be PAY_OUT or RETURN_TO_FUND' })
  outcome: TerminatedHoldOutcome;

  /** 处理理由, shown to the approver and kept in the audit. */
  @IsString()
  @Length(2, 500, { message: 'reason must be 2–500 characters' })
  reason: string;

  /** 依据 — the legal basis (e.g. the regulation's article, the termination decision). */
  @IsString()
  @Length(2, 500, { message: 'legalBasis must be 2–500 characters' })
  legalBasis: string;
}

export interface TerminatedHoldDecisionProposal {
  admdvs: string;
  institutionCode: string;
  outcome: TerminatedHoldOutcome;
  reason: string;
  legalBasis: string;
  /** What is held now per insurance type (fen), as the approver sees it; approval refuses if it changed. */
  heldFen: Record<string, string>;
}

/** Payload of `evt.fund.TerminatedHoldDecided`. */
export interface TerminatedHoldDecidedPayload extends TerminatedHoldDecisionProposal {
  approvalId: string;
  decidedBy: string;
  entries: { insutype: string; amountFen: string; entryId: string }[];
}
