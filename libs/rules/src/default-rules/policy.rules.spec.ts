import { LocalDate, Money } from '@mi/domain';
import { Quantity } from '../claim/quantity';
import { InMemoryPatientHistory } from '../history/patient-history';
import { aCatalogueLine, aClaim, aClaimLine } from '../testing/claim.builder';
import { findingsOf, linesOf } from '../testing/findings.testing';
import { SAMPLE_CODES as C, sampleKnowledgeBase } from '../testing/sample-knowledge.fixture';
import { compileDefaultRules } from './index';

const sut = compileDefaultRules(sampleKnowledgeBase());
const inpatient = { treatmentMode: '2', medType: '21', admissionDate: '2026-03-01', dischargeDate: '2026-03-08' } as const;

describe('GZ10000101007000 药品限儿童使用', () => {
  const claimAt = (birthDate: string) =>
    aClaim({ patient: { birthDate }, lines: [aCatalogueLine(C.paediatricColdGranules, { lineId: 'K1', quantity: 1, unitPrice: '18.60' })] });

  it('fires for a patient who turned 18 on the visit date', () => {
    const [finding, ...rest] = findingsOf(sut, 'GZ10000101007000', claimAt('2008-03-10'));
    expect(rest).toHaveLength(0);
    expect(finding.severity).toBe('1');
    expect(linesOf(finding)).toEqual([['K1', '1', '18.60']]);
    expect(finding.volaCont).toBe('小儿氨酚黄那敏颗粒限儿童使用，患者年龄18岁（≥18岁），不予支付，涉及金额18.60元');
    expect(finding.facts['patient.age']).toBe(18);
    expect(finding.facts['param.adultAge']).toBe(18);
  });

  it('does not fire for a 17-year-old (birthday tomorrow)', () => {
    expect(findingsOf(sut, 'GZ10000101007000', claimAt('2008-03-11'))).toEqual([]);
  });
});

describe('GZ10000101006000 药品限新生儿使用 / GZ10000103001000 耗材限新生儿使用', () => {
  const claimAt = (birthDate: string, code: string) =>
    aClaim({
      patient: { birthDate },
      ...inpatient,
      admissionDate: '2026-03-10',
      dischargeDate: '2026-03-12',
      lines: [aCatalogueLine(code, { lineId: 'N1', unitPrice: '600.00' })],
    });

  it('fires on day 29 of life', () => {
    const [finding] = findingsOf(sut, 'GZ10000101006000', claimAt('2026-02-09', C.surfactant));
    expect(finding.facts['patient.ageDays']).toBe(29);
    expect(finding.amount.toYuanString()).toBe('600.00');
  });

  it('does not fire up to day 28', () => {
    expect(findingsOf(sut, 'GZ10000101006000', claimAt('2026-02-10', C.surfactant))).toEqual([]);
  });

  it('applies to consumables under their own national code', () => {
    expect(findingsOf(sut, 'GZ10000103001000', claimAt('1990-01-01', C.umbilicalClamp))).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000101006000', claimAt('1990-01-01', C.umbilicalClamp))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000103001000', claimAt('2026-03-01', C.umbilicalClamp))).toEqual([]);
  });
});

describe('GZ10000101008000 药品限适应症 / GZ10000102007000 医疗服务项目限适应症', () => {
  const liraglutide = aCatalogueLine(C.liraglutide, { lineId: 'D1', unitPrice: '410.00' });

  it('fires when no diagnosis matches the indication prefixes', () => {
    const [finding] = findingsOf(sut, 'GZ10000101008000', aClaim({ mainDiagnosis: 'I10.X00', lines: [liraglutide] }));
    expect(finding.severity).toBe('2');
    expect(finding.volaCont).toContain('本次诊断（I10.X00）不在限定适应症（E11）内');
    expect(finding.volaEvid).toContain('限二甲双胍等口服降糖药或胰岛素控制效果不佳的2型糖尿病患者');
  });

  it('does not fire when a secondary diagnosis matches', () => {
    expect(findingsOf(sut, 'GZ10000101008000', aClaim({ mainDiagnosis: 'I10.X00', diagnoses: ['E11.900'], lines: [liraglutide] }))).toEqual([]);
  });

  it('fires for a claim without any diagnosis', () => {
    expect(findingsOf(sut, 'GZ10000101008000', aClaim({ mainDiagnosis: undefined, lines: [liraglutide] }))).toHaveLength(1);
  });

  it('checks services under the service code', () => {
    const oxygen = aCatalogueLine(C.hyperbaricOxygen, { lineId: 'S1', unitPrice: '120.00', serviceDate: '2026-03-02' });
    expect(findingsOf(sut, 'GZ10000102007000', aClaim({ ...inpatient, mainDiagnosis: 'S06.000', lines: [oxygen] }))).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000102007000', aClaim({ ...inpatient, mainDiagnosis: 'T58.X00', lines: [oxygen] }))).toEqual([]);
  });
});

