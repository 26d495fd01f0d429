import { LocalDate, Money } from '@mi/domain';
import { Quantity } from '../claim/quantity';
import { compileRuleSet } from '../compiler/compile';
import { DRUG_CHILD_ONLY } from '../default-rules';
import type { Expr, RuleDefinition } from '../dsl/rule-definition';
import { InMemoryPatientHistory, type HistoryEncounter, type PatientHistory } from '../history/patient-history';
import { aCatalogueLine, aClaim } from '../testing/claim.builder';
import { linesOf } from '../testing/findings.testing';
import { SAMPLE_CODES as C, sampleKnowledgeBase } from '../testing/sample-knowledge.fixture';
import { evaluate } from './evaluate';

const knowledge = sampleKnowledgeBase();

function lineRule(condition: Expr, over: Partial<Record<keyof RuleDefinition, unknown>> = {}): RuleDefinition {
  return {
    id: 'TEST-LINE',
    version: 3,
    name: { zh: '测试', en: 'Test' },
    category: { tier1: '政策类', tier2: '药品政策限定类' },
    stage: ['pre', 'in', 'post'],
    target: { kind: 'line' },
    condition,
    severity: '2',
    behaviourType: '99',
    amount: { kind: 'target' },
    explanation: { volaCont: '{{line.name}}', volaEvid: '依据' },
    ...over,
  } as RuleDefinition;
}

function claimRule(condition: Expr, over: Partial<Record<keyof RuleDefinition, unknown>> = {}): RuleDefinition {
  return lineRule(condition, {
    id: 'TEST-CLAIM',
    target: { kind: 'claim' },
    amount: { kind: 'none' },
    explanation: { volaCont: '命中', volaEvid: '依据' },
    ...over,
  });
}

function run(rules: readonly RuleDefinition[], claim = aClaim(), history?: PatientHistory) {
  return evaluate(compileRuleSet(rules, { knowledge }), claim, history);
}

const f = (name: string): Expr => ({ field: name });
const omeprazole = aCatalogueLine(C.omeprazole, { lineId: 'L1', unitPrice: '25.80' });

