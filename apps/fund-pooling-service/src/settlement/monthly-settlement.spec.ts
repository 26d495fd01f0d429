import { digest, netByFund, proposalOf, type StatementFigures, statementItem } from './monthly-settlement.service';

const H1 = 'H43010200001';
const figures = (o: Partial<StatementFigures>): StatementFigures => ({
  institutionCode: H1,
  insutype: '390',
  settledCount: 0,
  settledFen: 0n,
  reversedCount: 0,
  reversedFen: 0n,
  deductedCount: 0,
  deductedFen: 0n,
  lateSettledCount: 0,
  lateSettledFen: 0n,
  lateDeductedCount: 0,
  lateDeductedFen: 0n,
  latePeriods: '',
  indicatorCount: 0,
  indicatorFen: 0n,
  indicatorPeriods: '',
  caseCount: 0,
  caseFen: 0n,
  casePeriods: '',
  carriedInFen: 0n,
  prepaidFen: 0n,
  receivableFen: 0n,
  onHold: false,
  ...o,
});

describe('monthly statement of a one-stop settlement (一站式结算)', () => {
  const basic = statementItem(figures({ settledCount: 2, settledFen: 120000n, deductedCount: 1, deductedFen: 1000n, prepaidFen: 30000n }));
  const illness = statementItem(figures({ insutype: '392', settledCount: 2, settledFen: 30000n, reversedCount: 1, reversedFen: 5000n }));
  const assistance = statementItem(figures({ insutype: '610', settledCount: 1, settledFen: 8000n }));

  it('keeps the basic fund’s statement as it was: deductions and the prepayment offset stay there', () => {
    expect(basic).toMatchObject({ insutype: '390', fund: '统筹基金', payer: 'hifp_pay', dueFen: '119000', prepaymentOffsetFen: '30000', netFen: '89000' });
    expect(basic.lines.map((l) => [l.code, l.label, l.amountFen])).toEqual([
      ['SETTLEMENTS', '本月结算 2 笔 统筹基金支付', '120000'],
      ['DEDUCTIONS', '本月确认扣款 1 笔', '-1000'],
      ['AMOUNT_DUE', '本期应付', '119000'],
      ['PREPAYMENT_OFFSET', '抵扣已拨付预付金', '-30000'],
      ['NET_PAYABLE', '本期实际拨付', '89000'],
    ]);
  });

  it('explains each other fund’s part line by line, naming the fund and the NHSA field to recompute it from', () => {
    expect(illness).toMatchObject({ insutype: '392', fund: '城乡居民大病保险', payer: 'hifmi_pay', dueFen: '25000', netFen: '25000' });
    expect(illness.lines.map((l) => [l.code, l.count, l.label, l.amountFen])).toEqual([
      ['SETTLEMENTS', 2, '本月结算 2 笔 城乡居民大病保险支付（hifmi_pay）', '30000'],
      ['REVERSALS', 1, '本月冲正 1 笔', '-5000'],
      ['AMOUNT_DUE', undefined, '本期应付', '25000'],
      ['NET_PAYABLE', undefined, '本期实际拨付（城乡居民大病保险基金）', '25000'],
    ]);
    expect(assistance.lines.map((l) => l.label)).toContain('本期实际拨付（医疗救助基金）');
    // Every statement's lines add up to its net, whatever the fund.
    for (const item of [basic, illness, assistance]) {
      const sum = item.lines.filter((l) => !['AMOUNT_DUE', 'NET_PAYABLE', 'CARRIED_OUT'].includes(l.code)).reduce((s, l) => s + BigInt(l.amountFen), 0n);
      expect(sum.toString()).toBe(item.netFen);
    }
  });

  it('holds a one-stop part like the basic one while the agreement is suspended, and carries its negative due', () => {
    const held = statementItem(figures({ insutype: '610', settledCount: 1, settledFen: 8000n, onHold: true }));
    expect(held).toMatchObject({ heldFen: '8000', netFen: '0' });
    const negative = statementItem(figures({ insutype: '392', lateSettledCount: 1, lateSettledFen: -4000n, latePeriods: '2026-03' }));
    expect(negative).toMatchObject({ dueFen: '-4000', carriedOutFen: '4000', netFen: '0' });
  });

  it('sums what leaves each fund’s account, and the digest covers every fund’s statement', () => {
    const items = [basic, illness, assistance];
    expect(netByFund(items)).toEqual({ '390': '89000', '392': '25000', '610': '8000' });
    const proposal = proposalOf('430100', '2026-04', '2026-05-01T00:00:00.000Z', items);
    expect(proposal).toMatchObject({ statements: 3, institutions: 1, totalNetFen: '122000', netFenByFund: { '390': '89000', '392': '25000', '610': '8000' } });
    const changed = statementItem(figures({ insutype: '610', settledCount: 1, settledFen: 8001n }));
    expect(digest([basic, illness, changed])).not.toBe(proposal.digest);
    expect(digest([basic, illness])).not.toBe(proposal.digest);
  });
});

describe('monthly statement with DRG/DIP adjustments (按病种付费)', () => {
  it('adds what the group payments owe beyond the item payments, and subtracts what they owe less', () => {
    const more = statementItem(figures({ insutype: '310', settledCount: 3, settledFen: 300000n, caseCount: 2, caseFen: 45000n, casePeriods: '2026-03' }));
    expect(more.dueFen).toBe('345000');
    expect(more.lines.find((l) => l.code === 'CASE_PAYMENT')).toMatchObject({ count: 2, amountFen: '45000' });
    expect(more.lines.find((l) => l.code === 'CASE_PAYMENT')?.label).toContain('2026-03');
    const less = statementItem(figures({ insutype: '310', settledCount: 1, settledFen: 100000n, caseCount: 1, caseFen: -130000n }));
    expect(less).toMatchObject({ dueFen: '-30000', netFen: '0', carriedOutFen: '30000' });
    // Without case payments the statement has no such line.
    expect(statementItem(figures({ settledCount: 1, settledFen: 1n })).lines.some((l) => l.code === 'CASE_PAYMENT')).toBe(false);
  });
});

describe('monthly statement recovering a year-end clearing overspend (年终清算应追回)', () => {
  it('takes the receivable from what remains after the prepayment, never more, and pays the rest', () => {
    const part = statementItem(figures({ insutype: '310', settledCount: 2, settledFen: 100000n, prepaidFen: 30000n, receivableFen: 50000n }));
    expect(part).toMatchObject({ dueFen: '100000', prepaymentOffsetFen: '30000', clearingRecoveredFen: '50000', netFen: '20000' });
    expect(part.lines.find((l) => l.code === 'CLEARING_RECOVERY')?.amountFen).toBe('-50000');
    const all = statementItem(figures({ insutype: '310', settledCount: 1, settledFen: 40000n, receivableFen: 90000n }));
    expect(all).toMatchObject({ clearingRecoveredFen: '40000', netFen: '0' });
    // Held institutions: the recovery is taken first, only the rest is held.
    expect(statementItem(figures({ insutype: '310', settledCount: 1, settledFen: 40000n, receivableFen: 10000n, onHold: true }))).toMatchObject({
      clearingRecoveredFen: '10000',
      heldFen: '30000',
      netFen: '0',
    });
    const none = statementItem(figures({ insutype: '310', settledCount: 1, settledFen: 40000n }));
    expect(none.clearingRecoveredFen).toBeUndefined();
    expect(none.lines.some((l) => l.code === 'CLEARING_RECOVERY')).toBe(false);
  });
});