describe('GZ10000101005000 药品限二线使用', () => {
  const meropenem = aCatalogueLine(C.meropenem, { lineId: 'M1', unitPrice: '98.00', quantity: 3, serviceDate: '2026-03-03' });
  const claim = (extra: ReturnType<typeof aCatalogueLine>[] = []) => aClaim({ ...inpatient, mainDiagnosis: 'J18.900', lines: [meropenem, ...extra] });
  const history = (serviceDate: string) =>
    InMemoryPatientHistory.fromEncounters([
      {
        claimId: 'EARLIER',
        psnNo: 'PSN-0001',
        institutionCode: 'H43010200001',
        treatmentMode: '1',
        medType: '11',
        admissionDate: LocalDate.parse(serviceDate),
        lines: [{ hilistCode: C.ceftriaxone, quantity: Quantity.of(2), amount: Money.parseYuan('60', 'a'), serviceDate: LocalDate.parse(serviceDate) }],
      },
    ]);

  it('fires without any first-line drug', () => {
    const [finding] = findingsOf(sut, 'GZ10000101005000', claim());
    expect(finding.amount.toYuanString()).toBe('294.00');
    expect(finding.facts['let.firstLineUsed']).toBe(0);
  });

  it('does not fire when a first-line drug is on the same claim', () => {
    expect(findingsOf(sut, 'GZ10000101005000', claim([aCatalogueLine(C.cefotaxime, { lineId: 'F1', serviceDate: '2026-03-01' })]))).toEqual([]);
  });

  it('does not fire when a first-line drug was used within the last 30 days', () => {
    expect(findingsOf(sut, 'GZ10000101005000', claim(), history('2026-02-05'))).toEqual([]);
  });

  it('fires when the first-line use is older than the window', () => {
    expect(findingsOf(sut, 'GZ10000101005000', claim(), history('2026-01-30'))).toHaveLength(1);
  });
});

describe('GZ10000101009000 药品限最大支付天数/开药量', () => {
  const claim = (days: number | undefined, over: Parameters<typeof aClaim>[0] = {}) =>
    aClaim({ lines: [aCatalogueLine(C.atorvastatin, { lineId: 'T1', quantity: 4, unitPrice: '25.00', ...(days ? { days } : {}) })], ...over });

  it('charges the days beyond the maximum pro rata', () => {
    const [finding] = findingsOf(sut, 'GZ10000101009000', claim(60));
    expect(finding.amount.toYuanString()).toBe('50.00');
    expect(linesOf(finding)).toEqual([['T1', '1', '50.00']]);
    expect(finding.volaCont).toBe('阿托伐他汀钙片开药60天，超过限定最大支付天数30天，超出部分金额50.00元');
  });

  it('rounds the pro-rata amount half up to the fen', () => {
    const [finding] = findingsOf(sut, 'GZ10000101009000', claim(31));
    expect(finding.amount.toYuanString()).toBe('3.23'); // 100 × 1/31 = 3.2258…
  });

  it('does not fire at the maximum, without days, or for inpatients', () => {
    expect(findingsOf(sut, 'GZ10000101009000', claim(30))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000101009000', claim(undefined))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000101009000', claim(60, inpatient))).toEqual([]);
  });
});

