import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { FundReportRequest, FundReportView } from '@mi/contracts';
import { type Clock, LocalDate, NotFoundError } from '@mi/domain';
import { canSee, CLOCK, currentActor } from '@mi/platform';
import { ONE_STOP_FUNDS } from '../ledger/funds';
import { poolingRegion } from '../ledger/pooling-region';
import { type ReportCell, reportRows } from './fund-report';

const NOTES = [
  'income: credits to the city’s income account (…-INCOME) and the counties’ income sub-accounts (…-INCOME-<county>, 收入上解) in the month',
  'expense: the fund use of the region’s institutions by service month — settlements − reversals − deductions − indicator deductions on their payable accounts (an institution’s county is characters 2–7 of its code); year-end clearing adjustments are not included',
  'balance (city rows): the fund account (…-FUND, 财政专户) at month end, all years; counties have none (统收统支: one pooled fund)',
  'months of reserve (city rows): balance ÷ (the year’s expense through the month ÷ its months), 2 decimals half-up',
  `one-stop funds (一站式结算) have rows of their own under their code (${ONE_STOP_FUNDS.map((f) => `${f.code} ${f.name}`).join(', ')}): expense is what they owe institutions; their income is not booked here, so the balance is what they paid out and months of reserve is null`,
];

/** 基金运行报表 — read-only, set-based over the ledger (three grouped queries, whatever the number of postings). */
@Injectable()
export class FundReportService {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async report(req: FundReportRequest): Promise<FundReportView> {
    const city = poolingRegion(req.admdvs, 'fund reports');
    if (!canSee(currentActor(), city)) throw new NotFoundError('pooling region', city);
    const thisMonth = LocalDate.fromInstant(this.clock.now(), 'now').toString().slice(0, 7);
    const months = Array.from({ length: 12 }, (_, i) => `${req.year}-${String(i + 1).padStart(2, '0')}`).filter((m) => m <= thisMonth);
    const em = this.orm.em.fork();
    const only = req.insutype ? 'and a.insutype = ?' : '';
    const onlyParams = req.insutype ? [req.insutype] : [];
    const [first, last] = [`${req.year}-01`, `${req.year}-12`];
    // The year's postings of the region, aggregated: with hash joins this takes well under a second
    // at any size. Planned from statistics older than the year's bulk of postings (the year scenario
    // at 27,000 settlements), PostgreSQL estimated two entries, paired every entry with every
    // account in a nested loop and read each institution's lines again per entry — 236 s. Nested
    // loops are off for this one read-only statement.
    const cells = await em.transactional(async (tx) => {
      await tx.execute('set local enable_nestloop = off');
      return tx.execute<{ period: string; region: string; insutype: string; income: string; expense: string }[]>(
        `select e.period, case when a.kind = 'income' then a.admdvs else substr(a.institution_code, 2, 6) end as region, a.insutype,
              coalesce(sum(l.credit_fen - l.debit_fen) filter (where a.kind = 'income'), 0)::text as income,
              coalesce(sum(l.credit_fen - l.debit_fen) filter (where a.kind = 'liability'), 0)::text as expense
       from fund.journal_entry e join fund.journal_line l on l.entry_id = e.id join fund.account a on a.code = l.account_code
       where e.admdvs = ? and e.period between ? and ? ${only}
         and ((a.kind = 'income' and a.code ~ ('^' || ? || '-[0-9]{3}-INCOME(-[0-9]{6}){0,1}$'))
           or (a.kind = 'liability' and a.institution_code is not null and e.cause_type in ('claim-settled', 'deduction', 'indicator-deduction', 'case-payment')))
       group by 1, 2, 3`,
        [city, first, last, ...onlyParams, city],
      );
    });
    const fund = await em.execute<{ insutype: string; period: string; fen: string }[]>(
      `select a.insutype, case when e.period < ? then '' else e.period end as period, sum(l.debit_fen - l.credit_fen)::text as fen
       from fund.journal_line l join fund.journal_entry e on e.id = l.entry_id join fund.account a on a.code = l.account_code
       where a.code ~ ('^' || ? || '-[0-9]{3}-FUND$') and e.period <= ? ${only}
       group by 1, 2`,
      [first, city, last, ...onlyParams],
    );
    const insutypes = req.insutype
      ? [req.insutype]
      : (
          await em.execute<{ insutype: string }[]>(
            `select distinct insutype from fund.account where code ~ ('^' || ? || '-[0-9]{3}-') and insutype is not null order by 1`,
            [city],
          )
        ).map((r) => r.insutype);
    const rows = reportRows({
      city,
      months,
      insutypes,
      cells: cells.map((c): ReportCell => ({
        period: c.period,
        region: c.region,
        insutype: c.insutype,
        incomeFen: BigInt(c.income),
        expenseFen: BigInt(c.expense),
      })),
      fundMovement: new Map(fund.filter((f) => f.period !== '').map((f) => [`${f.insutype}|${f.period}`, BigInt(f.fen)])),
      openingBalance: new Map(fund.filter((f) => f.period === '').map((f) => [f.insutype, BigInt(f.fen)])),
    });
    return { admdvs: city, year: req.year, months, rows, notes: NOTES };
  }
}
