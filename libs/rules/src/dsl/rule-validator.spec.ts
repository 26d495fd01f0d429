import { DEFAULT_RULES } from '../default-rules';
import type { RuleIssue, RuleIssueCode } from './rule-validator';
import { validateRule } from './rule-validator';

type Json = Record<string, unknown>;

/** A valid city line rule; tests override one part at a time. */
function aRule(over: Json = {}): Json {
  return {
    id: '430100-TEST-001',
    version: 1,
    name: { zh: '测试规则', en: 'Test rule' },
    category: { tier1: '政策类', tier2: '药品政策限定类' },
    stage: ['in'],
    target: { kind: 'line', listTypes: ['101'] },
    condition: { op: 'gt', args: [{ field: 'line.amount' }, { money: '100.00' }] },
    severity: '2',
    behaviourType: '99',
    amount: { kind: 'target' },
    explanation: { volaCont: '{{line.name}}金额{{line.amount}}元', volaEvid: '测试依据' },
    ...over,
  };
}

function issues(rule: unknown): RuleIssue[] {
  const result = validateRule(rule);
  return result.ok ? [] : [...result.errors];
}

function expectIssue(rule: unknown, path: string, code: RuleIssueCode, message?: string | RegExp): void {
  const found = issues(rule);
  const match = found.find((i) => i.path === path && i.code === code);
  if (!match) throw new Error(`expected ${code} at ${path}, got ${JSON.stringify(found, null, 1)}`);
  if (message !== undefined) expect(match.message).toMatch(message);
}

