import { catchDomainError } from '@mi/domain';
import { DEFAULT_RULES, DRUG_CHILD_ONLY } from '../default-rules';
import { nationalRule } from '../dsl/national-rules';
import { RuleDefinitionError, type RuleIssue } from '../dsl/rule-validator';
import { aCatalogueLine, aClaim } from '../testing/claim.builder';
import { aRuleDefinition } from '../testing/rule.builder';
import { SAMPLE_CODES as C, sampleKnowledgeBase } from '../testing/sample-knowledge.fixture';
import { compileRuleSet } from './compile';

const knowledge = sampleKnowledgeBase();

const rule = aRuleDefinition;

function compileIssues(definitions: readonly unknown[]): RuleIssue[] {
  try {
    compileRuleSet(definitions, { knowledge });
  } catch (error: unknown) {
    if (error instanceof RuleDefinitionError) return [...error.issues];
    throw error;
  }
  throw new Error('expected RuleDefinitionError');
}

describe('compileRuleSet', () => {
  it('compiles the default rules against the sample knowledge base', () => {
    const sut = compileRuleSet(DEFAULT_RULES, { knowledge });
    expect(sut.size).toBe(DEFAULT_RULES.length);
    // 49 of the 79 framework 1.0 rules and two local ones (README, docs and datagen state these counts)
    expect(DEFAULT_RULES).toHaveLength(51);
    expect(DEFAULT_RULES.filter((r) => nationalRule(r.id) !== undefined)).toHaveLength(49);
    expect(sut.knowledgeVersion).toBe('sample-2026.1');
    expect(sut.rule('GZ10000204001000')?.version).toBe(1);
  });

  it('throws RULES.INVALID listing every issue with its path and rule id', () => {
    const error = catchDomainError(() =>
      compileRuleSet([rule('A-RULE'), { ...rule('B-RULE'), condition: { field: 'line.nope' } }], { knowledge }),
    ) as RuleDefinitionError;
    expect(error.code).toBe('RULES.INVALID');
    expect(error.issues).toEqual([{ path: '$[1].condition.field', code: 'UNKNOWN_FIELD', message: expect.any(String), ruleId: 'B-RULE' }]);
    expect(error.details.errors).toBe(error.issues);
  });

  it('refuses duplicate ids', () => {
    expect(compileIssues([rule('A-RULE'), rule('A-RULE')])).toEqual([expect.objectContaining({ path: '$[1].id', code: 'DUPLICATE_ID' })]);
  });

  it('refuses code sets the knowledge snapshot does not have', () => {
    const found = compileIssues([
      rule('A-RULE', { target: { kind: 'line', itemSet: { table: 'codeSet', name: 'no-such-set' } } }),
      rule('B-RULE', { condition: { op: 'intersects', args: [{ field: 'claim.itemCodes' }, { codeSet: 'missing' }] } }),
    ]);
    expect(found.map((i) => `${i.path} ${i.code}`)).toEqual(['$[0].target.itemSet.name UNKNOWN_KNOWLEDGE', '$[1].condition.args[1].codeSet UNKNOWN_KNOWLEDGE']);
  });

  describe('rule references ({ use })', () => {
    it('refuses an unknown rule', () => {
      expect(compileIssues([rule('A-RULE', { condition: { use: 'GHOST' } })])).toEqual([
        expect.objectContaining({ path: '$[0].condition.use', code: 'UNKNOWN_RULE', ruleId: 'A-RULE' }),
      ]);
    });

    it('rejects a cycle at the reference that closes it', () => {
      const found = compileIssues([
        rule('A-RULE', { condition: { all: [{ use: 'B-RULE' }] } }),
        rule('B-RULE', { condition: { any: [{ use: 'C-RULE' }] } }),
        rule('C-RULE', { condition: { not: { use: 'A-RULE' } } }),
      ]);
      expect(found).toEqual([
        { path: '$[2].condition.not.use', code: 'RULE_CYCLE', message: 'rules use each other in a cycle: A-RULE → B-RULE → C-RULE → A-RULE', ruleId: 'C-RULE' },
      ]);
    });

    it('rejects a rule using itself', () => {
      expect(compileIssues([rule('A-RULE', { condition: { use: 'A-RULE' } })])).toEqual([expect.objectContaining({ code: 'RULE_CYCLE' })]);
    });

    it('refuses a claim rule using a line rule', () => {
      expect(compileIssues([DRUG_CHILD_ONLY, rule('A-RULE', { condition: { use: DRUG_CHILD_ONLY.id } })])).toEqual([
        expect.objectContaining({ path: '$[1].condition.use', code: 'RULE_INCOMPATIBLE' }),
      ]);
    });
  });

  describe('plan: a claim touches only the rules that can apply', () => {
    const sut = compileRuleSet(DEFAULT_RULES, { knowledge });

    it('selects line rules by item code and claim rules by scope', () => {
      const claim = aClaim({ lines: [aCatalogueLine(C.omeprazole, { lineId: 'L1' })] });
      expect(sut.plan(claim).map((p) => [p.rule.id, p.lineIndexes])).toEqual([
        ['GZ10000201003000', null],
        ['GZ10000201005000', null],
        ['GZ10000204002000', null],
        ['GZ10000202004000', null],
        ['GZ10000204006000', null],
        ['GZ10000204007000', null],
        ['MI-OUTPATIENT-DURING-STAY', null],
        ['GZ10000301006000', [0]],
      ]);
    });

    it('adds the rules of each item and scope', () => {
      const claim = aClaim({
        treatmentMode: '2',
        medType: '21',
        lines: [
          aCatalogueLine(C.omeprazole, { lineId: 'L1' }),
          aCatalogueLine(C.haemodialysis, { lineId: 'L2' }),
          aCatalogueLine(C.omeprazole, { lineId: 'L3' }),
        ],
      });
      const ids = sut.plan(claim).map((p) => p.rule.id);
      expect(ids).toEqual([
        'GZ10000102001000',
        'GZ10000201003000',
        'GZ10000201005000',
        'GZ10000201008000',
        'GZ10000204001000',
        'GZ10000204004000',
        'GZ10000204006000',
        'GZ10000204007000',
      ]);
      expect(sut.plan(claim).find((p) => p.rule.id === 'GZ10000201008000')?.lineIndexes).toEqual([0, 1, 2]);
    });

    it('filters by stage, insutype, med_type prefix, region, institution and trigger scene', () => {
      const scoped = compileRuleSet(
        [
          rule('S-STAGE', { stage: ['post'] }),
          rule('S-INSUTYPE', { scope: { insutypes: ['390'] } }),
          rule('S-MEDTYPE', { scope: { medTypes: ['14'] } }),
          rule('S-REGION', { scope: { regions: ['4301'] } }),
          rule('S-REGION-OTHER', { scope: { regions: ['4302'] } }),
          rule('S-LEVEL', { scope: { institutionLevels: [1, 2] } }),
          rule('S-TYPE', { scope: { institutionTypes: ['hospital'] } }),
          rule('S-SCENE', { scope: { triggerScenes: ['7'] } }),
        ],
        { knowledge },
      );
      const ids = (over: Parameters<typeof aClaim>[0]) =>
        scoped
          .plan(aClaim(over))
          .map((p) => p.rule.id)
          .sort();
      expect(ids({})).toEqual(['S-REGION', 'S-TYPE']);
      expect(ids({ stage: 'post', insutype: '390', medType: '140101', triggerScene: '7', institution: { level: 2 } })).toEqual(
        ['S-INSUTYPE', 'S-LEVEL', 'S-MEDTYPE', 'S-REGION', 'S-SCENE', 'S-STAGE', 'S-TYPE'].sort(),
      );
    });

    it('intersects item codes, item sets and list types', () => {
      const narrowed = compileRuleSet(
        [
          rule('T-BOTH', { target: { kind: 'line', itemCodes: [C.ceftriaxone, C.omeprazole], itemSet: { table: 'codeSet', name: 'high-cost-drugs' } } }),
          rule('T-LIST', { target: { kind: 'line', listTypes: ['201'] } }),
          rule('T-CODES-LIST', { target: { kind: 'line', itemCodes: [C.omeprazole, C.haemodialysis], listTypes: ['201'] } }),
        ],
        { knowledge },
      );
      const claim = aClaim({
        lines: [aCatalogueLine(C.omeprazole, { lineId: 'A' }), aCatalogueLine(C.haemodialysis, { lineId: 'B' }), aCatalogueLine(C.meropenem, { lineId: 'C' })],
      });
      expect(narrowed.plan(claim).map((p) => [p.rule.id, p.lineIndexes])).toEqual([
        ['T-LIST', [1]],
        ['T-CODES-LIST', [1]],
      ]);
    });
  });

  describe('historyWindow', () => {
    const sut = compileRuleSet(DEFAULT_RULES, { knowledge });

    it('covers the longest look-back of the applicable rules', () => {
      expect(sut.historyWindow(aClaim())).toEqual({ from: expect.anything(), to: expect.anything() });
      const window = sut.historyWindow(aClaim());
      expect(window?.from.toString()).toBe('2025-09-11'); // 180 days before 2026-03-10 (住院期间门诊)
      expect(window?.to.toString()).toBe('2026-03-10');
    });

    it('is null when no applicable rule reads history', () => {
      const noHistory = compileRuleSet([rule('A-RULE')], { knowledge });
      expect(noHistory.historyWindow(aClaim())).toBeNull();
    });

    it('follows line-level look-backs (二线用药: 30 days)', () => {
      const claim = aClaim({
        treatmentMode: '2',
        medType: '21',
        admissionDate: '2026-03-01',
        dischargeDate: '2026-03-20',
        lines: [aCatalogueLine(C.meropenem, { lineId: 'M', serviceDate: '2026-03-05' })],
      });
      // without 频繁住院 (180 days for every stay) the 30 days of the meropenem line are the longest
      const withoutFrequentAdmissions = compileRuleSet(
        DEFAULT_RULES.filter((r) => r.id !== 'GZ10000204004000'),
        { knowledge },
      );
      const window = withoutFrequentAdmissions.historyWindow(claim);
      expect(window?.from.toString()).toBe('2026-01-31');
      expect(window?.to.toString()).toBe('2026-03-01');
      expect(sut.historyWindow(claim)?.from.toString()).toBe('2025-09-03'); // 180 days ending 2026-03-01
    });

    it('loads the bound of a window sized per item (限支付疗程: maxWindowDays, not the item’s 30 days)', () => {
      const course = compileRuleSet(
        DEFAULT_RULES.filter((r) => r.id === 'GZ10000101010000'),
        { knowledge },
      );
      const window = course.historyWindow(aClaim({ lines: [aCatalogueLine(C.salvianolate, { lineId: 'S' })] }));
      expect(window?.from.toString()).toBe('2025-09-12'); // 180 days ending 2026-03-10
      expect(course.historyWindow(aClaim())).toBeNull();
    });
  });
});
