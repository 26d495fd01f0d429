import type { ClearingLineView } from '@mi/contracts';
import { Money } from '@mi/domain';
import { type ClearingBands, yearEndClearing } from '../payment/year-end';

/** An institution's figures for the year, in fen, from the ledger. */
export interface ClearingFigures {
  institutionCode: string;
  indicatorFen: bigint;
  settledCount: number;
  settledFen: bigint;
  reversedFen: bigint;
  deductedFen: bigint;
  indicatorDeductedFen: bigint;
  /** 按病种付费 (DRG/DIP) adjustments of the year (signed: + owed more); 0 for institutions paid by item. */
  casePaymentFen: bigint;
}

export interface ClearingOutcome {
  actualFen: bigint;
  kind: 'surplus' | 'overspend' | 'on-target';
  adjustmentFen: bigint;
  /** > 0 paid to the institution, < 0 recovered from it. */
  clearingFen: bigint;
  lines: ClearingLineView[];
}

const pct = (p: number): string => (p === Infinity ? '超出部分' : `≤${p}%部分`);

/**
 * 年终清算 of one institution, line by line, so that it can recompute every figure: the year's
 * settlements, reversals, deductions and indicator deductions give the actual payable; against the
 * indicator that is a surplus or an overspend; the bands (year-end.ts) give what the institution
 * retains of a surplus or what the fund bears of an overspend; the clearing amount is the retained
 * surplus (paid) or the overspend the institution bears (recovered, negative). A negative actual
 * (deductions above settlements) clears as zero. Pure: same figures and bands, same lines.
 */
export function clearingStatement(f: ClearingFigures, bands: ClearingBands): ClearingOutcome {
  const actualFen = f.settledFen - f.reversedFen - f.deductedFen - f.indicatorDeductedFen + f.casePaymentFen;
  const indicator = Money.fromFen(f.indicatorFen);
  const actual = Money.fromFen(actualFen > 0n ? actualFen : 0n);
  const r = yearEndClearing(indicator, actual, bands);
  const adjustmentFen = r.adjustment.fenBigInt;
  const clearingFen = r.kind === 'surplus' ? adjustmentFen : r.kind === 'overspend' ? -(r.gap.fenBigInt - adjustmentFen) : 0n;
  const lines: ClearingLineView[] = [];
  const line = (code: ClearingLineView['code'], label: string, fen: bigint, count?: number) =>
    lines.push({ code, label, ...(count === undefined ? {} : { count }), amount: Money.fromFen(fen).toYuanString(), amountFen: fen.toString() });
  line('INDICATOR', '年度总额控制指标', f.indicatorFen);
  line('SETTLEMENTS', `年度结算 ${f.settledCount} 笔 统筹基金支付`, f.settledFen, f.settledCount);
  line('REVERSALS', '年度冲正', -f.reversedFen);
  line('DEDUCTIONS', '年度确认扣款', -f.deductedFen);
  line('INDICATOR_DEDUCTIONS', '年度指标性扣款', -f.indicatorDeductedFen);
  if (f.casePaymentFen !== 0n) line('CASE_PAYMENT', '年度按病种付费（DRG/DIP）与按项目结算之差', f.casePaymentFen);
  line(
    'ACTUAL',
    actualFen < 0n
      ? '年度实际应付（为负，按 0 清算）'
      : f.casePaymentFen !== 0n
        ? '年度实际应付（结算 − 冲正 − 扣款 − 指标性扣款 ± 按病种付费差额）'
        : '年度实际应付（结算 − 冲正 − 扣款 − 指标性扣款）',
    actualFen,
  );
  if (r.kind !== 'on-target')
    line(r.kind === 'surplus' ? 'SURPLUS' : 'OVERSPEND', r.kind === 'surplus' ? '结余（指标 − 实际）' : '超支（实际 − 指标）', r.gap.fenBigInt);
  for (const b of r.bands) line('BAND', `${pct(b.upToPercent)} ${b.part.format()} × ${b.sharePercent}%（四舍五入到分）`, b.amount.fenBigInt);
  if (r.kind === 'surplus') line('RETAINED', '结余留用（机构留用部分）', adjustmentFen);
  if (r.kind === 'overspend') {
    line('FUND_SHARE', '合理超支分担（基金分担部分）', adjustmentFen);
    line('INSTITUTION_SHARE', '超支由机构承担部分（追回）', r.gap.fenBigInt - adjustmentFen);
  }
  line('CLEARING_AMOUNT', clearingFen > 0n ? '清算应拨付' : clearingFen < 0n ? '清算应追回' : '无需清算调整', clearingFen);
  return { actualFen, kind: r.kind, adjustmentFen, clearingFen, lines };
}
