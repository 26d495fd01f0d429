import { LocalDate, Money } from '@mi/domain';
import { Quantity } from '../claim/quantity';
import { compileRuleSet } from '../compiler/compile';
import { compileDefaultRules } from '../default-rules';
import { Rational } from '../dsl/rational';
import type { RuleDefinition } from '../dsl/rule-definition';
import { renderTemplate } from '../dsl/template';
import { InMemoryPatientHistory, type HistoryEncounter, type PatientHistory } from '../history/patient-history';
import { aCatalogueLine, aClaim } from '../testing/claim.builder';
import { SAMPLE_CODES as C, sampleKnowledgeBase } from '../testing/sample-knowledge.fixture';
import { evaluate } from './evaluate';
import { renderFact, yuan } from './finding-shape';
import { aRuleDefinition } from '../testing/rule.builder';

// The evaluator's shortcuts (precomputed plan index, shared scope decisions, reused buffers,
// compiled templates, number formatting) must give exactly what the plain algorithms give.

const knowledge = sampleKnowledgeBase();
const d = (text: string) => LocalDate.parse(text);

/** Line-level, severity 1, the target's amount: what the fast paths are about. */
const rule = (id: string, over: Partial<Record<keyof RuleDefinition, unknown>> = {}): RuleDefinition =>
  aRuleDefinition(id, { target: { kind: 'line' }, severity: '1', amount: { kind: 'target' }, ...over });

function busyClaim(claimId = 'MDTRT-0001') {
  return aClaim({
    claimId,
    treatmentMode: '2',
    medType: '21',
    admissionDate: '2026-03-08',
    dischargeDate: '2026-03-12',
    mainDiagnosis: 'O80.001',
    diagnoses: ['N40.X00', 'P07.100'],
    patient: { gender: '1', birthDate: '2026-02-01' },
    institution: { level: 1 },
    lines: [
      aCatalogueLine(C.omeprazole, { lineId: 'A', quantity: 2, days: 7, serviceDate: '2026-03-09' }),
      aCatalogueLine(C.rabeprazole, { lineId: 'B', quantity: 1, serviceDate: '2026-03-09' }),
      aCatalogueLine(C.liverPanel, { lineId: 'C', serviceDate: '2026-03-10' }),
      aCatalogueLine(C.alt, { lineId: 'D', serviceDate: '2026-03-10' }),
      aCatalogueLine(C.progesterone, { lineId: 'E', quantity: 30, serviceDate: '2026-03-13' }),
      aCatalogueLine(C.surfactant, { lineId: 'F', unitPrice: '999.00' }),
      aCatalogueLine(C.haemodialysis, { lineId: 'G', unitPrice: '999.00', quantity: 3 }),
      aCatalogueLine(C.paediatricColdGranules, { lineId: 'H' }),
      aCatalogueLine(C.meropenem, { lineId: 'I', serviceDate: '2026-03-07' }),
    ],
  });
}

const encounter = (claimId: string, date: string, over: Partial<HistoryEncounter> = {}): HistoryEncounter => ({
  claimId,
  psnNo: 'PSN-0001',
  institutionCode: 'H43010200001',
  treatmentMode: '2',
  medType: '21',
  admissionDate: d(date),
  ...over,
});

