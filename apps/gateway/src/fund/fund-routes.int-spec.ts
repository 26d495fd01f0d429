import { Workbook } from 'exceljs';
import {
  BudgetSubjects,
  ClearingSubjects,
  FundReportSubjects,
  type FundReportView,
  CountyFundSubjects,
  PrepaymentSubjects,
  type InstitutionStatementView,
  MonthlySettlementSubjects,
  TerminatedHoldSubjects,
  okReply,
} from '@mi/contracts';
import { routeHarness } from '../../test/route-harness';

/** What fund-pooling answers (a held resident item and an employee item with a carried negative due). */
const STATEMENT: InstitutionStatementView = {
  admdvs: '430100',
  period: '2026-04',
  institutionCode: 'H43010200001',
  status: 'PROVISIONAL',
  settlementId: null,
  totalNet: '0.00',
  items: [
    {
      institutionCode: 'H43010200001',
      insutype: '310',
      dueFen: '-20002',
      carriedInFen: '0',
      carriedOutFen: '20002',
      prepaymentOffsetFen: '0',
      heldFen: '0',
      netFen: '0',
      lines: [
        { code: 'SETTLEMENTS', label: '本月结算 1 笔 统筹基金支付', count: 1, amount: '400.01', amountFen: '40001' },
        { code: 'DEDUCTIONS', label: '本月确认扣款 1 笔', count: 1, amount: '-600.03', amountFen: '-60003' },
        { code: 'AMOUNT_DUE', label: '本期应付（为负，结转下期）', amount: '-200.02', amountFen: '-20002' },
        { code: 'NET_PAYABLE', label: '本期实际拨付', amount: '0.00', amountFen: '0' },
        { code: 'CARRIED_OUT', label: '结转下期抵扣（不拨付）', amount: '-200.02', amountFen: '-20002' },
      ],
    },
    {
      institutionCode: 'H43010200001',
      insutype: '390',
      dueFen: '12345',
      carriedInFen: '0',
      carriedOutFen: '0',
      prepaymentOffsetFen: '0',
      heldFen: '12345',
      netFen: '0',
      lines: [
        { code: 'HELD', label: '协议中止/解除期间暂缓拨付（挂账，恢复后拨付）', amount: '-123.45', amountFen: '-12345' },
        { code: 'NET_PAYABLE', label: '本期实际拨付', amount: '0.00', amountFen: '0' },
      ],
    },
  ],
};

/** What fund-pooling answers for a fund report (one city row). */
const REPORT: FundReportView = {
  admdvs: '430100',
  year: 2026,
  months: ['2026-01'],
  notes: [],
  rows: [
    {
      period: '2026-01',
      region: '430100',
      regionLevel: 'city',
      insutype: '310',
      incomeFen: '50000',
      expenseFen: '20000',
      netFen: '30000',
      ytdNetFen: '30000',
      balanceFen: '150000',
      monthsOfReserve: '7.50',
    },
  ],
};

/**
 * The monthly-settlement routes: the gateway checks role and input, then forwards to
 * fund-pooling-service's subject (a stand-in here; fund-pooling's own tests cover the behaviour).
 */
