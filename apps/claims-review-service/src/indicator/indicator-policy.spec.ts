import type { IndicatorMeasureView, IndicatorRatioMeasureView } from '@mi/contracts';
import {
  type AgreementInForce,
  assessInstitution,
  costMeasure,
  type DayFigures,
  DRUG_LIST_TYPES,
  measure,
  periodRange,
  ratioMeasure,
  scaled,
  scaleTarget,
  splitByInsutype,
} from './indicator-policy';

/** One settlement date's figures of one institution; the rest zero. */
function aDay(over: Partial<DayFigures> & { date: string }): DayFigures {
  return {
    insutype: '310',
    admissions: 1,
    bedDays: 10,
    totalFen: 1_000_000n,
    fundFen: 700_000n,
    drugFen: 0n,
    selfPayAdmissions: 0,
    selfPayTotalFen: 0n,
    selfPayFen: 0n,
    ...over,
  };
}

describe('indicator policy', () => {
  it.each([
    ['2026-10', '2026-10-01', '2026-11-01'],
    ['2026-12', '2026-12-01', '2027-01-01'],
    ['2026-Q1', '2026-01-01', '2026-04-01'],
    ['2026-Q4', '2026-10-01', '2027-01-01'],
  ])('period %s runs from %s up to %s', (period, from, to) => {
    const r = periodRange(period);
    expect([r.from.toString(), r.to.toString()]).toEqual([from, to]);
  });

  it('refuses what is not a month or quarter', () => {
    expect(() => periodRange('2026-Q5')).toThrow(/period/);
  });

  it('allows the tolerance, rounded up in the institution’s favour, and deducts only beyond it', () => {
    // 7 admissions against 333.33 yuan: allowed 7 × 33,333 × 1.05 = 244,997.55 → 244,998 fen.
    expect(measure('costPerAdmission', 33_333n, 7, 244_998n, 50)).toMatchObject({
      allowedFen: '244998',
      excessFen: '0',
      actualFen: '35000',
      status: 'WITHIN',
      consequence: 'DEDUCTION',
    });
    expect(measure('costPerAdmission', 33_333n, 7, 244_999n, 50)).toMatchObject({ excessFen: '1', overPermille: 50, status: 'BREACHED' });
    expect(measure('costPerAdmission', 100_000n, 4, 300_000n, 50)).toMatchObject({ excessFen: '0', overPermille: -250 });
  });

  it('measures a cost indicator against two agreements: allowance summed per agreement, rounded up once; target weighted by units', () => {
    const sut = costMeasure(
      'costPerAdmission',
      [
        { targetFen: 1_000_000n, units: 2, totalFen: 2_200_000n },
        { targetFen: 800_000n, units: 2, totalFen: 1_700_000n },
      ],
      50,
    );
    // Allowed (2 × 10,000 + 2 × 8,000) × 1.05 = 37,800 yuan; cost 39,000 → 1,200 over.
    expect(sut).toMatchObject({ targetFen: '900000', units: 4, actualFen: '975000', allowedFen: '3780000', excessFen: '120000', status: 'BREACHED' });
    // 75,000 / 900,000 = 83.3 ‰, truncated toward zero.
    expect(sut.overPermille).toBe(83);
    // 3 × 333.33 × 1.05 = 1,049.9895 yuan: one rounding up of the sum, not one per agreement.
    expect(
      costMeasure(
        'costPerBedDay',
        [
          { targetFen: 33_333n, units: 1, totalFen: 0n },
          { targetFen: 33_333n, units: 2, totalFen: 0n },
        ],
        50,
      ).allowedFen,
    ).toBe('104999');
  });

  it('rounds a ratio half up to 0.01 % or 0.1 day and compares that figure with the target', () => {
    const drug = (num: bigint, den: bigint, target = 3500n) => ratioMeasure('drugShare', [{ target, numerator: num, denominator: den, units: 1 }]);
    expect(drug(3_827n, 10_000n)).toMatchObject({
      target: '35.00',
      actual: '38.27',
      over: '3.27',
      status: 'BREACHED',
      consequence: 'FINDING',
      unit: 'percent',
    });
    expect(drug(1n, 3n).actual).toBe('33.33');
    expect(drug(2n, 3n).actual).toBe('66.67');
    // 35.004 % is shown as 35.00 %: at the target, within; 35.005 % is shown as 35.01 %: over by 0.01.
    expect(drug(35_004n, 100_000n)).toMatchObject({ actual: '35.00', over: '0.00', status: 'WITHIN' });
    expect(drug(35_005n, 100_000n)).toMatchObject({ actual: '35.01', over: '0.01', status: 'BREACHED' });
    expect(drug(3_000n, 10_000n)).toMatchObject({ actual: '30.00', over: '-5.00', status: 'WITHIN' });
    const stay = (days: bigint, admissions: bigint) =>
      ratioMeasure('averageStay', [{ target: 90n, numerator: days, denominator: admissions, units: Number(admissions) }]);
    expect(stay(31n, 3n)).toMatchObject({ target: '9.0', actual: '10.3', over: '1.3', status: 'BREACHED', unit: 'days' });
    expect(stay(29n, 2n).actual).toBe('14.5');
    expect(stay(1n, 4n).actual).toBe('0.3');
    expect(stay(27n, 3n)).toMatchObject({ actual: '9.0', status: 'WITHIN' });
    expect(ratioMeasure('selfPayRatio', [{ target: 1000n, numerator: 0n, denominator: 0n, units: 0 }])).toMatchObject({
      status: 'NO_DATA',
      actual: null,
      over: null,
      target: '10.00',
    });
  });

  it('weights a ratio target of two agreements by the denominator', () => {
    const sut = ratioMeasure('drugShare', [
      { target: 3000n, numerator: 700_000n, denominator: 2_200_000n, units: 2 },
      { target: 3500n, numerator: 600_000n, denominator: 1_700_000n, units: 2 },
    ]);
    // (2,200,000 × 30 % + 1,700,000 × 35 %) / 3,900,000 = 32.179 % → 32.18; actual 1.3 / 3.9 = 33.33 %.
    expect(sut).toMatchObject({ target: '32.18', actual: '33.33', over: '1.15', status: 'BREACHED', numerator: '1300000', denominator: '3900000' });
  });

  it('reads agreement targets exactly and writes scaled figures', () => {
    expect([scaleTarget(35, 2, 'x'), scaleTarget(35.5, 2, 'x'), scaleTarget(0.01, 2, 'x'), scaleTarget(9.5, 1, 'x'), scaleTarget(9, 1, 'x')]).toEqual([
      3500n,
      3550n,
      1n,
      95n,
      90n,
    ]);
    expect([scaled(-327n, 2), scaled(5n, 2), scaled(103n, 1), scaled(0n, 1)]).toEqual(['-3.27', '0.05', '10.3', '0.0']);
  });

  it('counts catalogue drugs (101, 106) for the drug share, not decoction pieces', () => {
    expect([...DRUG_LIST_TYPES]).toEqual(['101', '106']);
  });

  it('splits an amount over insurance types to the fen by largest remainder', () => {
    expect(splitByInsutype(100n, { '310': 1n, '390': 1n, '510': 1n })).toEqual({ '310': '34', '390': '33', '510': '33' });
    expect(splitByInsutype(150_000n, { '390': 1_000_000n, '310': 2_300_000n })).toEqual({ '310': '104545', '390': '45455' });
    expect(splitByInsutype(0n, { '310': 5n })).toEqual({});
    const parts = splitByInsutype(99_999n, { '310': 7n, '390': 11n, '510': 13n });
    expect(Object.values(parts).reduce((s, v) => s + BigInt(v), 0n)).toBe(99_999n);
  });

  describe('one institution’s period against the agreements in force during it', () => {
    const q3 = periodRange('2026-Q3');
    // Agreement A terminated on 15 August; B signed from 1 September with other targets.
    const a: AgreementInForce = {
      number: 'A-2026',
      from: '2026-01-01',
      to: '2026-08-15',
      indicators: { costPerAdmissionFen: '1000000', drugSharePct: 30, selfPayRatioPct: 10 },
    };
    const b: AgreementInForce = {
      number: 'B-2026',
      from: '2026-09-01',
      to: '2026-12-31',
      indicators: { costPerAdmissionFen: '800000', drugSharePct: 35, averageStayDays: 9, selfPayRatioPct: 10 },
    };
    const days = [
      aDay({
        date: '2026-07-10',
        admissions: 2,
        bedDays: 20,
        totalFen: 2_200_000n,
        fundFen: 1_540_000n,
        drugFen: 700_000n,
        selfPayAdmissions: 1,
        selfPayTotalFen: 1_000_000n,
        selfPayFen: 150_000n,
      }),
      // Between the agreements: counted among the admissions, measured against nothing.
      aDay({ date: '2026-08-20', admissions: 1, bedDays: 5, totalFen: 500_000n, fundFen: 350_000n, insutype: '390' }),
      aDay({ date: '2026-09-10', admissions: 2, bedDays: 24, totalFen: 1_700_000n, fundFen: 1_190_000n, drugFen: 600_000n }),
    ];

    it('measures each settlement date against the agreement in force that day', () => {
      const sut = assessInstitution('2026-Q3', q3, days, [a, b], 50);
      expect(sut).toMatchObject({ outcome: 'BREACHED', admissions: 5, proposedFen: 120_000n });
      // Split by the cost of all the period's settlements: 310 3,900,000, 390 500,000.
      expect(sut.byInsutype).toEqual({ '310': '106364', '390': '13636' });
      const by = Object.fromEntries(sut.measures.map((m) => [m.indicator, m]));
      expect(by.costPerAdmission).toMatchObject({ targetFen: '900000', units: 4, totalFen: '3900000', excessFen: '120000', status: 'BREACHED' });
      expect((by.costPerAdmission as IndicatorMeasureView).spans).toEqual([
        { agreementNumber: 'A-2026', from: '2026-07-01', to: '2026-08-15', target: '1000000', weight: '2' },
        { agreementNumber: 'B-2026', from: '2026-09-01', to: '2026-09-30', target: '800000', weight: '2' },
      ]);
      expect(by.drugShare).toMatchObject({ target: '32.18', actual: '33.33', over: '1.15', status: 'BREACHED' });
      // Only B sets the average stay: 24 bed-days over 2 admissions.
      expect(by.averageStay).toMatchObject({ target: '9.0', actual: '12.0', over: '3.0', status: 'BREACHED', units: 2 });
      expect((by.averageStay as IndicatorRatioMeasureView).spans).toEqual([
        { agreementNumber: 'B-2026', from: '2026-09-01', to: '2026-09-30', target: '9.0', weight: '2' },
      ]);
      // One settlement of four under a self-pay target carried fulamt_ownpay_amt: 1,500 / 10,000.
      expect(by.selfPayRatio).toMatchObject({ actual: '15.00', units: 1, status: 'BREACHED' });
      expect((by.selfPayRatio as IndicatorRatioMeasureView).explanation).toContain('另 3 人次未上报全自费金额，未计入');
    });

    it('tells the institution each target, actual, how far over, and the basis; money only for cost', () => {
      const sut = assessInstitution('2026-Q3', q3, days, [a, b], 50);
      expect(sut.explanation).toContain(
        '次均住院费用：目标 10000.00 元（协议 A-2026，2026-07-01至2026-08-15）、8000.00 元（协议 B-2026，2026-09-01至2026-09-30），加权 9000.00 元，实际 9750.00 元（4人次，超出 8.3%），超过容差 5% 部分 1200.00 元',
      );
      expect(sut.explanation).toContain('拟扣款 1200.00 元');
      expect(sut.explanation).toContain('平均住院日：目标不高于 9.0 天，实际 12.0 天（24床日 / 2人次），超出 3.0 天，未达标');
      expect(sut.explanation).toContain('药占比：目标不高于 30.00%（协议 A-2026');
      expect(sut.explanation).toContain('本项记入协议考核，不扣款');
      const stay = sut.measures.find((m) => m.indicator === 'averageStay') as IndicatorRatioMeasureView;
      expect(stay.explanation).toMatch(/超出 3\.0 天，未达标。依据：协议量化指标列入协议供医保经办机构考核.*第七篇.*次均三费超5%（001_… 第九篇）/);
    });

    it('finds a breach of a ratio indicator without proposing money', () => {
      const only = assessInstitution('2026-09', periodRange('2026-09'), [days[2]], [{ ...b, indicators: { drugSharePct: 36 } }], 50);
      expect(only).toMatchObject({ outcome: 'WITHIN', proposedFen: 0n, byInsutype: {} });
      const breached = assessInstitution('2026-09', periodRange('2026-09'), [days[2]], [{ ...b, indicators: { drugSharePct: 30 } }], 50);
      expect(breached).toMatchObject({ outcome: 'BREACHED', proposedFen: 0n, byInsutype: {} });
      expect(breached.explanation).toBe(
        '2026-09 药占比：目标不高于 30.00%，实际 35.29%（药品费用 6000.00 元 / 医疗费用 17000.00 元，2人次），超出 5.29 个百分点，未达标。' +
          '依据：协议量化指标列入协议供医保经办机构考核，考核结果与定点准入、退出及信誉等级挂钩（001_… 第七篇）；扣款性指标为次均三费超5%（001_… 第九篇），本项记入协议考核，不扣款。',
      );
    });

    it('has nothing to assess without an agreement, without targets, or without the data a target needs', () => {
      expect(assessInstitution('2026-Q3', q3, days, [], 50)).toMatchObject({
        outcome: 'NO_TARGET',
        measures: [],
        explanation: '2026-Q3 本期无有效的定点协议，不作指标考核。',
      });
      const stock = assessInstitution('2026-Q3', q3, days, [{ ...a, indicators: { westernStockingRatePct: 80, transferRatePct: 2 } }], 50);
      expect(stock).toMatchObject({ outcome: 'NO_TARGET', measures: [] });
      expect(stock.explanation).toContain('协议未设定次均住院费用、床日费用、药占比、个人自费比例或平均住院日指标');
      const noField = assessInstitution('2026-09', periodRange('2026-09'), [days[2]], [{ ...b, indicators: { selfPayRatioPct: 10 } }], 50);
      expect(noField).toMatchObject({ outcome: 'NO_TARGET', measures: [expect.objectContaining({ indicator: 'selfPayRatio', status: 'NO_DATA' })] });
      expect(noField.explanation).toContain('本期 2 人次结算均未上报全自费金额（fulamt_ownpay_amt），无法计算');
      const outside = assessInstitution('2026-Q3', q3, [days[1]], [a, b], 50);
      expect(outside).toMatchObject({ outcome: 'NO_TARGET', admissions: 1 });
      expect(outside.explanation).toContain('本期结算均不在设定考核指标的协议有效期内');
    });
  });
});
