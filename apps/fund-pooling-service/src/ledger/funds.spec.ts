import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CLAIM_SETTLED_FUND_PAYERS, ClaimSettledFundPartsDto, STRICT_VALIDATION_OPTIONS } from '@mi/contracts';
import { LEDGER_FUND_CODES, ONE_STOP_FUNDS, oneStopFund, settlementParts } from './funds';

describe('one-stop settlement parts (一站式结算)', () => {
  const settled = (o: Partial<Parameters<typeof settlementParts>[0]> = {}) => ({ insutype: '390', hifpPayFen: '60000', reversal: false, ...o });

  it('splits a settlement by fund: basic first, then critical illness and medical assistance, each from its own code', () => {
    const sut = settlementParts(settled({ fundPartsFen: { mafPay: '5000', hifmiPay: '15000' } }));
    expect(sut.map((p) => [p.code, p.fen, p.fund?.nhsaField])).toEqual([
      ['390', 60000n, undefined],
      ['392', 15000n, 'hifmi_pay'],
      ['610', 5000n, 'maf_pay'],
    ]);
  });

  it('posts only the basic part for an event without parts (published before they were added)', () => {
    expect(settlementParts(settled()).map((p) => p.code)).toEqual(['390']);
  });

  it('leaves zero parts out, and a settlement with nothing owed has no part', () => {
    expect(settlementParts(settled({ hifpPayFen: '0', fundPartsFen: { mafPay: '0' } }))).toEqual([]);
    expect(settlementParts(settled({ hifpPayFen: '0', fundPartsFen: { mafPay: '700' } })).map((p) => p.code)).toEqual(['610']);
  });

  it('keeps a reversal’s parts negative', () => {
    const sut = settlementParts(settled({ hifpPayFen: '-60000', reversal: true, fundPartsFen: { hifmiPay: '-15000', mafPay: '-5000' } }));
    expect(sut.map((p) => p.fen)).toEqual([-60000n, -15000n, -5000n]);
  });

  it('refuses a part signed against the settlement, naming it', () => {
    expect(() => settlementParts(settled({ fundPartsFen: { mafPay: '-1' } }))).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: expect.objectContaining({ field: 'payload.fundPartsFen.mafPay' }) }),
    );
    expect(() => settlementParts(settled({ reversal: true, hifpPayFen: '-1', fundPartsFen: { hifmiPay: '1' } }))).toThrow(/reversal carries negative/);
  });

  it('refuses a basic part of an insurance type that is not a basic fund', () => {
    expect(() => settlementParts(settled({ insutype: '392' }))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => settlementParts(settled({ insutype: '340' }))).toThrow(/not a basic fund/);
  });

  it('gives every fund payer of the contract one code of its own, never a basic insurance type’s', () => {
    expect(ONE_STOP_FUNDS.map((f) => f.payer).sort()).toEqual(Object.keys(CLAIM_SETTLED_FUND_PAYERS).sort());
    for (const f of ONE_STOP_FUNDS) expect(f.nhsaField).toBe(CLAIM_SETTLED_FUND_PAYERS[f.payer]);
    expect(new Set(LEDGER_FUND_CODES).size).toBe(LEDGER_FUND_CODES.length);
    // The account table's check constraint (migration …001400-one-stop-funds) lists exactly these.
    expect([...LEDGER_FUND_CODES].sort()).toEqual(['310', '320', '330', '350', '370', '390', '392', '510', '610', '999']);
    expect(oneStopFund('310')).toBeUndefined();
    expect(oneStopFund('392')?.name).toBe('城乡居民大病保险');
  });

  it('validates the event’s parts: integer fen per fund payer, no other key', () => {
    const check = (v: unknown) => validateSync(plainToInstance(ClaimSettledFundPartsDto, v), STRICT_VALIDATION_OPTIONS).map((e) => e.property);
    expect(check({ hifmiPay: '15000', mafPay: '-5000' })).toEqual([]);
    expect(check({ hifmiPay: '150.00' })).toEqual(['hifmiPay']);
    expect(check({ acctPay: '100' })).toEqual(['acctPay']);
  });
});