describe('gateway: fund monthly-settlement routes', () => {
  const h = routeHarness({ now: '2026-05-02T01:00:00.000Z', users: { officer: { roles: ['city-officer'], scope: '430100' } } });
  const { call } = h;
  const received = h.stub(MonthlySettlementSubjects.statement, STATEMENT);
  const countyCalls = h.stub(
    [
      ...Object.values(CountyFundSubjects),
      TerminatedHoldSubjects.propose,
      ...Object.values(BudgetSubjects),
      ...Object.values(PrepaymentSubjects),
      ...Object.values(ClearingSubjects),
      ...Object.values(FundReportSubjects),
    ],
    ({ subject }) => okReply(subject === FundReportSubjects.report ? { ...REPORT, forwarded: subject } : { forwarded: subject }),
  );

  it('forwards a statement query; a malformed month or region is 400 and never leaves the gateway', async () => {
    const ok = await call('GET', '/api/v1/fund/monthly-settlements/430100/2026-04/statements/H43010200001');
    expect(ok).toMatchObject({ status: 200, body: { status: 'PROVISIONAL' } });
    expect(received).toEqual([{ admdvs: '430100', period: '2026-04', institutionCode: 'H43010200001' }]);
    expect((await call('GET', '/api/v1/fund/monthly-settlements/430100/2026-13/statements/H43010200001')).status).toBe(400);
    expect((await call('GET', '/api/v1/fund/monthly-settlements/430102/2026-04/statements/H43010200001')).status).toBe(400);
    expect(received).toHaveLength(1);
  });

  it('exports the statement as CSV for Excel: UTF-8 with BOM, yuan with 2 decimals; bad input is 400 and never leaves the gateway', async () => {
    const before = received.length;
    const res = await h.fetch('/api/v1/fund/monthly-settlements/430100/2026-04/statements/H43010200001/csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="statement-430100-2026-04-H43010200001.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(rows[0]).toBe('统筹区,结算月份,机构编码,状态,结算批次,险种,项目代码,项目,笔数,金额（元）');
    expect(rows.slice(1, -1).map((r) => r.split(',').slice(5).join(','))).toEqual([
      '310,SETTLEMENTS,本月结算 1 笔 统筹基金支付,1,400.01',
      '310,DEDUCTIONS,本月确认扣款 1 笔,1,-600.03',
      '310,AMOUNT_DUE,本期应付（为负，结转下期）,,-200.02',
      '310,NET_PAYABLE,本期实际拨付,,0.00',
      '310,CARRIED_OUT,结转下期抵扣（不拨付）,,-200.02',
      '390,HELD,协议中止/解除期间暂缓拨付（挂账，恢复后拨付）,,-123.45',
      '390,NET_PAYABLE,本期实际拨付,,0.00',
      ',TOTAL_NET_PAYABLE,合计实际拨付,,0.00',
    ]);
    expect(received.at(-1)).toEqual({ admdvs: '430100', period: '2026-04', institutionCode: 'H43010200001' });
    const bad = await h.fetch('/api/v1/fund/monthly-settlements/430100/2026-4/statements/H43010200001/csv');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail?: string }).detail ?? '').toMatch(/period/);
    expect(received).toHaveLength(before + 1);
  });

  it('forwards county income, plans and the shortfall rule; refuses the wrong role and bad input at the edge', async () => {
    // The province administrator may read the rule but neither record income nor set plans.
    const read = await call('GET', '/api/v1/fund/county-shortfall/430102/2026/310');
    expect(read).toMatchObject({ status: 200, body: { forwarded: CountyFundSubjects.shortfall } });
    expect(countyCalls).toEqual([{ subject: CountyFundSubjects.shortfall, body: { county: '430102', year: 2026, insutype: '310' } }]);
    for (const bad of [
      '/api/v1/fund/county-shortfall/430100/2026/310',
      '/api/v1/fund/county-shortfall/430102/26/310',
      '/api/v1/fund/county-shortfall/430102/2026/320',
    ])
      expect((await call('GET', bad)).status).toBe(400);
    const income = { county: '430102', insutype: '310', period: '2026-01', amountFen: '800000000', reference: 'JK-2026-001' };
    expect((await call('POST', '/api/v1/fund/county-income', income)).status).toBe(403);
    expect((await call('PUT', '/api/v1/fund/county-plans', { county: '430102', year: 2026, insutype: '310', planFen: '1', reason: '下达' })).status).toBe(403);
    expect(countyCalls).toHaveLength(1);

    const officer = h.tokenFor('officer');
    expect(await call('POST', '/api/v1/fund/county-income', income, officer)).toMatchObject({
      status: 201,
      body: { forwarded: CountyFundSubjects.recordIncome },
    });
    const negative = await call('POST', '/api/v1/fund/county-income', { ...income, amountFen: '-100' }, officer);
    expect(negative.status).toBe(400);
    expect(JSON.stringify(negative.body)).toContain('amountFen');
    const plan = { county: '430102', year: 2026, insutype: '310', planFen: '1000000000', reason: '年度收入计划下达' };
    expect(await call('PUT', '/api/v1/fund/county-plans', plan, officer)).toMatchObject({ status: 200, body: { forwarded: CountyFundSubjects.setPlan } });
    expect((await call('PUT', '/api/v1/fund/county-plans', { ...plan, year: '2026' }, officer)).status).toBe(400);
    expect(countyCalls.slice(1)).toEqual([
      { subject: CountyFundSubjects.recordIncome, body: income },
      { subject: CountyFundSubjects.setPlan, body: plan },
    ]);
  });

  it('lets only city officers propose a run', async () => {
    const r = await call('POST', '/api/v1/fund/monthly-settlements', { admdvs: '430100', period: '2026-04', reason: '4月结算' });
    expect(r.status).toBe(403);
  });

  it('forwards a decision on a terminated institution’s held money from a city officer; refuses other roles and bad input at the edge', async () => {
    const decision = {
      admdvs: '430100',
      institutionCode: 'H43010200011',
      outcome: 'RETURN_TO_FUND',
      reason: '协议解除，暂缓款收回基金',
      legalBasis: '《医疗保障基金使用监督管理条例》第三十八条',
    };
    const before = countyCalls.length;
    expect((await call('POST', '/api/v1/fund/terminated-hold-decisions', decision)).status).toBe(403);
    const officer = h.tokenFor('officer');
    expect(await call('POST', '/api/v1/fund/terminated-hold-decisions', decision, officer)).toMatchObject({
      status: 201,
      body: { forwarded: TerminatedHoldSubjects.propose },
    });
    for (const [field, value] of [
      ['outcome', 'KEEP'],
      ['legalBasis', ''],
      ['admdvs', '430102'],
    ]) {
      const bad = await call('POST', '/api/v1/fund/terminated-hold-decisions', { ...decision, [field]: value }, officer);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    expect(countyCalls.slice(before)).toEqual([{ subject: TerminatedHoldSubjects.propose, body: decision }]);
  });

  it('forwards a county-shortfall posting proposal from a city officer only; a string year is 400', async () => {
    const body = { county: '430102', year: 2026, insutype: '310', reason: '年终清算：县级基金缺口处理' };
    const before = countyCalls.length;
    expect((await call('POST', '/api/v1/fund/county-shortfall-postings', body)).status).toBe(403);
    const officer = h.tokenFor('officer');
    expect(await call('POST', '/api/v1/fund/county-shortfall-postings', body, officer)).toMatchObject({
      status: 201,
      body: { forwarded: CountyFundSubjects.proposeShortfallPosting },
    });
    const bad = await call('POST', '/api/v1/fund/county-shortfall-postings', { ...body, year: '2026' }, officer);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('year');
    expect(countyCalls.slice(before)).toEqual([{ subject: CountyFundSubjects.proposeShortfallPosting, body }]);
  });

  it('forwards budgets and indicators from city officers; reads for the bureau; bad input is 400 naming the field and never leaves the gateway', async () => {
    const budget = {
      admdvs: '430100',
      year: 2026,
      insutype: '310',
      incomeFen: '100000',
      expenditureFen: '95000',
      reserveSharePercent: '5',
      reason: '年度预算',
    };
    const indicators = {
      admdvs: '430100',
      year: 2026,
      insutype: '310',
      indicators: [{ institutionCode: 'H43010200001', indicatorFen: '90000' }],
      reason: '谈判',
    };
    const before = countyCalls.length;
    expect((await call('POST', '/api/v1/fund/budgets', budget)).status).toBe(403);
    expect((await call('POST', '/api/v1/fund/total-control-indicators', indicators)).status).toBe(403);
    expect(await call('GET', '/api/v1/fund/budgets/430100/2026/310')).toMatchObject({ status: 200, body: { forwarded: BudgetSubjects.budget } });
    expect(await call('GET', '/api/v1/fund/budgets/430100/2026/310/indicators?institutionCode=H43010200001')).toMatchObject({
      status: 200,
      body: { forwarded: BudgetSubjects.indicators },
    });
    const officer = h.tokenFor('officer');
    expect(await call('POST', '/api/v1/fund/budgets', budget, officer)).toMatchObject({ status: 201, body: { forwarded: BudgetSubjects.proposeBudget } });
    expect(await call('POST', '/api/v1/fund/total-control-indicators', indicators, officer)).toMatchObject({
      status: 201,
      body: { forwarded: BudgetSubjects.proposeIndicators },
    });
    for (const [path, body, field] of [
      ['/api/v1/fund/budgets', { ...budget, reserveSharePercent: '101' }, 'reserveSharePercent'],
      ['/api/v1/fund/budgets', { ...budget, clearingBands: { overspend: [{ upToPercent: 5, fundSharePercent: 160 }], surplus: [] } }, 'fundSharePercent'],
      ['/api/v1/fund/total-control-indicators', { ...indicators, indicators: [{ institutionCode: 'H4301', indicatorFen: '1' }] }, 'institutionCode'],
      ['/api/v1/fund/total-control-indicators', { ...indicators, indicators: [] }, 'indicators'],
    ] as const) {
      const bad = await call('POST', path, body, officer);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    expect((await call('GET', '/api/v1/fund/budgets/430102/2026/310')).status).toBe(400);
    expect(countyCalls.slice(before)).toEqual([
      { subject: BudgetSubjects.budget, body: { admdvs: '430100', year: 2026, insutype: '310' } },
      { subject: BudgetSubjects.indicators, body: { admdvs: '430100', year: 2026, insutype: '310', institutionCode: 'H43010200001' } },
      { subject: BudgetSubjects.proposeBudget, body: budget },
      { subject: BudgetSubjects.proposeIndicators, body: indicators },
    ]);
  });

  it('forwards a monthly prepayment proposal from a city officer and reads for the bureau; bad input is 400 and never leaves the gateway', async () => {
    const body = { admdvs: '430100', period: '2026-05', reason: '5月预付' };
    const before = countyCalls.length;
    expect((await call('POST', '/api/v1/fund/monthly-prepayments', body)).status).toBe(403);
    expect(await call('GET', '/api/v1/fund/monthly-prepayments/430100/2026-05')).toMatchObject({ status: 200, body: { forwarded: PrepaymentSubjects.get } });
    const officer = h.tokenFor('officer');
    expect(await call('POST', '/api/v1/fund/monthly-prepayments', body, officer)).toMatchObject({
      status: 201,
      body: { forwarded: PrepaymentSubjects.propose },
    });
    for (const [field, value] of [
      ['period', '2026-5'],
      ['admdvs', '430102'],
      ['reason', ''],
    ]) {
      const bad = await call('POST', '/api/v1/fund/monthly-prepayments', { ...body, [field]: value }, officer);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    expect((await call('GET', '/api/v1/fund/monthly-prepayments/430100/26-05')).status).toBe(400);
    expect(await call('GET', '/api/v1/fund/monthly-prepayments/430100/2026-05?limit=200&offset=400')).toMatchObject({ status: 200 });
    const tooMany = await call('GET', '/api/v1/fund/monthly-prepayments/430100/2026-05?limit=201');
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('limit');
    expect(countyCalls.slice(before)).toEqual([
      { subject: PrepaymentSubjects.get, body: { admdvs: '430100', period: '2026-05' } },
      { subject: PrepaymentSubjects.propose, body },
      { subject: PrepaymentSubjects.get, body: { admdvs: '430100', period: '2026-05', limit: 200, offset: 400 } },
    ]);
  });

  it('forwards year-end clearing proposals (city officers), what-ifs and statements; bad input is 400 naming the field and never leaves the gateway', async () => {
    const body = { admdvs: '430100', year: 2026, insutype: '310', reason: '2026 年终清算' };
    const whatIf = {
      admdvs: '430100',
      year: 2026,
      insutype: '310',
      clearingBands: { overspend: [{ upToPercent: null, fundSharePercent: 0 }], surplus: [{ upToPercent: null, retainedPercent: 0 }] },
    };
    const before = countyCalls.length;
    expect((await call('POST', '/api/v1/fund/year-end-clearings', body)).status).toBe(403);
    expect(await call('POST', '/api/v1/fund/year-end-clearings/what-if', whatIf)).toMatchObject({ status: 200, body: { forwarded: ClearingSubjects.whatIf } });
    expect(await call('GET', '/api/v1/fund/year-end-clearings/430100/2026/310/statements/H43010200001')).toMatchObject({
      status: 200,
      body: { forwarded: ClearingSubjects.statement },
    });
    const officer = h.tokenFor('officer');
    expect(await call('POST', '/api/v1/fund/year-end-clearings', body, officer)).toMatchObject({ status: 201, body: { forwarded: ClearingSubjects.propose } });
    const badBand = await call('POST', '/api/v1/fund/year-end-clearings/what-if', {
      ...whatIf,
      clearingBands: { overspend: [{ fundSharePercent: -1 }], surplus: [] },
    });
    expect(badBand.status).toBe(400);
    expect(JSON.stringify(badBand.body)).toContain('fundSharePercent');
    expect((await call('POST', '/api/v1/fund/year-end-clearings', { ...body, year: '2026' }, officer)).status).toBe(400);
    expect((await call('GET', '/api/v1/fund/year-end-clearings/430100/2026/310/statements/X1')).status).toBe(400);
    expect(countyCalls.slice(before)).toEqual([
      { subject: ClearingSubjects.whatIf, body: whatIf },
      { subject: ClearingSubjects.statement, body: { admdvs: '430100', year: 2026, insutype: '310', institutionCode: 'H43010200001' } },
      { subject: ClearingSubjects.propose, body },
    ]);
  });

  it('forwards the fund report to the bureau and serves it as CSV; bad input is 400 and never leaves the gateway', async () => {
    const before = countyCalls.length;
    expect(await call('GET', '/api/v1/fund/reports/430100/2026?insutype=390')).toMatchObject({ status: 200, body: { forwarded: FundReportSubjects.report } });
    const csv = await h.fetch('/api/v1/fund/reports/430100/2026/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="fund-report-430100-2026.csv"');
    expect((await csv.text()).split('\r\n')[1]).toBe('430100,2026,2026-01,430100,市（统筹区合计）,310,500.00,200.00,300.00,300.00,1500.00,7.50');
    for (const bad of ['/api/v1/fund/reports/430102/2026', '/api/v1/fund/reports/430100/26', '/api/v1/fund/reports/430100/2026?insutype=320'])
      expect((await call('GET', bad)).status).toBe(400);
    expect(countyCalls.slice(before)).toEqual([
      { subject: FundReportSubjects.report, body: { admdvs: '430100', year: 2026, insutype: '390' } },
      { subject: FundReportSubjects.report, body: { admdvs: '430100', year: 2026 } },
    ]);
  });

  it('exports the statement and the fund report as XLSX: the CSV’s rows and headers, amounts as numbers with 2 decimals; bad input is 400', async () => {
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const sheetOf = async (res: Response) => {
      const wb = new Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as Parameters<Workbook['xlsx']['load']>[0]);
      const ws = wb.worksheets[0];
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return { name: ws.name, rows, numFmt: (a: string) => ws.getCell(a).numFmt };
    };
    const before = received.length;
    const res = await h.fetch('/api/v1/fund/monthly-settlements/430100/2026-04/statements/H43010200001/xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(xlsx);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="statement-430100-2026-04-H43010200001.xlsx"');
    const statement = await sheetOf(res);
    expect(statement.name).toBe('结算单 2026-04');
    expect(statement.rows[0]).toEqual(['统筹区', '结算月份', '机构编码', '状态', '结算批次', '险种', '项目代码', '项目', '笔数', '金额（元）']);
    expect(statement.rows.slice(1).map((r) => r.slice(5))).toEqual([
      ['310', 'SETTLEMENTS', '本月结算 1 笔 统筹基金支付', 1, 400.01],
      ['310', 'DEDUCTIONS', '本月确认扣款 1 笔', 1, -600.03],
      ['310', 'AMOUNT_DUE', '本期应付（为负，结转下期）', undefined, -200.02],
      ['310', 'NET_PAYABLE', '本期实际拨付', undefined, 0],
      ['310', 'CARRIED_OUT', '结转下期抵扣（不拨付）', undefined, -200.02],
      ['390', 'HELD', '协议中止/解除期间暂缓拨付（挂账，恢复后拨付）', undefined, -123.45],
      ['390', 'NET_PAYABLE', '本期实际拨付', undefined, 0],
      [undefined, 'TOTAL_NET_PAYABLE', '合计实际拨付', undefined, 0],
    ]);
    expect(statement.numFmt('J2')).toBe('#,##0.00');
    expect(received.slice(before)).toEqual([{ admdvs: '430100', period: '2026-04', institutionCode: 'H43010200001' }]);
    const bad = await h.fetch('/api/v1/fund/monthly-settlements/430100/2026-4/statements/H43010200001/xlsx');
    expect(bad.status).toBe(400);
    expect(received).toHaveLength(before + 1);

    const calls = countyCalls.length;
    const report = await h.fetch('/api/v1/fund/reports/430100/2026/xlsx?insutype=310');
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe(xlsx);
    expect(report.headers.get('content-disposition')).toBe('attachment; filename="fund-report-430100-2026-310.xlsx"');
    const sheet = await sheetOf(report);
    expect(sheet.name).toBe('基金运行报表 2026');
    expect(sheet.rows).toEqual([
      [
        '统筹区',
        '年度',
        '月份',
        '区划',
        '层级',
        '险种',
        '收入（元）',
        '支出（元）',
        '当月收支结余（元）',
        '年度累计结余（元）',
        '基金期末余额（元）',
        '可支付月数',
      ],
      ['430100', '2026', '2026-01', '430100', '市（统筹区合计）', '310', 500, 200, 300, 300, 1500, 7.5],
    ]);
    expect(countyCalls.slice(calls)).toEqual([{ subject: FundReportSubjects.report, body: { admdvs: '430100', year: 2026, insutype: '310' } }]);
    expect((await h.fetch('/api/v1/fund/reports/430100/2026/xlsx?insutype=320')).status).toBe(400);
    expect(countyCalls).toHaveLength(calls + 1);
  });
});
