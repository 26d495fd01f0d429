import { CLAIM_SETTLED_FUND_PAYERS, type ClaimSettledFundParts, type ClaimSettledFundPayer } from '@mi/contracts';
import { DomainError } from '@mi/domain';

/**
 * The basic pooled funds (统筹基金) the platform budgets, prepays, controls by indicator and clears
 * at year end: employees 310, residents 390, maternity 510. A settlement's `hifp_pay` is owed from
 * the fund of its own insurance type.
 */
export const BASIC_INSUTYPES = ['310', '390', '510'] as const;

/** One of the other funds of a one-stop settlement (一站式结算) and its ledger code. */
export interface OneStopFund {
  /** Key in `ClaimSettled.fundPartsFen`. */
  payer: ClaimSettledFundPayer;
  /** The NHSA `setlinfo` field the part comes from: what an institution sums to recompute it. */
  nhsaField: string;
  /**
   * Three digits in the insurance-type place of the chart (`<city>-<code>-<kind>[-<institution>]`):
   * the NHSA insutype of the scheme where there is one, the `fund_pay_type` prefix (610100 医疗救助基金)
   * for medical assistance, 999 for other fund payments.
   */
  code: string;
  name: string;
}

/**
 * 一站式结算 — each fund paying a settlement besides the basic fund has its own accounts per pooling
 * region (`…-<code>-FUND`, `…-<code>-EXPENSE`) and a payable per institution (`…-<code>-PAYABLE-<inst>`),
 * whatever the insurance type of the settlement: a resident's critical-illness part and an
 * employee's are paid from different funds (392 and 330); medical assistance is one fund (610).
 */
export const ONE_STOP_FUNDS: readonly OneStopFund[] = [
  { payer: 'cvlservPay', nhsaField: CLAIM_SETTLED_FUND_PAYERS.cvlservPay, code: '320', name: '公务员医疗补助' },
  { payer: 'hifobPay', nhsaField: CLAIM_SETTLED_FUND_PAYERS.hifobPay, code: '330', name: '职工大额医疗费用补助' },
  { payer: 'hifdmPay', nhsaField: CLAIM_SETTLED_FUND_PAYERS.hifdmPay, code: '350', name: '伤残人员医疗保障' },
  { payer: 'hifesPay', nhsaField: CLAIM_SETTLED_FUND_PAYERS.hifesPay, code: '370', name: '企业补充医疗保险' },
  { payer: 'hifmiPay', nhsaField: CLAIM_SETTLED_FUND_PAYERS.hifmiPay, code: '392', name: '城乡居民大病保险' },
  { payer: 'mafPay', nhsaField: CLAIM_SETTLED_FUND_PAYERS.mafPay, code: '610', name: '医疗救助' },
  { payer: 'othPay', nhsaField: CLAIM_SETTLED_FUND_PAYERS.othPay, code: '999', name: '其他基金' },
];

/** Every code the chart of accounts knows, basic funds first (the check constraint of `fund.account.insutype`). */
export const LEDGER_FUND_CODES: readonly string[] = [...BASIC_INSUTYPES, ...ONE_STOP_FUNDS.map((f) => f.code)];

const BY_CODE = new Map(ONE_STOP_FUNDS.map((f) => [f.code, f]));

/** The one-stop fund of a ledger code; undefined for a basic insurance type. */
export const oneStopFund = (code: string): OneStopFund | undefined => BY_CODE.get(code);

export const isBasicInsutype = (insutype: string): boolean => (BASIC_INSUTYPES as readonly string[]).includes(insutype);

/** A settlement's amount owed by one fund: a basic insurance type or a one-stop code. */
export interface SettlementPart {
  code: string;
  /** Signed: negative in a reversal. */
  fen: bigint;
  /** Undefined for the basic fund's part (`hifp_pay`). */
  fund?: OneStopFund;
}

/**
 * Splits a settlement by the fund that owes it: the basic fund of its insurance type (`hifp_pay`)
 * first, then each one-stop part in the order of {@link ONE_STOP_FUNDS}; zero parts are left out.
 * Refused (VALIDATION, naming the field): a basic part of an insurance type that is not a basic
 * fund (its accounts would not be the pooled fund's), and a one-stop part signed against the
 * settlement (a forward settlement never takes money back, a reversal never pays).
 */
export function settlementParts(p: { insutype: string; hifpPayFen: string; reversal: boolean; fundPartsFen?: ClaimSettledFundParts }): SettlementPart[] {
  const parts: SettlementPart[] = [];
  const basic = BigInt(p.hifpPayFen);
  if (basic !== 0n) {
    if (!isBasicInsutype(p.insutype)) {
      throw new DomainError('VALIDATION', `payload.insutype: ${p.insutype} is not a basic fund (${BASIC_INSUTYPES.join(', ')})`, {
        field: 'payload.insutype',
        reason: 'not a basic insurance type',
      });
    }
    parts.push({ code: p.insutype, fen: basic });
  }
  for (const fund of ONE_STOP_FUNDS) {
    const raw = p.fundPartsFen?.[fund.payer];
    if (raw === undefined) continue;
    const fen = BigInt(raw);
    if (fen === 0n) continue;
    if (p.reversal ? fen > 0n : fen < 0n) {
      const field = `payload.fundPartsFen.${fund.payer}`;
      throw new DomainError('VALIDATION', `${field}: ${p.reversal ? 'a reversal carries negative amounts' : 'must not be negative'} (${raw})`, {
        field,
        reason: 'signed against the settlement',
      });
    }
    parts.push({ code: fund.code, fen, fund });
  }
  return parts;
}
