import { CLAIM_SETTLED_FUND_PAYERS, type ClaimSettledFundParts, type ClaimSettledFundPayer } from '@mi/contracts';

/**
 * 一站式结算 — a settlement's parts paid by funds other than the basic pooled fund, from the amounts
 * the HIS sent (`amountsFen`, keyed by NHSA `setlinfo` field): integer fen per payer, only those
 * present and not zero (a reversal's are negative). Undefined when there is none, so an ordinary
 * settlement's `ClaimSettled` stays as it was.
 */
export function fundPartsOf(amountsFen: Readonly<Record<string, bigint>>): ClaimSettledFundParts | undefined {
  const parts: ClaimSettledFundParts = {};
  for (const [payer, field] of Object.entries(CLAIM_SETTLED_FUND_PAYERS) as [ClaimSettledFundPayer, string][]) {
    const fen = amountsFen[field];
    if (fen !== undefined && fen !== 0n) parts[payer] = fen.toString();
  }
  return Object.keys(parts).length > 0 ? parts : undefined;
}