describe('GZ10000101010000 药品限支付疗程 / GZ10000102010000 医疗服务项目限支付疗程', () => {
  const stroke = { treatmentMode: '2', medType: '21', mainDiagnosis: 'I63.900', admissionDate: '2026-03-01', dischargeDate: '2026-03-20' } as const;
  const day = (n: number) => LocalDate.of(2026, 3, 1).plusDays(n).toString();
  /** Salvianolate (14 days per 30-day course) once a day for `days` days from admission, 50 yuan a day. */
  const dailyInfusions = (days: number, from = 0) =>
    Array.from({ length: days }, (_, i) => aCatalogueLine(C.salvianolate, { lineId: `D${from + i + 1}`, unitPrice: '50.00', serviceDate: day(from + i) }));
  const earlier = (claimId: string, dates: readonly string[], code: string = C.salvianolate, days?: number) => ({
    claimId,
    psnNo: 'PSN-0001',
    institutionCode: 'H43010200001',
    treatmentMode: '2' as const,
    medType: '21' as const,
    admissionDate: LocalDate.parse(dates[0]),
    dischargeDate: LocalDate.parse(dates[dates.length - 1]),
    lines: dates.map((d) => ({
      hilistCode: code,
      quantity: Quantity.of(1),
      amount: Money.parseYuan('50', 'a'),
      serviceDate: LocalDate.parse(d),
      ...(days !== undefined ? { days } : {}),
    })),
  });
  const datesFrom = (first: string, count: number) => Array.from({ length: count }, (_, i) => LocalDate.parse(first).plusDays(i).toString());

  it('charges the days beyond the course, latest lines first, and explains the count', () => {
    const [finding, ...rest] = findingsOf(sut, 'GZ10000101010000', aClaim({ ...stroke, lines: dailyInfusions(16) }));
    expect(rest).toHaveLength(0);
    expect(finding.severity).toBe('1');
    expect(finding.amount.toYuanString()).toBe('100.00'); // 800 × 2/16
    expect(linesOf(finding).filter(([, type]) => type === '1')).toEqual([
      ['D15', '1', '50.00'],
      ['D16', '1', '50.00'],
    ]);
    expect(finding.lines).toHaveLength(16);
    expect(finding.volaCont).toBe('注射用丹参多酚酸盐限支付疗程14天（疗程周期30日），周期内此前已使用0天、本次16天，累计16天，超出2天，超疗程金额100.00元');
    expect(finding.volaEvid).toContain('药品限支付疗程”（GZ10000101010000）');
    expect(finding.facts['let.excessDays']).toBe(2);
  });

  it('does not fire at the course length; two lines on one day are one day of use', () => {
    expect(findingsOf(sut, 'GZ10000101010000', aClaim({ ...stroke, lines: dailyInfusions(14) }))).toEqual([]);
    const twiceOnDayOne = [...dailyInfusions(14), aCatalogueLine(C.salvianolate, { lineId: 'EXTRA', unitPrice: '50.00', serviceDate: day(0) })];
    expect(findingsOf(sut, 'GZ10000101010000', aClaim({ ...stroke, lines: twiceOnDayOne }))).toEqual([]);
  });

  it('adds the days of earlier settlements in the course window (history)', () => {
    const claim = aClaim({ ...stroke, dischargeDate: '2026-03-08', lines: dailyInfusions(6) });
    // 10 days from 2026-02-10, inside the 30 days ending on the admission date 2026-03-01
    const inWindow = InMemoryPatientHistory.fromEncounters([earlier('STAY-1', datesFrom('2026-02-10', 10))]);
    const [finding] = findingsOf(sut, 'GZ10000101010000', claim, inWindow);
    expect(finding.facts['let.priorDays']).toBe(10);
    expect(finding.facts['let.totalDays']).toBe(16);
    expect(finding.amount.toYuanString()).toBe('100.00'); // 300 × 2/6
    expect(finding.volaCont).toBe('注射用丹参多酚酸盐限支付疗程14天（疗程周期30日），周期内此前已使用10天、本次6天，累计16天，超出2天，超疗程金额100.00元');
    // the same ten days ending before the window (2026-01-31 … 2026-03-01) belong to an earlier course
    const before = InMemoryPatientHistory.fromEncounters([earlier('STAY-1', datesFrom('2026-01-21', 10))]);
    expect(findingsOf(sut, 'GZ10000101010000', claim, before)).toEqual([]);
  });

  it('counts an outpatient supply as its 用药天数 and charges the excess pro rata', () => {
    const visit = aClaim({ lines: [aCatalogueLine(C.salvianolate, { lineId: 'O1', unitPrice: '70.00', days: 7, quantity: 1 })] });
    const history = InMemoryPatientHistory.fromEncounters([{ ...earlier('VISIT-1', ['2026-02-24'], C.salvianolate, 10), treatmentMode: '1', medType: '11' }]);
    const [finding] = findingsOf(sut, 'GZ10000101010000', visit, history);
    expect(finding.facts['let.totalDays']).toBe(17);
    expect(finding.amount.toYuanString()).toBe('30.00'); // 70 × 3/7
  });

  it('charges the whole claim when the course was over before it', () => {
    const history = InMemoryPatientHistory.fromEncounters([earlier('STAY-1', datesFrom('2026-02-10', 10)), earlier('STAY-2', datesFrom('2026-02-20', 5))]);
    // 15 earlier days: the whole of this claim's day is beyond the course
    const [finding] = findingsOf(sut, 'GZ10000101010000', aClaim({ ...stroke, lines: dailyInfusions(1) }), history);
    expect(finding.amount.toYuanString()).toBe('50.00');
    expect(finding.facts['let.excessDays']).toBe(1);
  });

  it('applies to service items under their own code (a series of outpatient sessions)', () => {
    const sessions = (dates: readonly string[]) =>
      InMemoryPatientHistory.fromEncounters(
        dates.map((d, i) => ({ ...earlier(`ESWT-${i}`, [d], C.shockWaveTherapy), treatmentMode: '1' as const, medType: '11' as const })),
      );
    const visit = aClaim({ mainDiagnosis: 'M75.100', lines: [aCatalogueLine(C.shockWaveTherapy, { lineId: 'S6', unitPrice: '200.00' })] });
    const [finding] = findingsOf(sut, 'GZ10000102010000', visit, sessions(['2026-02-20', '2026-02-24', '2026-02-27', '2026-03-03', '2026-03-06']));
    expect(finding.volaCont).toBe(
      '体外冲击波治疗（骨肌疾病）限支付疗程5天（疗程周期30日），周期内此前已使用5天、本次1天，累计6天，超出1天，超疗程金额200.00元',
    );
    expect(findingsOf(sut, 'GZ10000101010000', visit)).toEqual([]);
    expect(findingsOf(sut, 'GZ10000102010000', visit, sessions(['2026-02-24', '2026-02-27', '2026-03-03', '2026-03-06']))).toEqual([]);
  });
});

