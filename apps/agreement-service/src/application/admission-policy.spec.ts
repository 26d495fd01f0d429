import { type ApplicantFacts } from '@mi/contracts';
import { LocalDate } from '@mi/domain';
import { addMonths } from '../agreement/agreement-policy';
import { admissionParameters, eligibilityFailures, evaluationPasses, type PastEvaluation, reapplicationBar } from './admission-policy';

const QUANZHOU_FACTS = { twentyFourHourService: true, insuredPersonsNearby: 300, priceOrQualityViolationInPastYear: false };

const today = LocalDate.parse('2026-03-02');
const LICENCES = ['drug-trade', 'business', 'gsp', 'practice'];
const systems = [
  'outpatient',
  'e-prescription',
  'purchase-sale-inventory',
  'video-surveillance',
  'identity-verification',
] as ApplicantFacts['informationSystems'];
const pharmacy = (over: Partial<ApplicantFacts> = {}): ApplicantFacts => ({
  openedOn: '2025-11-01',
  ownership: 'private',
  pharmacists: 2,
  salesFloorM2: 50,
  warehouseM2: 20,
  informationSystems: systems,
  ...over,
});

describe('admission policy', () => {
  it('admits a pharmacy exactly at the national minimums', () => {
    expect(eligibilityFailures('pharmacy', pharmacy({ openedOn: '2025-12-02' }), today, admissionParameters('350100'), LICENCES)).toEqual([]);
    expect(eligibilityFailures('pharmacy', pharmacy({ openedOn: '2025-12-03' }), today, admissionParameters('350100'), LICENCES).map((f) => f.rule)).toEqual([
      'AGR-02.open',
    ]);
  });

  it('applies a city’s own numbers (Quanzhou: a pharmacy open a year)', () => {
    expect(eligibilityFailures('pharmacy', pharmacy(QUANZHOU_FACTS), today, admissionParameters('350500'), LICENCES).map((f) => f.rule)).toEqual([
      'AGR-02.open',
    ]);
    expect(eligibilityFailures('pharmacy', pharmacy({ ...QUANZHOU_FACTS, openedOn: '2025-03-02' }), today, admissionParameters('350500'), LICENCES)).toEqual(
      [],
    );
  });

  describe('the 001_… 3rd-article pharmacy conditions, where the city adopts them (Quanzhou)', () => {
    const quanzhou = admissionParameters('350500');
    const rules = (over: Partial<ApplicantFacts>, p = quanzhou) =>
      eligibilityFailures('pharmacy', pharmacy({ ...QUANZHOU_FACTS, openedOn: '2025-01-01', ...over }), today, p, LICENCES).map((f) => f.rule);

    it('are not asked by the national defaults: a pharmacy declaring none of them is admitted in Fuzhou', () => {
      expect(eligibilityFailures('pharmacy', pharmacy({ openedOn: '2025-01-01' }), today, admissionParameters('350100'), LICENCES)).toEqual([]);
      expect(rules({ twentyFourHourService: false, insuredPersonsNearby: 0, priceOrQualityViolationInPastYear: true }, admissionParameters('350100'))).toEqual(
        [],
      );
    });

    it('needs 24-hour service, declared', () => {
      expect(rules({ twentyFourHourService: false })).toEqual(['PHARM-24H']);
      expect(rules({ twentyFourHourService: undefined })).toEqual(['PHARM-24H']);
    });

    it('needs at least 300 insured persons nearby, exactly 300 being enough', () => {
      expect(rules({ insuredPersonsNearby: 300 })).toEqual([]);
      expect(rules({ insuredPersonsNearby: 299 })).toEqual(['PHARM-INSURED-NEARBY']);
      const undeclared = eligibilityFailures(
        'pharmacy',
        pharmacy({ ...QUANZHOU_FACTS, openedOn: '2025-01-01', insuredPersonsNearby: undefined }),
        today,
        quanzhou,
        LICENCES,
      );
      expect(undeclared).toEqual([{ rule: 'PHARM-INSURED-NEARBY', reason: expect.stringContaining('must be declared') }]);
    });

    it('refuses a drug price or quality violation in the past year, and an undeclared one', () => {
      expect(rules({ priceOrQualityViolationInPastYear: true })).toEqual(['PHARM-PRICE-QUALITY']);
      expect(rules({ priceOrQualityViolationInPastYear: undefined })).toEqual(['PHARM-PRICE-QUALITY']);
    });

    it('keeps within the layout plan’s quota of the pharmacy’s area; an area the plan leaves out has none', () => {
      const planned = { ...quanzhou, pharmacyLayoutQuota: { '350502': 2 } };
      const at = (area: string, designatedInArea: number) =>
        eligibilityFailures('pharmacy', pharmacy({ ...QUANZHOU_FACTS, openedOn: '2025-01-01' }), today, planned, LICENCES, { area, designatedInArea }).map(
          (f) => f.rule,
        );
      expect(at('350502', 1)).toEqual([]);
      expect(at('350502', 2)).toEqual(['PHARM-LAYOUT-QUOTA']);
      expect(at('350503', 0)).toEqual(['PHARM-LAYOUT-QUOTA']);
      expect(eligibilityFailures('pharmacy', pharmacy({ ...QUANZHOU_FACTS, openedOn: '2025-01-01' }), today, planned, LICENCES).map((f) => f.rule)).toEqual([
        'PHARM-LAYOUT-QUOTA',
      ]);
      // Only pharmacies: a hospital in the same city is not counted against the plan.
      const hospital = { openedOn: '2020-01-01', ownership: 'public', informationSystems: systems, firstRegisteredPhysicians: 1 } as ApplicantFacts;
      expect(eligibilityFailures('hospital', hospital, today, planned, LICENCES)).toEqual([]);
    });

    it('lists every failed condition at once, each naming its rule', () => {
      expect(rules({ twentyFourHourService: false, insuredPersonsNearby: 12, priceOrQualityViolationInPastYear: true })).toEqual([
        'PHARM-24H',
        'PHARM-INSURED-NEARBY',
        'PHARM-PRICE-QUALITY',
      ]);
    });
  });

  it('needs an insurance department from 100 beds, and one first-registered physician', () => {
    const hospital = { openedOn: '2020-01-01', ownership: 'public', informationSystems: systems, firstRegisteredPhysicians: 1 } as ApplicantFacts;
    expect(eligibilityFailures('hospital', { ...hospital, beds: 99 }, today, admissionParameters('350100'), LICENCES)).toEqual([]);
    expect(eligibilityFailures('hospital', { ...hospital, beds: 100 }, today, admissionParameters('350100'), LICENCES).map((f) => f.rule)).toEqual([
      'AGR-01.3',
    ]);
    expect(
      eligibilityFailures('clinic', { ...hospital, firstRegisteredPhysicians: 0 }, today, admissionParameters('350100'), LICENCES).map((f) => f.rule),
    ).toEqual(['AGR-01.2']);
  });

  it('needs the licences of the type in force, any one of alternatives', () => {
    expect(eligibilityFailures('pharmacy', pharmacy({ openedOn: '2025-01-01' }), today, admissionParameters('350100'), ['business', 'practice'])).toEqual([
      expect.objectContaining({ rule: 'ADM-LICENCES', reason: expect.stringContaining('drug-trade, gsp') }),
    ]);
    const clinic = { openedOn: '2020-01-01', ownership: 'private', informationSystems: systems, firstRegisteredPhysicians: 1 } as ApplicantFacts;
    expect(eligibilityFailures('clinic', clinic, today, admissionParameters('350100'), ['tcm-clinic-filing'])).toEqual([]);
    expect(eligibilityFailures('clinic', clinic, today, admissionParameters('350100'), []).map((f) => f.rule)).toEqual(['ADM-LICENCES']);
  });

  it('passes an evaluation with two thirds in favour', () => {
    expect([evaluationPasses(2, 3), evaluationPasses(3, 5), evaluationPasses(4, 6), evaluationPasses(6, 9), evaluationPasses(5, 9)]).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
  });

  it('adds calendar months, clamping to the end of the month', () => {
    expect(addMonths(LocalDate.parse('2026-11-30'), 3).toString()).toBe('2027-02-28');
    expect(addMonths(LocalDate.parse('2027-12-31'), 2).toString()).toBe('2028-02-29');
    expect(addMonths(LocalDate.parse('2026-03-02'), 12).toString()).toBe('2027-03-02');
  });
});