describe('validateRule', () => {
  it('accepts a valid rule and returns it', () => {
    const rule = aRule();
    const result = validateRule(rule);
    expect(result).toEqual({ ok: true, rule });
  });

  it.each(DEFAULT_RULES.map((r) => [r.id, r] as const))('accepts the default rule %s', (_id, rule) => {
    expect(issues(rule)).toEqual([]);
  });

  it('refuses a non-object', () => {
    expectIssue('rule', '$', 'INVALID');
  });

  it('reports every problem at once, each with its path', () => {
    const found = issues(aRule({ version: 0, severity: '4', stage: [], conditon: {} }));
    expect(found.map((i) => `${i.path} ${i.code}`)).toEqual(
      expect.arrayContaining(['$.conditon UNKNOWN_KEY', '$.version INVALID', '$.severity INVALID', '$.stage INVALID']),
    );
  });

  describe('identity and category', () => {
    it('refuses a national-shaped id that is not in framework 1.0', () => {
      expectIssue(aRule({ id: 'GZ10000101099000' }), '$.id', 'NATIONAL_CODE', /not in framework 1.0/);
    });

    it('refuses a national rule filed under another category', () => {
      expectIssue(aRule({ id: 'GZ10000204001000' }), '$.category', 'NATIONAL_CODE', /管理类\/行为主体监管类/);
    });

    it('refuses an unknown nationalRuleId and a tier2 outside its tier1', () => {
      expectIssue(aRule({ nationalRuleId: 'GZ10000999001000' }), '$.nationalRuleId', 'NATIONAL_CODE');
      expectIssue(aRule({ category: { tier1: '政策类', tier2: '药品合理使用类' } }), '$.category.tier2', 'INVALID');
      expectIssue(aRule({ id: 'bad id' }), '$.id', 'INVALID');
    });

    it('validates the scope codes', () => {
      const rule = aRule({ scope: { insutypes: ['320'], medTypes: ['2101'], regions: ['4301x'], institutionLevels: [4], triggerScenes: ['11'] } });
      for (const path of ['$.scope.insutypes[0]', '$.scope.medTypes[0]', '$.scope.regions[0]', '$.scope.institutionLevels[0]', '$.scope.triggerScenes[0]']) {
        expectIssue(rule, path, 'INVALID');
      }
    });
  });

  describe('fields', () => {
    it('refuses an unknown field, naming its path', () => {
      const rule = aRule({ condition: { all: [{ op: 'gt', args: [{ field: 'line.amout' }, { money: '1' }] }] } });
      expectIssue(rule, '$.condition.all[0].args[0].field', 'UNKNOWN_FIELD', /line.amout/);
    });

    it('refuses line fields in a claim rule', () => {
      expectIssue(aRule({ target: { kind: 'claim' } }), '$.condition.args[0].field', 'FIELD_NOT_AVAILABLE', /line rules/);
    });

    it('refuses loop variables outside their aggregate and group fields without groupBy', () => {
      expectIssue(aRule({ condition: { op: 'eq', args: [{ field: 'each.hilistCode' }, { const: 'X' }] } }), '$.condition.args[0].field', 'FIELD_NOT_AVAILABLE');
      expectIssue(
        aRule({ condition: { op: 'gt', args: [{ field: 'group.quantity' }, { const: 2 }] } }),
        '$.condition.args[0].field',
        'FIELD_NOT_AVAILABLE',
        /groupBy/,
      );
      expect(
        issues(aRule({ target: { kind: 'line', groupBy: ['hilistCode'] }, condition: { op: 'gt', args: [{ field: 'group.quantity' }, { const: 2 }] } })),
      ).toEqual([]);
    });
  });

  describe('types', () => {
    it('refuses comparing money with a string', () => {
      const rule = aRule({ condition: { op: 'gt', args: [{ field: 'line.amount' }, { const: '100' }] } });
      expectIssue(rule, '$.condition', 'TYPE_MISMATCH', /gt cannot take \(money, string\)/);
    });

    it('refuses a condition that is not boolean', () => {
      expectIssue(aRule({ condition: { field: 'line.amount' } }), '$.condition', 'TYPE_MISMATCH', /must be boolean, is money/);
      expectIssue(aRule({ condition: { all: [{ const: true }, { field: 'line.name' }] } }), '$.condition.all[1]', 'TYPE_MISMATCH');
    });

    it('requires the rounding rule when money is multiplied or divided by a number', () => {
      const times = { op: 'mul', args: [{ field: 'line.unitPrice' }, { field: 'line.quantity' }] };
      expectIssue(aRule({ amount: { kind: 'expr', value: times } }), '$.amount.value', 'REQUIRED', /rounding/);
      expect(issues(aRule({ amount: { kind: 'expr', value: { ...times, rounding: 'HALF_UP' } } }))).toEqual([]);
      expectIssue(
        aRule({ condition: { op: 'gt', args: [{ op: 'mul', rounding: 'UP', args: [{ const: 1 }, { const: 2 }] }, { const: 1 }] } }),
        '$.condition.args[0].rounding',
        'INVALID',
      );
    });

    it('types the amount expression and operator arity', () => {
      expectIssue(aRule({ amount: { kind: 'expr', value: { field: 'line.quantity' } } }), '$.amount.value', 'TYPE_MISMATCH', /must be money/);
      expectIssue(aRule({ condition: { op: 'eq', args: [{ const: 1 }, { const: 1 }, { const: 1 }] } }), '$.condition.args', 'INVALID', /2 operand/);
      expectIssue(aRule({ condition: { op: 'like', args: [] } }), '$.condition.op', 'INVALID');
    });

    it('refuses ambiguous and unknown expressions, and object constants', () => {
      expectIssue(aRule({ condition: { field: 'line.amount', const: 1 } }), '$.condition', 'INVALID', /ambiguous/);
      expectIssue(aRule({ condition: { nope: 1 } }), '$.condition', 'INVALID', /unknown expression/);
      expectIssue(aRule({ condition: { op: 'eq', args: [{ const: { a: 1 } }, { const: 1 }] } }), '$.condition.args[0].const', 'INVALID');
      expectIssue(aRule({ condition: { op: 'gt', args: [{ const: 1e21 }, { const: 1 }] } }), '$.condition.args[0].const', 'INVALID');
      expectIssue(aRule({ condition: { op: 'gt', args: [{ field: 'line.serviceDate' }, { date: '2026-02-30' }] } }), '$.condition.args[1].date', 'INVALID');
    });
  });

  describe('params and let', () => {
    it('types params and refuses unknown ones', () => {
      expect(issues(aRule({ params: { cap: { money: '100' } }, condition: { op: 'gt', args: [{ field: 'line.amount' }, { param: 'cap' }] } }))).toEqual([]);
      expectIssue(
        aRule({ params: { cap: '100' }, condition: { op: 'gt', args: [{ field: 'line.amount' }, { param: 'cap' }] } }),
        '$.condition',
        'TYPE_MISMATCH',
      );
      expectIssue(aRule({ condition: { op: 'gt', args: [{ field: 'line.amount' }, { param: 'cap' }] } }), '$.condition.args[1].param', 'UNKNOWN_PARAM');
    });

    it('resolves let bindings and their types', () => {
      const rule = aRule({
        let: { doubled: { op: 'mul', rounding: 'HALF_UP', args: [{ field: 'line.amount' }, { const: 2 }] } },
        condition: { op: 'gt', args: [{ ref: 'doubled' }, { money: '1' }] },
      });
      expect(issues(rule)).toEqual([]);
      expectIssue(aRule({ condition: { op: 'gt', args: [{ ref: 'nope' }, { money: '1' }] } }), '$.condition.args[0].ref', 'UNKNOWN_REF');
    });

    it('rejects a cycle between let bindings at the reference that closes it', () => {
      const rule = aRule({
        let: { a: { op: 'add', args: [{ ref: 'b' }, { const: 1 }] }, b: { ref: 'a' } },
        condition: { op: 'gt', args: [{ ref: 'a' }, { const: 1 }] },
      });
      expectIssue(rule, '$.let.b.ref', 'REF_CYCLE', /a → b → a/);
      expectIssue(aRule({ let: { self: { ref: 'self' } } }), '$.let.self.ref', 'REF_CYCLE');
    });
  });

  describe('targets and knowledge references', () => {
    it('refuses an unknown knowledge table or catalogue attribute', () => {
      expectIssue(aRule({ target: { kind: 'line', itemSet: { table: 'drugs', with: 'gender' } } }), '$.target.itemSet.table', 'UNKNOWN_KNOWLEDGE');
      expectIssue(aRule({ target: { kind: 'line', itemSet: { table: 'catalogue', with: 'colour' } } }), '$.target.itemSet.with', 'UNKNOWN_KNOWLEDGE');
      expectIssue(aRule({ target: { kind: 'item' } }), '$.target.kind', 'INVALID');
      expectIssue(aRule({ target: { kind: 'line', groupBy: ['department'] } }), '$.target.groupBy[0]', 'INVALID');
    });
  });

  describe('aggregates', () => {
    const lines = (agg: Json): Json => aRule({ condition: agg });

    it('checks each aggregate form', () => {
      expectIssue(lines({ agg: 'some', over: 'lines' }), '$.condition.where', 'REQUIRED');
      expectIssue(
        lines({ op: 'gt', args: [{ agg: 'sum', over: 'lines', of: { field: 'each.name' } }, { const: 1 }] }),
        '$.condition.args[0].of',
        'TYPE_MISMATCH',
      );
      expectIssue(
        lines({ op: 'in', args: [{ const: 'A' }, { agg: 'collect', over: 'diagnoses', of: { field: 'dx.seq' } }] }),
        '$.condition.args[1].of',
        'TYPE_MISMATCH',
      );
      expectIssue(lines({ agg: 'some', over: 'orders', where: { const: true } }), '$.condition.over', 'INVALID');
      expectIssue(
        lines({ agg: 'some', over: 'lines', where: { agg: 'some', over: 'lines', where: { const: true } } }),
        '$.condition.where.over',
        'INVALID',
        /nesting/,
      );
    });

    it('binds each.* and eachItem.* inside lines, dx.* and dxRule.* inside diagnoses', () => {
      expect(issues(lines({ agg: 'some', over: 'lines', where: { op: 'eq', args: [{ field: 'eachItem.drugClass' }, { field: 'item.drugClass' }] } }))).toEqual(
        [],
      );
      expectIssue(
        lines({ agg: 'some', over: 'lines', where: { op: 'eq', args: [{ field: 'dx.code' }, { const: 'A' }] } }),
        '$.condition.where.args[0].field',
        'FIELD_NOT_AVAILABLE',
      );
    });

    it('binds oprn.* and oprnRule.* inside operations, and nowhere else', () => {
      const mismatch = { op: 'ne', args: [{ field: 'oprnRule.gender' }, { field: 'patient.gender' }] };
      expect(issues(lines({ agg: 'some', over: 'operations', where: mismatch }))).toEqual([]);
      expectIssue(lines(mismatch), '$.condition.args[0].field', 'FIELD_NOT_AVAILABLE', /operations/);
      expectIssue(
        lines({ agg: 'some', over: 'operations', where: { op: 'eq', args: [{ field: 'oprn.colour' }, { const: 'A' }] } }),
        '$.condition.where.args[0].field',
        'UNKNOWN_FIELD',
      );
      expectIssue(
        aRule({ condition: { agg: 'some', over: 'operations', as: 'ops', where: mismatch }, amount: { kind: 'target', involved: ['ops'] } }),
        '$.amount.involved[0]',
        'INVALID',
        /captures operations, not lines/,
      );
    });

    it('knows the diagnosis code table only as dx.* fields', () => {
      expect(issues(lines({ agg: 'some', over: 'diagnoses', where: { not: { field: 'dx.listed' } } }))).toEqual([]);
      expectIssue(lines({ agg: 'some', over: 'diagnoses', where: { not: { field: 'dx.valid' } } }), '$.condition.where.not.field', 'UNKNOWN_FIELD');
    });

    it('checks captures used by amount.involved and templates', () => {
      const captured = { agg: 'some', over: 'lines', as: 'others', where: { const: true } };
      expect(
        issues(
          aRule({ condition: captured, amount: { kind: 'target', involved: ['others'] }, explanation: { volaCont: '{{capture.others}}', volaEvid: 'x' } }),
        ),
      ).toEqual([]);
      expectIssue(aRule({ condition: captured, amount: { kind: 'target', involved: ['nobody'] } }), '$.amount.involved[0]', 'UNKNOWN_CAPTURE');
      expectIssue(
        aRule({ condition: { agg: 'some', over: 'diagnoses', as: 'dxs', where: { const: true } }, amount: { kind: 'target', involved: ['dxs'] } }),
        '$.amount.involved[0]',
        'INVALID',
      );
      expectIssue(aRule({ condition: { all: [captured, captured] } }), '$.condition.all[1].as', 'INVALID', /already defined/);
    });
  });

  describe('history', () => {
    const claimRule = (history: Json): Json =>
      aRule({ target: { kind: 'claim' }, condition: { op: 'gt', args: [history, { const: 1 }] }, explanation: { volaCont: 'x', volaEvid: 'y' } });

    it('accepts each measure in its own form', () => {
      expect(issues(claimRule({ history: 'visitCount', window: { unit: 'calendarMonth' }, filter: { treatmentModes: ['1'], medTypes: ['11'] } }))).toEqual([]);
      expect(issues(claimRule({ history: 'daysSinceLastDischarge', window: { unit: 'days', size: 15 }, filter: { sameInstitution: true } }))).toEqual([]);
      expect(issues(claimRule({ history: 'itemQuantity', window: { unit: 'calendarYear' }, items: { const: ['X'] }, includeCurrent: false }))).toEqual([]);
      expect(issues(claimRule({ history: 'itemDays', window: { unit: 'days', size: 30 }, items: { const: 'X' }, includeCurrent: false }))).toEqual([]);
    });

    it('sizes a window by an expression only within a bound', () => {
      const lineRule = (window: Json): Json =>
        aRule({
          target: { kind: 'line', itemSet: { table: 'catalogue', with: 'courseDays' } },
          params: { maxDays: 180 },
          condition: { op: 'gt', args: [{ history: 'itemDays', items: { field: 'line.hilistCode' }, window }, { field: 'item.courseDays' }] },
        });
      expect(issues(lineRule({ unit: 'days', size: { field: 'item.courseWindowDays' }, maxSize: { param: 'maxDays' } }))).toEqual([]);
      expect(issues(lineRule({ unit: 'days', size: { field: 'item.courseWindowDays' }, maxSize: 90 }))).toEqual([]);
      expectIssue(lineRule({ unit: 'days', size: { field: 'item.courseWindowDays' } }), '$.condition.args[0].window.maxSize', 'REQUIRED');
      expectIssue(lineRule({ unit: 'days', size: { field: 'item.name' }, maxSize: 90 }), '$.condition.args[0].window.size', 'TYPE_MISMATCH');
      expectIssue(lineRule({ unit: 'days', size: { field: 'item.windowDays' }, maxSize: 90 }), '$.condition.args[0].window.size.field', 'UNKNOWN_FIELD');
      expectIssue(lineRule({ unit: 'days', size: { field: 'item.courseWindowDays' }, maxSize: 4000 }), '$.condition.args[0].window.maxSize', 'INVALID');
      expectIssue(
        claimRule({ history: 'staysContaining', window: { unit: 'days', size: { field: 'patient.age' }, maxSize: 90 } }),
        '$.condition.args[0].window.size',
        'INVALID',
      );
    });

    it('refuses malformed history lookups', () => {
      expectIssue(claimRule({ history: 'visits', window: { unit: 'days', size: 1 } }), '$.condition.args[0].history', 'INVALID');
      expectIssue(claimRule({ history: 'visitCount', window: { unit: 'weeks' } }), '$.condition.args[0].window.unit', 'INVALID');
      expectIssue(claimRule({ history: 'visitCount', window: { unit: 'days', size: 0 } }), '$.condition.args[0].window.size', 'INVALID');
      expectIssue(
        claimRule({ history: 'visitCount', window: { unit: 'days', size: { param: 'n' } } }),
        '$.condition.args[0].window.size.param',
        'UNKNOWN_PARAM',
      );
      expectIssue(claimRule({ history: 'daysSinceLastDischarge', window: { unit: 'calendarYear' } }), '$.condition.args[0].window.unit', 'INVALID');
      expectIssue(
        claimRule({ history: 'daysSinceLastDischarge', window: { unit: 'days', size: 5 }, filter: { treatmentModes: ['2'] } }),
        '$.condition.args[0].filter.treatmentModes',
        'UNKNOWN_KEY',
      );
      expectIssue(claimRule({ history: 'itemQuantity', window: { unit: 'days', size: 5 } }), '$.condition.args[0].items', 'REQUIRED');
      expectIssue(claimRule({ history: 'itemDays', window: { unit: 'days', size: 5 }, items: { const: 3 } }), '$.condition.args[0].items', 'TYPE_MISMATCH');
      expectIssue(
        claimRule({ history: 'staysContaining', window: { unit: 'days', size: 5 }, includeCurrent: true }),
        '$.condition.args[0].includeCurrent',
        'INVALID',
      );
    });
  });

  describe('explanation templates', () => {
    it('refuses unknown placeholders and malformed braces', () => {
      expectIssue(aRule({ explanation: { volaCont: '{{line.nmae}}', volaEvid: 'x' } }), '$.explanation.volaCont', 'TEMPLATE', /unknown field/);
      expectIssue(aRule({ explanation: { volaCont: '{{line.name', volaEvid: 'x' } }), '$.explanation.volaCont', 'TEMPLATE', /malformed/);
      expectIssue(aRule({ explanation: { volaCont: 'x', volaEvid: '{{param.cap}}' } }), '$.explanation.volaEvid', 'TEMPLATE', /no parameter/);
      expectIssue(aRule({ explanation: { volaCont: '{{let.x}} {{capture.y}}', volaEvid: 'x' } }), '$.explanation.volaCont', 'TEMPLATE');
    });

    it('refuses placeholders whose binding the rule does not have', () => {
      const claimRule = aRule({ target: { kind: 'claim' }, condition: { const: true }, explanation: { volaCont: '{{line.name}}', volaEvid: 'x' } });
      expectIssue(claimRule, '$.explanation.volaCont', 'TEMPLATE', /line\.\* is not available/);
    });

    it('has no expression syntax: only names', () => {
      expectIssue(aRule({ explanation: { volaCont: '{{ line.amount * 2 }}', volaEvid: 'x' } }), '$.explanation.volaCont', 'TEMPLATE');
    });
  });
});