describe('GZ10000101011000 药品超限定病种目录范围使用', () => {
  const chronic = (mainDiagnosis: string | undefined, code: string = C.acarbose, over: Parameters<typeof aClaim>[0] = {}) =>
    aClaim({ medType: '14', mainDiagnosis, lines: [aCatalogueLine(code, { lineId: 'B1', unitPrice: '36.00' })], ...over });

  it('fires on a 门诊慢特病 settlement without a diagnosis of the drug’s disease lists', () => {
    const [finding] = findingsOf(sut, 'GZ10000101011000', chronic('I10.X00'));
    expect(finding.severity).toBe('2');
    expect(linesOf(finding)).toEqual([['B1', '1', '36.00']]);
    expect(finding.volaCont).toBe(
      '阿卡波糖片限糖尿病（两病）病种目录内使用，本次门诊慢特病结算诊断（I10.X00）不属于上述病种（E10、E11、E12、E13、E14），涉及金额36.00元',
    );
    expect(finding.volaEvid).toContain('药品超限定病种目录范围使用”（GZ10000101011000）');
  });

  it('does not fire with a diagnosis in any of its lists, and fires without any diagnosis', () => {
    expect(findingsOf(sut, 'GZ10000101011000', chronic('E11.900'))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000101011000', chronic('I10.X00', C.acarbose, { diagnoses: ['E11.900'] }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000101011000', chronic('N18.500', C.nifedipine))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000101011000', chronic('I10.X00', C.nifedipine))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000101011000', chronic(undefined))).toHaveLength(1);
  });

  it('applies to the 门诊慢特病 benefit (med_type 14 and its regional sub-codes) only', () => {
    expect(findingsOf(sut, 'GZ10000101011000', chronic('I10.X00', C.acarbose, { medType: '140101' }))).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000101011000', chronic('I10.X00', C.acarbose, { medType: '11' }))).toEqual([]);
  });

  it('is not 药品限适应症: the catalogue’s own indication is a different rule on a different attribute', () => {
    // liraglutide has 限适应症 (E11) but no disease list; acarbose a disease list but no indication
    const liraglutide = chronic('I10.X00', C.liraglutide);
    expect(findingsOf(sut, 'GZ10000101008000', liraglutide)).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000101011000', liraglutide)).toEqual([]);
    expect(findingsOf(sut, 'GZ10000101008000', chronic('I10.X00'))).toEqual([]);
  });
});

describe('GZ10000101012000 药品限医疗机构级别 / GZ10000102011000 医疗服务项目', () => {
  const trastuzumab = aCatalogueLine(C.trastuzumab, { lineId: 'H1', unitPrice: '1500.00' });
  const claim = (level: number, type = 'hospital') => aClaim({ mainDiagnosis: 'C50.900', institution: { level, type }, lines: [trastuzumab] });

  it('fires below the required level and names both levels', () => {
    const [finding] = findingsOf(sut, 'GZ10000101012000', claim(1));
    expect(finding.volaCont).toBe('注射用曲妥珠单抗限2级及以上医疗机构使用，本机构等级为1级（0为未定级），涉及金额1500.00元');
  });

  it('does not fire at or above the level, nor at a pharmacy (双通道)', () => {
    expect(findingsOf(sut, 'GZ10000101012000', claim(2))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000101012000', claim(3))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000101012000', claim(0, 'pharmacy'))).toEqual([]);
  });

  it('applies to services', () => {
    const oxygen = aCatalogueLine(C.hyperbaricOxygen, { lineId: 'S1', unitPrice: '120.00', serviceDate: '2026-03-02' });
    const at = (level: number) => aClaim({ ...inpatient, mainDiagnosis: 'T58.X00', institution: { level }, lines: [oxygen] });
    expect(findingsOf(sut, 'GZ10000102011000', at(1))).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000102011000', at(2))).toEqual([]);
  });
});

