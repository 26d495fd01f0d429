import { CLAIM_SETTLED_FUND_PAYERS } from '@mi/contracts';
import { fundPartsOf } from './fund-parts';
import { AMOUNT_FIELDS } from './settlement.mapper';

describe('fundPartsOf (一站式结算 parts of ClaimSettled)', () => {
  it('carries each other fund payer present and not zero, as integer fen strings', () => {
    const sut = fundPartsOf({ medfee_sumamt: 100000n, hifp_pay: 60000n, hifmi_pay: 15000n, maf_pay: 5000n, hifob_pay: 0n, acct_pay: 0n, psn_cash_pay: 20000n });
    expect(sut).toEqual({ hifmiPay: '15000', mafPay: '5000' });
  });

  it('keeps a reversal’s negative parts', () => {
    expect(fundPartsOf({ hifp_pay: -60000n, hifmi_pay: -15000n, maf_pay: -5000n })).toEqual({ hifmiPay: '-15000', mafPay: '-5000' });
  });

  it('is absent for a settlement paid by the basic fund alone; subtotals and personal payers are never parts', () => {
    expect(
      fundPartsOf({ medfee_sumamt: 6000n, hifp_pay: 4000n, acct_pay: 1000n, psn_cash_pay: 1000n, fund_pay_sumamt: 4000n, hosp_part_amt: 10n }),
    ).toBeUndefined();
  });

  it('maps every fund payer from an amount field the intake keeps', () => {
    for (const field of Object.values(CLAIM_SETTLED_FUND_PAYERS)) expect(AMOUNT_FIELDS).toContain(field);
    const all = Object.fromEntries(Object.values(CLAIM_SETTLED_FUND_PAYERS).map((f, i) => [f, BigInt(i + 1)]));
    expect(Object.keys(fundPartsOf(all) ?? {}).sort()).toEqual(Object.keys(CLAIM_SETTLED_FUND_PAYERS).sort());
  });
});