describe('evaluate', () => {
  describe('three-valued logic: a rule fires only on a definite TRUE', () => {
    it('an unknown comparison does not fire, nor does its negation', () => {
      // omeprazole has no gender limit: item.gender is unknown
      expect(run([lineRule({ op: 'eq', args: [f('item.gender'), { const: '2' }] })])).toEqual([]);
      expect(run([lineRule({ not: { op: 'eq', args: [f('item.gender'), { const: '2' }] } })])).toEqual([]);
      expect(run([lineRule({ not: { op: 'exists', args: [f('item.gender')] } })])).toHaveLength(1);
    });

    it('any() is true with one true among unknowns; all() is false with one false among unknowns', () => {
      const unknown: Expr = { op: 'gt', args: [f('item.maxAge'), { const: 1 }] };
      expect(run([lineRule({ any: [unknown, { const: true }] })])).toHaveLength(1);
      expect(run([lineRule({ any: [unknown, { const: false }] })])).toEqual([]);
      expect(run([lineRule({ not: { all: [unknown, { const: false }] } })])).toHaveLength(1);
    });

    it('a line whose item is not in the catalogue has unknown item fields', () => {
      const unlisted = { ...omeprazole, hilistCode: 'XZ99ZZZ999Z999999' };
      expect(run([lineRule({ op: 'exists', args: [f('item.name')] })], aClaim({ lines: [unlisted] }))).toEqual([]);
    });

    it('division by zero is unknown, and coalesce() supplies defaults', () => {
      expect(run([lineRule({ op: 'gt', args: [{ op: 'div', args: [{ const: 1 }, { const: 0 }] }, { const: 0 }] })])).toEqual([]);
      const withDefault: Expr = { op: 'ge', args: [f('patient.age'), { op: 'coalesce', args: [f('item.maxAge'), { param: 'fallback' }] }] };
      expect(run([lineRule(withDefault, { params: { fallback: 45 } })])).toHaveLength(1);
      expect(run([lineRule(withDefault, { params: { fallback: 46 } })])).toEqual([]);
    });
  });

  describe('values', () => {
    it('computes exactly with decimals (0.1 + 0.2 = 0.3)', () => {
      const sum: Expr = { op: 'eq', args: [{ op: 'add', args: [{ const: 0.1 }, { const: 0.2 }] }, { const: 0.3 }] };
      expect(run([lineRule(sum)])).toHaveLength(1);
    });

    it('does date arithmetic in calendar days', () => {
      const claim = aClaim({ treatmentMode: '2', admissionDate: '2026-02-27', dischargeDate: '2026-03-02', lines: [omeprazole] });
      expect(run([lineRule({ op: 'eq', args: [f('claim.lengthOfStay'), { const: 3 }] })], claim)).toHaveLength(1);
      expect(
        run([lineRule({ op: 'eq', args: [{ op: 'daysBetween', args: [f('claim.admissionDate'), f('line.serviceDate')] }, { const: 11 }] })], claim),
      ).toHaveLength(1);
      expect(run([lineRule({ op: 'eq', args: [{ op: 'add', args: [f('claim.admissionDate'), { const: 2 }] }, { date: '2026-03-01' }] })], claim)).toHaveLength(
        1,
      );
    });

    it('orders money, min/max and if()', () => {
      const cheaper: Expr = { op: 'lt', args: [{ op: 'min', args: [f('line.amount'), { money: '30' }, { money: '99' }] }, { money: '25.81' }] };
      expect(run([lineRule(cheaper)])).toHaveLength(1);
      const label: Expr = {
        op: 'eq',
        args: [{ op: 'if', args: [{ op: 'gt', args: [f('line.amount'), { money: '20' }] }, { const: '贵' }, { const: '平' }] }, { const: '贵' }],
      };
      expect(run([lineRule(label)])).toHaveLength(1);
    });
  });

  describe('aggregates', () => {
    const claim = aClaim({
      mainDiagnosis: 'O80.001',
      diagnoses: ['N40.X00', 'I10.X00'],
      lines: [
        aCatalogueLine(C.omeprazole, { lineId: 'A', unitPrice: '10.00', quantity: 2 }),
        aCatalogueLine(C.rabeprazole, { lineId: 'B', unitPrice: '5.50' }),
        aCatalogueLine(C.haemodialysis, { lineId: 'C', unitPrice: '400.00' }),
      ],
    });

    it('count, sum and collect over lines and diagnoses', () => {
      const rules = [
        claimRule(
          { op: 'eq', args: [{ agg: 'count', over: 'lines', where: { op: 'eq', args: [f('each.listType'), { const: '101' }] } }, { const: 2 }] },
          { id: 'COUNT' },
        ),
        claimRule({ op: 'eq', args: [{ agg: 'sum', over: 'lines', of: f('each.amount') }, { money: '425.50' }] }, { id: 'SUM-MONEY' }),
        claimRule({ op: 'eq', args: [{ agg: 'sum', over: 'lines', of: f('each.quantity') }, { const: 4 }] }, { id: 'SUM-NUMBER' }),
        claimRule(
          {
            op: 'intersects',
            args: [{ agg: 'collect', over: 'diagnoses', of: f('dxRule.gender'), where: { op: 'exists', args: [f('dxRule.gender')] } }, { const: ['1'] }],
          },
          { id: 'COLLECT' },
        ),
        claimRule({ op: 'eq', args: [{ agg: 'count', over: 'diagnoses' }, { const: 4 }] }, { id: 'COUNT-WRONG' }),
      ];
      expect(run(rules, claim).map((x) => x.ruleId)).toEqual(['COUNT', 'SUM-MONEY', 'SUM-NUMBER', 'COLLECT']);
    });

    it('captures matched lines as facts, template values and involved lines', () => {
      const rule = claimRule(
        { agg: 'some', over: 'lines', as: 'drugs', where: { op: 'eq', args: [f('eachItem.drugClass'), { const: 'A02BC' }] } },
        { amount: { kind: 'none', involved: ['drugs'] }, explanation: { volaCont: '涉及{{capture.drugs}}', volaEvid: '{{claim.diagnosisCodes}}' } },
      );
      const [finding] = run([rule], claim);
      expect(finding.facts['capture.drugs']).toEqual(['奥美拉唑肠溶胶囊', '雷贝拉唑钠肠溶片']);
      expect(finding.volaCont).toBe('涉及奥美拉唑肠溶胶囊、雷贝拉唑钠肠溶片');
      expect(finding.volaEvid).toBe('O80.001、N40.X00、I10.X00');
      expect(linesOf(finding)).toEqual([
        ['A', '2', '0.00'],
        ['B', '2', '0.00'],
      ]);
    });
  });

  describe('amounts', () => {
    const money = (yuan: string): Expr => ({ money: yuan });

    it('clamps a computed amount to the target and never below zero', () => {
      const [over] = run([lineRule({ const: true }, { amount: { kind: 'expr', value: money('99.00') } })]);
      expect(linesOf(over)).toEqual([['L1', '1', '25.80']]);
      const [under] = run([lineRule({ const: true }, { amount: { kind: 'expr', value: { op: 'sub', args: [money('1'), money('5')] } } })]);
      expect(under.amount.isZero()).toBe(true);
      expect(linesOf(under)).toEqual([['L1', '2', '0.00']]);
    });

    it('marks an amount it cannot compute as unknown (vola_amt_stas 0)', () => {
      const [finding] = run([lineRule({ const: true }, { amount: { kind: 'expr', value: f('item.priceCap') } })]);
      expect(finding.amountStatus).toBe('unknown');
      expect(finding.facts.amount).toBeNull();
      expect(linesOf(finding)).toEqual([['L1', '2', '0.00']]);
    });

    it('charges a claim-level amount to the latest lines first', () => {
      const claim = aClaim({
        lines: [
          aCatalogueLine(C.omeprazole, { lineId: 'A', unitPrice: '10.00', serviceDate: '2026-03-12' }),
          aCatalogueLine(C.omeprazole, { lineId: 'B', unitPrice: '10.00', serviceDate: '2026-03-10' }),
          aCatalogueLine(C.omeprazole, { lineId: 'C', unitPrice: '10.00', serviceDate: '2026-03-11' }),
        ],
      });
      const [finding] = run([claimRule({ const: true }, { amount: { kind: 'expr', value: money('15.00') } })], claim);
      expect(linesOf(finding)).toEqual([
        ['A', '1', '10.00'],
        ['B', '2', '0.00'],
        ['C', '1', '5.00'],
      ]);
      expect(finding.amount.toYuanString()).toBe('15.00');
    });

    it("lists a 'none' line rule's target as involved, at zero", () => {
      const [finding] = run([lineRule({ const: true }, { amount: { kind: 'none' } })]);
      expect(linesOf(finding)).toEqual([['L1', '2', '0.00']]);
    });
  });

  describe('findings', () => {
    it('carry rule identity, severity, facts and rendered texts', () => {
      const rule = lineRule(
        { op: 'gt', args: [f('line.amount'), { param: 'floor' }] },
        {
          nationalRuleId: 'GZ10000101008000',
          params: { floor: { money: '20' } },
          let: { twice: { op: 'mul', rounding: 'HALF_UP', args: [f('line.amount'), { const: 2 }] } },
          explanation: {
            volaCont: '{{line.name}}：{{line.amount}}元 > {{param.floor}}元（两倍{{let.twice}}）',
            volaEvid: '{{patient.gender}} {{line.serviceDate}}',
          },
        },
      );
      const [finding] = run([rule]);
      expect(finding).toMatchObject({
        ruleId: 'TEST-LINE',
        ruleVersion: 3,
        ruleName: '测试',
        nationalRuleId: 'GZ10000101008000',
        severity: '2',
        behaviourType: '99',
        claimId: 'MDTRT-0001',
        amountStatus: 'computed',
        volaCont: '奥美拉唑肠溶胶囊：25.80元 > 20.00元（两倍51.60）',
        volaEvid: '1 2026-03-10',
      });
      expect(finding.facts).toEqual({
        'line.amount': '25.80',
        'line.name': '奥美拉唑肠溶胶囊',
        'patient.gender': '1',
        'line.serviceDate': '2026-03-10',
        'param.floor': '20.00',
        'let.twice': '51.60',
        amount: '25.80',
      });
      expect(Object.isFrozen(finding.facts)).toBe(true);
    });

    it('come out in rule order, then line order, deterministically', () => {
      const claim = aClaim({ lines: [aCatalogueLine(C.omeprazole, { lineId: 'X' }), aCatalogueLine(C.rabeprazole, { lineId: 'Y' })] });
      const rules = [lineRule({ const: true }, { id: 'SECOND' }), lineRule({ const: true }, { id: 'FIRST' })];
      const first = run(rules, claim);
      expect(first.map((x) => `${x.ruleId}:${x.lines[0].lineId}`)).toEqual(['SECOND:X', 'SECOND:Y', 'FIRST:X', 'FIRST:Y']);
      expect(run(rules, claim)).toEqual(first);
    });

    it('group facts add up the group', () => {
      const claim = aClaim({
        lines: [
          aCatalogueLine(C.omeprazole, { lineId: 'A', quantity: 1.5, days: 7 }),
          aCatalogueLine(C.omeprazole, { lineId: 'B', quantity: 2, days: 14 }),
          aCatalogueLine(C.rabeprazole, { lineId: 'C', quantity: 1 }),
        ],
      });
      const rule = lineRule({ op: 'gt', args: [f('group.lineCount'), { const: 1 }] }, { target: { kind: 'line', groupBy: ['hilistCode'] } });
      const [finding, ...rest] = run(
        [{ ...rule, explanation: { volaCont: '{{group.quantity}}/{{group.days}}/{{group.amount}}', volaEvid: 'x' } } as RuleDefinition],
        claim,
      );
      expect(rest).toEqual([]);
      expect(finding.volaCont).toBe('3.5/21/90.30');
    });
  });

  describe('rule references', () => {
    it('evaluates a used rule with its own params on the same line', () => {
      const city = lineRule(
        { all: [{ use: DRUG_CHILD_ONLY.id }, { op: 'gt', args: [f('line.amount'), { money: '10' }] }] },
        { id: '430100-CHILD-EXPENSIVE', target: { kind: 'line', itemCodes: [C.paediatricColdGranules] } },
      );
      const line = (unitPrice: string) => aCatalogueLine(C.paediatricColdGranules, { lineId: 'K', unitPrice });
      const findings = (unitPrice: string) =>
        run([DRUG_CHILD_ONLY, city], aClaim({ lines: [line(unitPrice)] }))
          .map((x) => x.ruleId)
          .sort();
      expect(findings('18.00')).toEqual(['430100-CHILD-EXPENSIVE', 'GZ10000101007000']);
      expect(findings('8.00')).toEqual(['GZ10000101007000']);
      expect(run([DRUG_CHILD_ONLY, city], aClaim({ patient: { birthDate: '2020-01-01' }, lines: [line('18.00')] }))).toEqual([]);
    });
  });

  describe('history', () => {
    const d = (text: string) => LocalDate.parse(text);
    const encounter = (claimId: string, date: string, over: Partial<HistoryEncounter> = {}): HistoryEncounter => ({
      claimId,
      psnNo: 'PSN-0001',
      institutionCode: 'H43010200001',
      treatmentMode: '1',
      medType: '11',
      admissionDate: d(date),
      ...over,
    });

    it('counts visits in a calendar month, including this claim unless told not to', () => {
      const history = InMemoryPatientHistory.fromEncounters([encounter('V1', '2026-03-01'), encounter('V2', '2026-03-31'), encounter('V3', '2026-04-01')]);
      const count = (includeCurrent: boolean): Expr => ({ history: 'visitCount', window: { unit: 'calendarMonth' }, includeCurrent });
      expect(run([claimRule({ op: 'eq', args: [count(true), { const: 3 }] })], aClaim(), history)).toHaveLength(1);
      expect(run([claimRule({ op: 'eq', args: [count(false), { const: 2 }] })], aClaim(), history)).toHaveLength(1);
    });

    it('adds up item quantities, optionally at the same institution only', () => {
      const line = (quantity: number) => ({ hilistCode: C.omeprazole, quantity: Quantity.of(quantity), amount: Money.ZERO, serviceDate: d('2026-03-01') });
      const history = InMemoryPatientHistory.fromEncounters([
        encounter('V1', '2026-03-01', { lines: [line(2)] }),
        encounter('V2', '2026-03-01', { institutionCode: 'H43010200999', lines: [line(5)] }),
      ]);
      const quantity = (sameInstitution: boolean): Expr => ({
        history: 'itemQuantity',
        window: { unit: 'days', size: 30 },
        items: { const: [C.omeprazole] },
        filter: { sameInstitution },
      });
      expect(run([claimRule({ op: 'eq', args: [quantity(false), { const: 8 }] })], aClaim(), history)).toHaveLength(1);
      expect(run([claimRule({ op: 'eq', args: [quantity(true), { const: 3 }] })], aClaim(), history)).toHaveLength(1);
    });

    it('ignores other patients and the claim under review', () => {
      const history = InMemoryPatientHistory.fromEncounters([encounter('MDTRT-0001', '2026-03-10'), encounter('V9', '2026-03-09', { psnNo: 'PSN-OTHER' })]);
      const visits: Expr = { history: 'visitCount', window: { unit: 'days', size: 7 } };
      expect(run([claimRule({ op: 'eq', args: [visits, { const: 1 }] })], aClaim(), history)).toHaveLength(1);
    });
  });
});