describe('GZ10000102009000 医疗服务项目限就医方式 / MI-DRUG-INPATIENT-ONLY', () => {
  it('fires for an inpatient-only service in an outpatient visit', () => {
    const claim = aClaim({ mainDiagnosis: 'T58.X00', lines: [aCatalogueLine(C.hyperbaricOxygen, { lineId: 'S1', unitPrice: '120.00' })] });
    const [finding] = findingsOf(sut, 'GZ10000102009000', claim);
    expect(finding.volaCont).toBe('高压氧舱治疗限定就医方式为2（1门诊、2住院、3购药），本次为门诊，涉及金额120.00元');
  });

  it('does not fire during a stay', () => {
    const claim = aClaim({ ...inpatient, mainDiagnosis: 'T58.X00', lines: [aCatalogueLine(C.hyperbaricOxygen, { lineId: 'S1', serviceDate: '2026-03-02' })] });
    expect(findingsOf(sut, 'GZ10000102009000', claim)).toEqual([]);
  });

  it('flags an inpatient-only drug at a pharmacy, not in hospital', () => {
    const albumin = aCatalogueLine(C.albumin, { lineId: 'A1', unitPrice: '380.00', serviceDate: '2026-03-02' });
    const pharmacy = aClaim({
      treatmentMode: '3',
      medType: '41',
      institution: { level: 0, type: 'pharmacy' },
      lines: [{ ...albumin, serviceDate: '2026-03-10' }],
    });
    const [finding] = findingsOf(sut, 'MI-DRUG-INPATIENT-ONLY', pharmacy);
    expect(finding.volaCont).toBe('人血白蛋白注射液限住院使用，本次为购药结算，涉及金额380.00元');
    expect(finding.nationalRuleId).toBeUndefined();
    expect(findingsOf(sut, 'MI-DRUG-INPATIENT-ONLY', aClaim({ ...inpatient, lines: [albumin] }))).toEqual([]);
  });
});