describe('validated definitions', () => {
  it('are frozen copies, so later edits of the input change nothing', () => {
    const input = aRule();
    const result = validateRule(input);
    if (!result.ok) throw new Error('expected ok');
    (input.name as Json).zh = '改过';
    expect(result.rule.name.zh).toBe('测试规则');
    expect(Object.isFrozen(result.rule.name)).toBe(true);
  });

  it('default rules are frozen', () => {
    expect(Object.isFrozen(DEFAULT_RULES[0].target)).toBe(true);
  });
});

describe('the README example', () => {
  it('is a valid rule', () => {
    const example = {
      id: 'GZ10000102001000',
      version: 1,
      name: { zh: '医疗服务项目超限定单价收费', en: 'Service charged above its capped unit price' },
      category: { tier1: '政策类', tier2: '医疗服务项目政策限定类' },
      stage: ['pre', 'in', 'post'],
      scope: { treatmentModes: ['1'], regions: ['4301'] },
      target: { kind: 'line', listTypes: ['201'], itemSet: { table: 'catalogue', with: 'priceCaps' } },
      params: { tolerance: { money: '0.00' } },
      let: { excess: { op: 'sub', args: [{ field: 'line.unitPrice' }, { field: 'item.priceCap' }] } },
      condition: { op: 'gt', args: [{ ref: 'excess' }, { param: 'tolerance' }] },
      severity: '1',
      behaviourType: '04',
      amount: { kind: 'expr', value: { op: 'mul', rounding: 'HALF_UP', args: [{ ref: 'excess' }, { field: 'line.quantity' }] } },
      explanation: {
        volaCont: '{{line.name}}单价{{line.unitPrice}}元，超过限定单价{{item.priceCap}}元，超标准收费{{amount}}元',
        volaEvid: '医疗服务价格项目规范',
      },
    };
    expect(issues(example)).toEqual([]);
  });
});
