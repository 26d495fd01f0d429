import type { EntityManager } from '@mikro-orm/postgresql';
import { oneStopFund } from './funds';
import type { SettlementRefDto } from '@mi/contracts';
import type { Money } from '@mi/domain';
import type { LedgerService, PostingLine } from './ledger.service';

/**
 * Account codes are `<city>-<code>-<kind>[-<institution>]`; `<code>` is a basic insurance type
 * (310/390/510) or a one-stop fund's code (320, 330, 350, 370, 392, 610, 999: see `funds.ts`).
 */

/** What the fund owes an institution for one insurance type (liability): settlements credit it, deductions and payments debit it. */
export const payableAccount = (city: string, insutype: string, institution: string) => `${city}-${insutype}-PAYABLE-${institution}`;
/** 预付 — an asset: the month's prepayment debits it (credit the fund); settlement offsets it. */
export const prepaidAccount = (city: string, insutype: string, institution: string) => `${city}-${insutype}-PREPAID-${institution}`;
/** The fund's bank / fiscal special account the payment leaves from. */
export const fundAccount = (city: string, insutype: string) => `${city}-${insutype}-FUND`;
/** 暂缓拨付挂账 — a liability: what a run held for a suspended or terminated institution instead of paying it. */
export const heldAccount = (city: string, insutype: string, institution: string) => `${city}-${insutype}-HELD-${institution}`;
/** 年终清算应追回 — an asset: what an institution bears of its overspend at year-end clearing; the next monthly runs recover it. */
export const clearingReceivableAccount = (city: string, insutype: string, institution: string) => `${city}-${insutype}-CLEARING-RECEIVABLE-${institution}`;
/** The fund's expense: settlements debit it; reversals and deductions credit it. */
export const expenseAccount = (city: string, insutype: string) => `${city}-${insutype}-EXPENSE`;

/** `统筹基金` for a basic insurance type, else the one-stop fund's name (`医疗救助`). */
export const fundName = (code: string): string => oneStopFund(code)?.name ?? '统筹基金';

/** The display name of a fund account: the basic fund's fiscal special account, or a one-stop fund's account. */
export const fundAccountName = (city: string, code: string): string =>
  oneStopFund(code) ? `${city} ${code} ${fundName(code)}基金账户` : `${city} ${code} 统筹基金财政专户`;

/** The fund account of a region and insurance type (or one-stop fund), opened on first use. */
export async function openFundAccount(ledger: LedgerService, em: EntityManager, city: string, insutype: string): Promise<string> {
  const code = fundAccount(city, insutype);
  await ledger.openAccount(em, { code, name: fundAccountName(city, insutype), kind: 'asset', admdvs: city, insutype });
  return code;
}

/**
 * The fund's expense and the institution's payable for an insurance type — or a one-stop fund's code
 * (`funds.ts`) — opened on first use. Settlements and deductions arrive for a basic insurance type
 * only: anything else is refused before an account is opened.
 */
export async function openAccounts(
  ledger: LedgerService,
  em: EntityManager,
  p: Pick<SettlementRefDto, 'poolarea' | 'insutype' | 'institutionCode'>,
): Promise<{ expense: string; payable: string }> {
  const city = p.poolarea;
  const expense = expenseAccount(city, p.insutype);
  const payable = payableAccount(city, p.insutype, p.institutionCode);
  const fund = fundName(p.insutype);
  await ledger.openAccount(em, { code: expense, name: `${city} ${p.insutype} ${fund}支出`, kind: 'expense', admdvs: city, insutype: p.insutype });
  await ledger.openAccount(em, {
    code: payable,
    name: `${city} ${p.insutype} 应付 ${p.institutionCode}${oneStopFund(p.insutype) ? `（${fund}）` : ''}`,
    kind: 'liability',
    admdvs: city,
    insutype: p.insutype,
    institutionCode: p.institutionCode,
  });
  return { expense, payable };
}

/**
 * The two lines of an entry between the fund's expense and an institution's payable: `owed`
 * credits the payable (the fund owes the institution more), otherwise the payable is debited.
 */
export function payableLines(expense: string, payable: string, amount: Money, owed: boolean): PostingLine[] {
  return owed
    ? [
        { account: expense, debit: amount },
        { account: payable, credit: amount },
      ]
    : [
        { account: payable, debit: amount },
        { account: expense, credit: amount },
      ];
}
