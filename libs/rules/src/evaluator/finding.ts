import type { Money, Severity, ViolationItemType } from '@mi/domain';
import type { BehaviourType } from '../dsl/behaviour-type.dictionary';

/** A value recorded on a finding: money as a yuan string (`'12.50'`), dates as `yyyy-MM-dd`, null when unknown. */
export type FactValue = string | number | boolean | null | readonly string[];

/** One line of a finding (`judge_result_detail_dtos[]`). */
export interface FindingLine {
  /** The claim line (`rx_id`). */
  readonly lineId: string;
  /** `1` 违规项 (the violating line, carries an amount) or `2` 涉及项 (involved, amount 0). */
  readonly itemType: ViolationItemType;
  readonly amount: Money;
}

/**
 * 违规结果 — one rule firing on one target (a line, a group of lines or the claim). Plain data:
 * claims-review persists it and maps it to NHSA with `toNhsaResult`.
 */
export interface Finding {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly ruleName: string;
  /** The framework 1.0 code: the rule's own id for a national rule, else the one a city rule refines. */
  readonly nationalRuleId?: string;
  readonly severity: Severity;
  readonly behaviourType: BehaviourType;
  readonly claimId: string;
  readonly lines: readonly FindingLine[];
  /** Sum of the 违规项 amounts. */
  readonly amount: Money;
  /** `computed`, or `unknown` when the amount expression had no value (NHSA `vola_amt_stas` 0). */
  readonly amountStatus: 'computed' | 'unknown';
  /** The values that matched: fields read by the rule, `param.*`, `let.*`, `capture.*`, `amount`. */
  readonly facts: Readonly<Record<string, FactValue>>;
  /** 违规内容. */
  readonly volaCont: string;
  /** 违规依据. */
  readonly volaEvid: string;
}