describe('reapplicationBar (AGR-03)', () => {
  const fail = (day: string): PastEvaluation => ({ decidedOn: LocalDate.parse(day), passed: false });
  const pass = (day: string): PastEvaluation => ({ decidedOn: LocalDate.parse(day), passed: true });
  const on = (day: string) => LocalDate.parse(day);

  it('leaves an institution without a failed latest evaluation alone', () => {
    expect(reapplicationBar([], on('2027-01-01'))).toBeNull();
    expect(reapplicationBar([fail('2026-01-10'), pass('2026-06-01')], on('2026-06-02'))).toBeNull();
  });

  it('after one fail, refuses until 3 months of rectification have passed', () => {
    expect(reapplicationBar([fail('2027-01-17')], on('2027-04-16'))).toEqual({
      rule: 'AGR-03.rectify',
      reason: 'failed evaluation; re-evaluation after 3 months of rectification (from 2027-04-17)',
    });
    expect(reapplicationBar([fail('2027-01-17')], on('2027-04-17'))).toBeNull();
  });

  it('after a second fail in a row, refuses for a year from the second fail, however long ago the first was', () => {
    const twice = [fail('2027-05-10'), fail('2027-01-17')];
    expect(reapplicationBar(twice, on('2027-08-10'))?.rule).toBe('AGR-03.second-fail');
    expect(reapplicationBar(twice, on('2028-02-01'))?.rule).toBe('AGR-03.second-fail'); // the first fail is over a year old
    expect(reapplicationBar(twice, on('2028-05-09'))).toEqual({
      rule: 'AGR-03.second-fail',
      reason: 'failed evaluation twice in a row (the second on 2027-05-10); no new application before 2028-05-10',
    });
    expect(reapplicationBar(twice, on('2028-05-10'))).toBeNull();
  });

  it('does not count a fail before a pass: fail, pass, fail is one fail to rectify', () => {
    expect(reapplicationBar([fail('2026-01-10'), pass('2026-06-01'), fail('2027-03-01')], on('2027-06-01'))).toBeNull();
    expect(reapplicationBar([fail('2026-01-10'), pass('2026-06-01'), fail('2027-03-01')], on('2027-05-31'))?.rule).toBe('AGR-03.rectify');
  });
});