describe('evaluator fast paths', () => {
  const defaults = compileDefaultRules(knowledge);

  it('renders every text as the template with the finding facts', () => {
    const history = InMemoryPatientHistory.fromEncounters([encounter('V1', '2026-02-20', { dischargeDate: d('2026-03-01') })]);
    const findings = evaluate(defaults, busyClaim(), history);
    expect(findings.length).toBeGreaterThan(5);
    for (const finding of findings) {
      const templates = defaults.rule(finding.ruleId)?.templates;
      if (!templates) throw new Error(`no rule ${finding.ruleId}`);
      const lookup = (name: string) => renderFact(finding.facts[name]);
      expect(finding.volaCont).toBe(renderTemplate(templates.volaCont, lookup));
      expect(finding.volaEvid).toBe(renderTemplate(templates.volaEvid, lookup));
      expect(Object.isFrozen(finding.facts)).toBe(true);
    }
  });

  it('folds params into the text and renders a capture that was not made as —', () => {
    const set = compileRuleSet(
      [
        rule('T-TEXT', {
          params: { cap: { money: '12.5' }, codes: ['X', 'Y'], flag: true },
          condition: { any: [{ const: true }, { agg: 'some', over: 'lines', as: 'never', where: { const: true } }] },
          explanation: { volaCont: '{{param.cap}}/{{param.codes}}/{{param.flag}}/{{capture.never}}/{{amount}}/{{line.quantity}}', volaEvid: '{{line.amount}}' },
        }),
      ],
      { knowledge },
    );
    const [finding] = evaluate(set, aClaim({ lines: [aCatalogueLine(C.omeprazole, { lineId: 'L1', quantity: 2.5, unitPrice: '0.05' })] }));
    expect(finding.volaCont).toBe('12.50/X、Y/是/—/0.13/2.5');
    expect(finding.volaEvid).toBe('0.13');
    expect(finding.facts).toEqual({
      'line.quantity': 2.5,
      'line.amount': '0.13',
      'param.cap': '12.50',
      'param.codes': ['X', 'Y'],
      'param.flag': true,
      amount: '0.13',
    });
    // list facts are the finding's own
    const [again] = evaluate(set, aClaim({ lines: [aCatalogueLine(C.omeprazole, { lineId: 'L1', quantity: 2.5, unitPrice: '0.05' })] }));
    expect(again.facts['param.codes']).not.toBe(finding.facts['param.codes']);
  });

  it('decides a scope shared by rules of different stages per stage', () => {
    const scope = { institutionLevels: [3] };
    const set = compileRuleSet(
      [
        rule('S-PRE', { stage: ['pre'], scope }),
        rule('S-POST', { stage: ['post'], scope }),
        rule('S-ANY', { scope }),
        rule('S-OTHER', { scope: { institutionLevels: [1] } }),
      ],
      { knowledge },
    );
    const ids = (stage: 'pre' | 'in' | 'post', level: 1 | 3) => set.plan(aClaim({ stage, institution: { level } })).map((p) => p.rule.id);
    expect(ids('pre', 3)).toEqual(['S-PRE', 'S-ANY']);
    expect(ids('post', 3)).toEqual(['S-POST', 'S-ANY']);
    expect(ids('in', 3)).toEqual(['S-ANY']);
    expect(ids('in', 1)).toEqual(['S-OTHER']);
  });

  it('hands out plans that later claims do not change', () => {
    const first = defaults.plan(busyClaim());
    const copy = first.map((p) => [p.rule.id, p.lineIndexes && [...p.lineIndexes]]);
    defaults.plan(aClaim());
    evaluate(defaults, aClaim({ lines: [aCatalogueLine(C.omeprazole, { lineId: 'Z' })] }));
    expect(first.map((p) => [p.rule.id, p.lineIndexes])).toEqual(copy);
  });

  it('gives the same findings when the history evaluates another claim on the same rule set meanwhile', () => {
    const stored = InMemoryPatientHistory.fromEncounters([encounter('V1', '2026-02-20', { dischargeDate: d('2026-03-01') })]);
    let nested = 0;
    const reentrant: PatientHistory = {
      countVisits: (...args) => stored.countVisits(...args),
      linesOf: (...args) => stored.linesOf(...args),
      inpatientStays: (...args) => {
        if (nested++ < 3) expect(evaluate(defaults, busyClaim('NESTED'), stored).length).toBeGreaterThan(0);
        return stored.inpatientStays(...args);
      },
    };
    const plain = evaluate(defaults, busyClaim(), stored);
    expect(evaluate(defaults, busyClaim(), reentrant)).toEqual(plain);
    expect(nested).toBeGreaterThan(0);
    expect(evaluate(defaults, busyClaim(), stored)).toEqual(plain);
  });

  it('keeps the plan buffers usable after a rule throws', () => {
    const throwing: PatientHistory = {
      countVisits: () => {
        throw new Error('history down');
      },
      linesOf: () => [],
      inpatientStays: () => [],
    };
    const outpatient = aClaim({ stage: 'post' });
    expect(() => evaluate(defaults, outpatient, throwing)).toThrow('history down');
    expect(evaluate(defaults, outpatient)).toEqual(evaluate(compileDefaultRules(knowledge), outpatient));
  });

  it('formats money as Money.toYuanString does', () => {
    const fen = [0, 1, 5, 9, 10, 99, 100, 101, 1234, 123456789, Number.MAX_SAFE_INTEGER];
    for (const n of fen) {
      for (const money of [Money.fromFen(n), Money.fromFen(-n)]) expect(yuan(money)).toBe(money.toYuanString());
    }
    const huge = Money.fromFen(BigInt(Number.MAX_SAFE_INTEGER) + 7n);
    expect(yuan(huge)).toBe(huge.toYuanString());
  });

  it('converts rationals to numbers as the six-decimal text does', () => {
    const cases: [bigint, bigint][] = [
      [0n, 1n],
      [5n, 2n],
      [-5n, 2n],
      [1n, 3n],
      [-2n, 3n],
      [7n, 8n],
      [123457n, 1000000n],
      [1n, 3125n],
      [1n, 1024n],
      [10n ** 20n, 1n],
      [-(10n ** 20n) - 1n, 4n],
    ];
    for (const [n, den] of cases) {
      const r = Rational.of(n, den);
      expect(r.toNumber()).toBe(Number(r.toDecimalString(6)));
    }
  });

  it('builds quantities and small integers as the general constructors do', () => {
    for (const h of [0, 1, 25, 50, 100, 150, 250, 333, 1000, -250, 999999]) {
      expect(Quantity.fromHundredths(h).toRational()).toEqual(Rational.of(BigInt(h), 100n));
    }
    for (const v of [0, 1, 17, 255, 256, 1000, -3]) expect(Rational.fromInteger(v)).toEqual(Rational.of(BigInt(v)));
    expect(Rational.fromInteger(18)).toBe(Rational.fromInteger(18));
  });
});