describe('GZ10000102001000 医疗服务项目超限定单价收费', () => {
  const claim = (unitPrice: string, level = 3) =>
    aClaim({ institution: { level }, lines: [aCatalogueLine(C.haemodialysis, { lineId: 'P1', quantity: 2, unitPrice })] });

  it('charges (price − cap) × quantity for the institution level', () => {
    const [finding] = findingsOf(sut, 'GZ10000102001000', claim('450.00'));
    expect(finding.amount.toYuanString()).toBe('60.00');
    expect(finding.facts['item.priceCap']).toBe('420.00');
    expect(finding.volaCont).toBe('血液透析单价450.00元，超过3级医疗机构限定单价420.00元，数量2，超标准收费60.00元');
  });

  it('uses the cap of the claim institution level', () => {
    expect(findingsOf(sut, 'GZ10000102001000', claim('410.00', 2))[0].amount.toYuanString()).toBe('20.00');
    expect(findingsOf(sut, 'GZ10000102001000', claim('410.00', 3))).toEqual([]);
  });

  it('does not fire at the cap, or where the level has no cap (unknown)', () => {
    expect(findingsOf(sut, 'GZ10000102001000', claim('420.00'))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000102001000', claim('999.00', 0))).toEqual([]);
  });
});

describe('GZ10000102012000 医疗服务项目重复收费', () => {
  const anaesthesia = aCatalogueLine(C.generalAnaesthesia, { lineId: 'G1', unitPrice: '800.00', serviceDate: '2026-03-02' });
  const intubation = (serviceDate: string) => aCatalogueLine(C.trachealIntubation, { lineId: 'G2', unitPrice: '90.00', serviceDate });

  it('flags the contained item and lists the containing one as involved', () => {
    const [finding, ...rest] = findingsOf(sut, 'GZ10000102012000', aClaim({ ...inpatient, lines: [anaesthesia, intubation('2026-03-02')] }));
    expect(rest).toEqual([]);
    expect(linesOf(finding)).toEqual([
      ['G2', '1', '90.00'],
      ['G1', '2', '0.00'],
    ]);
    expect(finding.volaCont).toBe('气管插管术已包含在同日收费的全身麻醉中，不得另行收费，重复收费90.00元');
  });

  it('does not fire on another day or alone', () => {
    expect(findingsOf(sut, 'GZ10000102012000', aClaim({ ...inpatient, lines: [anaesthesia, intubation('2026-03-03')] }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000102012000', aClaim({ ...inpatient, lines: [intubation('2026-03-02')] }))).toEqual([]);
  });
});

describe('GZ10000102013000 医疗服务项目分解收费', () => {
  const part = (code: string, lineId: string, serviceDate = '2026-03-10') => aCatalogueLine(code, { lineId, unitPrice: '5.00', serviceDate });

  it('flags every part after the first on the same day', () => {
    const findings = findingsOf(sut, 'GZ10000102013000', aClaim({ lines: [part(C.alt, 'B1'), part(C.ast, 'B2'), part(C.bilirubin, 'B3')] }));
    expect(findings.map(linesOf)).toEqual([
      [
        ['B2', '1', '5.00'],
        ['B1', '2', '0.00'],
      ],
      [
        ['B3', '1', '5.00'],
        ['B1', '2', '0.00'],
        ['B2', '2', '0.00'],
      ],
    ]);
    expect(findings[0].volaCont).toContain(`同属组合项目（${C.liverPanel}）`);
  });

  it('does not fire for one part, or parts on different days', () => {
    expect(findingsOf(sut, 'GZ10000102013000', aClaim({ lines: [part(C.alt, 'B1')] }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000102013000', aClaim({ lines: [part(C.alt, 'B1'), part(C.ast, 'B2', '2026-03-11')] }))).toEqual([]);
  });
});

describe('GZ10000102014000 医疗服务项目限定频次', () => {
  const sampling = (lineId: string, serviceDate = '2026-03-10') => aCatalogueLine(C.venousBloodSampling, { lineId, unitPrice: '5.00', serviceDate });

  it('evaluates per item and day, charging the excess to the latest lines', () => {
    const [finding, ...rest] = findingsOf(sut, 'GZ10000102014000', aClaim({ lines: [sampling('V1'), sampling('V2'), sampling('V3')] }));
    expect(rest).toEqual([]);
    expect(finding.facts['group.quantity']).toBe(3);
    expect(linesOf(finding)).toEqual([
      ['V1', '2', '0.00'],
      ['V2', '2', '0.00'],
      ['V3', '1', '5.00'],
    ]);
    expect(finding.volaCont).toBe('静脉采血于2026-03-10收费3次，超过每日限定2次，超出部分金额5.00元');
  });

  it('does not add up different days', () => {
    expect(findingsOf(sut, 'GZ10000102014000', aClaim({ lines: [sampling('V1'), sampling('V2'), sampling('V3', '2026-03-11')] }))).toEqual([]);
  });

  it('counts the quantity of a single line', () => {
    const nursing = aCatalogueLine(C.levelOneNursing, { lineId: 'R1', quantity: 2, unitPrice: '26.00', serviceDate: '2026-03-02' });
    const [finding] = findingsOf(sut, 'GZ10000102014000', aClaim({ ...inpatient, lines: [nursing] }));
    expect(linesOf(finding)).toEqual([['R1', '1', '26.00']]);
  });
});

describe('GZ10000101001000 药品限工伤保险 / GZ10000102003000 医疗服务项目限工伤保险', () => {
  const boneInjection = aCatalogueLine(C.bonePeptide, { lineId: 'W1', quantity: 2, unitPrice: '35.00' });
  const rehab = aCatalogueLine(C.occupationalRehab, { lineId: 'W2', unitPrice: '80.00' });

  it('fires for a work-injury-only drug settled by employee medical insurance', () => {
    const [finding, ...rest] = findingsOf(sut, 'GZ10000101001000', aClaim({ lines: [boneInjection] }));
    expect(rest).toEqual([]);
    expect(linesOf(finding)).toEqual([['W1', '1', '70.00']]);
    expect(finding.volaCont).toBe('复方骨肽注射液限工伤保险（险种410）支付，本次按险种310结算，不属于该基金支付范围，涉及金额70.00元');
    expect(finding.volaEvid).toContain('“限工伤保险”');
  });

  it('fires for residents too, and for services under their own code', () => {
    expect(findingsOf(sut, 'GZ10000101001000', aClaim({ insutype: '390', lines: [boneInjection] }))).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000102003000', aClaim({ lines: [rehab] }))).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000101001000', aClaim({ lines: [rehab] }))).toEqual([]);
  });

  it('leaves maternity-only and unrestricted items alone', () => {
    expect(findingsOf(sut, 'GZ10000101001000', aClaim({ lines: [aCatalogueLine(C.dydrogesterone, { lineId: 'M1' })] }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000101001000', aClaim())).toEqual([]);
  });
});

describe('GZ10000101002000 药品限生育保险 / GZ10000102004000 医疗服务项目限生育保险', () => {
  const dydrogesterone = aCatalogueLine(C.dydrogesterone, { lineId: 'M1', unitPrice: '96.00' });
  const prenatal = aCatalogueLine(C.prenatalCheck, { lineId: 'M2', unitPrice: '40.00' });
  const woman = { gender: '2', birthDate: '1994-06-01' } as const;

  it('fires for a maternity-only drug settled by medical insurance', () => {
    const [finding] = findingsOf(sut, 'GZ10000101002000', aClaim({ patient: woman, lines: [dydrogesterone] }));
    expect(finding.volaCont).toBe('地屈孕酮片限生育保险（险种510）支付，本次按险种310结算，不属于该基金支付范围，涉及金额96.00元');
    expect(findingsOf(sut, 'GZ10000102004000', aClaim({ patient: woman, insutype: '390', lines: [prenatal] }))).toHaveLength(1);
  });

  it('does not fire when maternity insurance (510) settles it', () => {
    expect(findingsOf(sut, 'GZ10000101002000', aClaim({ patient: woman, insutype: '510', medType: '51', lines: [dydrogesterone] }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000102004000', aClaim({ patient: woman, insutype: '510', medType: '51', lines: [prenatal] }))).toEqual([]);
  });
});

describe('GZ10000101003000 中药饮片单复方均不予支付 / GZ10000101004000 中药饮片单方使用不予支付', () => {
  const piece = (code: string, lineId: string, serviceDate = '2026-03-10') => aCatalogueLine(code, { lineId, quantity: 10, unitPrice: '0.50', serviceDate });
  const astragalus = aClaimLine({ lineId: 'T9', hilistCode: 'T000100101', name: '黄芪', listType: '102', quantity: 100, unitPrice: '0.12' });

  it('never pays a piece excluded alone and in compounds', () => {
    const [finding] = findingsOf(sut, 'GZ10000101003000', aClaim({ lines: [piece(C.cordyceps, 'T1'), astragalus] }));
    expect(linesOf(finding)).toEqual([['T1', '1', '5.00']]);
    expect(finding.volaCont).toBe('冬虫夏草属单味或复方均不予支付的中药饮片，不属于基金支付范围，涉及金额5.00元');
    expect(findingsOf(sut, 'GZ10000101004000', aClaim({ lines: [piece(C.cordyceps, 'T1')] }))).toEqual([]);
  });

  it('does not pay a single-use-excluded piece charged alone', () => {
    const [finding] = findingsOf(sut, 'GZ10000101004000', aClaim({ lines: [piece(C.wolfberry, 'T2'), aClaimLine({ lineId: 'L2' })] }));
    expect(linesOf(finding)).toEqual([['T2', '1', '5.00']]);
    expect(finding.volaCont).toBe('枸杞子单味使用不予支付，2026-03-10未与其他中药饮片组成复方使用，涉及金额5.00元');
  });

  it('pays it in a compound with another piece the same day, but not with a piece of another day', () => {
    expect(findingsOf(sut, 'GZ10000101004000', aClaim({ lines: [piece(C.wolfberry, 'T2'), astragalus] }))).toEqual([]);
    const otherDay = { ...astragalus, serviceDate: '2026-03-11' };
    expect(
      findingsOf(
        sut,
        'GZ10000101004000',
        aClaim({ ...inpatient, lines: [piece(C.wolfberry, 'T2', '2026-03-02'), { ...otherDay, serviceDate: '2026-03-03' }] }),
      ),
    ).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000101003000', aClaim({ lines: [piece(C.wolfberry, 'T2')] }))).toEqual([]);
  });
});

describe('GZ10000102002000 手术项目未按规定折价收费', () => {
  const op = (code: string, lineId: string, unitPrice: string, serviceDate = '2026-03-02') => aCatalogueLine(code, { lineId, unitPrice, serviceDate });
  const stayWith = (...lines: ReturnType<typeof op>[]) => aClaim({ ...inpatient, lines });

  it('fires for the cheaper operation charged in full beside the main one (level 3: 50 % of 1200.00)', () => {
    const [finding, ...rest] = findingsOf(sut, 'GZ10000102002000', stayWith(op(C.cholecystectomy, 'S1', '1800.00'), op(C.herniaRepair, 'S2', '1200.00')));
    expect(rest).toEqual([]);
    expect(linesOf(finding)).toEqual([
      ['S2', '1', '600.00'],
      ['S1', '2', '0.00'],
    ]);
    expect(finding.volaCont).toBe('腹股沟疝修补术与同日主要手术腹腔镜下胆囊切除术同时施行，应按50%收费（600.00元），实收单价1200.00元，多收600.00元');
  });

  it('does not fire at the discounted price, for a single operation, or on different days', () => {
    expect(findingsOf(sut, 'GZ10000102002000', stayWith(op(C.cholecystectomy, 'S1', '1800.00'), op(C.herniaRepair, 'S2', '600.00')))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000102002000', stayWith(op(C.cholecystectomy, 'S1', '1800.00')))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000102002000', stayWith(op(C.cholecystectomy, 'S1', '1800.00'), op(C.herniaRepair, 'S2', '1200.00', '2026-03-04')))).toEqual(
      [],
    );
  });

  it('treats the dearest operation as the main one whatever the order, and the first of two equal ones', () => {
    const [finding] = findingsOf(sut, 'GZ10000102002000', stayWith(op(C.herniaRepair, 'S2', '1200.00'), op(C.cholecystectomy, 'S1', '1800.00')));
    expect(finding.lines[0].lineId).toBe('S2');
    const equal = findingsOf(sut, 'GZ10000102002000', stayWith(op(C.cholecystectomy, 'S1', '1800.00'), op(C.cholecystectomy, 'S3', '1800.00')));
    expect(equal.map((f) => [f.lines[0].lineId, f.amount.toYuanString()])).toEqual([['S3', '900.00']]);
  });
});

describe('GZ10000102005000 医疗服务项目限新生儿使用 / GZ10000102006000 医疗服务项目限儿童使用 / GZ10000103002000 耗材限儿童使用', () => {
  const at = (birthDate: string, code: string) => aClaim({ patient: { birthDate }, lines: [aCatalogueLine(code, { lineId: 'C1', unitPrice: '30.00' })] });

  it('newborn-only service: fires on day 29 of life, not on day 28', () => {
    expect(findingsOf(sut, 'GZ10000102005000', at('2026-02-09', C.neonatalBilirubin))).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000102005000', at('2026-02-10', C.neonatalBilirubin))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000101006000', at('2026-01-01', C.neonatalBilirubin))).toEqual([]);
  });

  it('child-only service and consumable: fire from 18, not at 17', () => {
    const [finding] = findingsOf(sut, 'GZ10000102006000', at('2008-03-10', C.paediatricTuina));
    expect(finding.volaCont).toBe('小儿推拿治疗限儿童使用，患者年龄18岁（≥18岁），不予支付，涉及金额30.00元');
    expect(findingsOf(sut, 'GZ10000102006000', at('2008-03-11', C.paediatricTuina))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000103002000', at('1990-01-01', C.paediatricScalpNeedle))).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000103002000', at('2015-01-01', C.paediatricScalpNeedle))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000101007000', at('1990-01-01', C.paediatricScalpNeedle))).toEqual([]);
  });
});

describe('GZ10000102008000 医疗服务项目限科室使用', () => {
  const colposcopy = (department?: string) => aCatalogueLine(C.colposcopy, { lineId: 'K1', unitPrice: '120.00', ...(department ? { department } : {}) });
  const woman = { gender: '2' } as const;

  it("fires when the ordering department (the line's, else the visit's) is not one of the item's", () => {
    const [finding] = findingsOf(sut, 'GZ10000102008000', aClaim({ patient: woman, department: 'A05', lines: [colposcopy('A03')] }));
    expect(finding.volaCont).toBe('电子阴道镜检查限A05科室使用，开单科室为A03，涉及金额120.00元');
    expect(findingsOf(sut, 'GZ10000102008000', aClaim({ patient: woman, department: 'A03', lines: [colposcopy()] }))).toHaveLength(1);
  });

  it('does not fire for the allowed department, nor when no department is known', () => {
    expect(findingsOf(sut, 'GZ10000102008000', aClaim({ patient: woman, department: 'A03', lines: [colposcopy('A05')] }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000102008000', aClaim({ patient: woman, department: 'A05', lines: [colposcopy()] }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000102008000', aClaim({ patient: woman, lines: [colposcopy()] }))).toEqual([]);
  });
});

describe('GZ10000102015000 医疗服务项目超限定报销总额 / GZ10000103003000 耗材超限定报销总额', () => {
  const eswl = (lineId: string, serviceDate: string) => aCatalogueLine(C.lithotripsy, { lineId, unitPrice: '600.00', serviceDate });

  it('fires when the visit total of the item passes its cap; the excess is charged to the latest lines', () => {
    const claim = aClaim({ ...inpatient, lines: [eswl('E1', '2026-03-02'), eswl('E2', '2026-03-04'), eswl('E3', '2026-03-06')] });
    const [finding, ...rest] = findingsOf(sut, 'GZ10000102015000', claim);
    expect(rest).toEqual([]);
    expect(finding.amount.toYuanString()).toBe('300.00');
    expect(linesOf(finding)).toEqual([
      ['E1', '2', '0.00'],
      ['E2', '2', '0.00'],
      ['E3', '1', '300.00'],
    ]);
    expect(finding.volaCont).toBe('体外冲击波碎石本次就诊累计收费1800.00元（3条明细），超过限定报销总额1500.00元，超出300.00元');
  });

  it('does not fire at the cap', () => {
    const claim = aClaim({
      ...inpatient,
      lines: [eswl('E1', '2026-03-02'), aCatalogueLine(C.lithotripsy, { lineId: 'E2', unitPrice: '900.00', serviceDate: '2026-03-04' })],
    });
    expect(findingsOf(sut, 'GZ10000102015000', claim)).toEqual([]);
  });

  it('applies to consumables under their own code', () => {
    const stapler = aCatalogueLine(C.stapler, { lineId: 'S1', quantity: 2, unitPrice: '1600.00', serviceDate: '2026-03-02' });
    const [finding] = findingsOf(sut, 'GZ10000103003000', aClaim({ ...inpatient, lines: [stapler] }));
    expect(finding.amount.toYuanString()).toBe('200.00');
    expect(findingsOf(sut, 'GZ10000102015000', aClaim({ ...inpatient, lines: [stapler] }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000103003000', aClaim({ ...inpatient, lines: [{ ...stapler, quantity: 1 }] }))).toEqual([]);
  });
});
