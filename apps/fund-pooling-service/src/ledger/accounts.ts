import type { EntityManager } from '@mikro-orm/postgresql';
import type { LedgerService } from './ledger.service';

/** What the fund owes an institution for one insurance type (liability): settlements credit it, deductions and payments debit it. */
export const payableAccount = (city: string, insutype: string, institution: string) => `${city}-${insutype}-PAYABLE-${institution}`;
/** 预付 — an asset: the month's prepayment debits it (credit the fund); settlement offsets it. */
export const prepaidAccount = (city: string, insutype: string, institution: string) => `${city}-${insutype}-PREPAID-${institution}`;
/** The fund's bank / fiscal special account the payment leaves from. */
export const fundAccount = (city: string, insutype: string) => `${city}-${insutype}-FUND`;
/** 暂缓拨付挂账 — a liability: what a run held for a suspended or terminated institution instead of paying it. */
export const heldAccount = (city: string, insutype: string, institution: string) => `${city}-${insutype}-HELD-${institution}`;

/** The fund account of a region and insurance type, opened on first use. */
export async function openFundAccount(ledger: LedgerService, em: EntityManager, city: string, insutype: string): Promise<string> {
  const code = fundAccount(city, insutype);
  await ledger.openAccount(em, { code, name: `${city} ${insutype} 统筹基金财政专户`, kind: 'asset', admdvs: city, insutype });
  return code;
}
