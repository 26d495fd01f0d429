import { FIELD_REGISTRY } from './field-registry';
import { NATIONAL_RULE_CODE, NATIONAL_RULES, nationalRule, RULE_CATEGORIES } from './national-rules';

describe('framework 1.0', () => {
  it('has the 79 rules: policy 30, management 28, medical 21', () => {
    expect(NATIONAL_RULES).toHaveLength(79);
    const count = (tier1: string) => NATIONAL_RULES.filter((r) => r.tier1 === tier1).length;
    expect([count('政策类'), count('管理类'), count('医疗类')]).toEqual([30, 28, 21]);
    expect(NATIONAL_RULES.filter((r) => r.code.startsWith('ZB'))).toHaveLength(8);
  });

  it('codes follow GZ1000 + tier1 + tier2 + sequence + 000', () => {
    for (const rule of NATIONAL_RULES) {
      expect(rule.code).toMatch(NATIONAL_RULE_CODE);
      expect(rule.code.slice(2, 6)).toBe('1000');
      expect(rule.code.slice(-3)).toBe('000');
      expect(rule.code[7]).toBe({ 政策类: '1', 管理类: '2', 医疗类: '3' }[rule.tier1]);
    }
    expect(nationalRule('GZ10000204001000')?.nameZh).toBe('分解住院');
    expect(RULE_CATEGORIES.get('医疗类')).toEqual(['药品合理使用类', '医疗服务项目合理使用类', '医用耗材合理使用类']);
  });
});

describe('FIELD_REGISTRY', () => {
  it('names every field once, by binding', () => {
    const names = FIELD_REGISTRY.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const field of FIELD_REGISTRY) expect(field.name.startsWith(`${field.binding}.`)).toBe(true);
  });

  it('mirrors line fields for each.* and item fields for eachItem.*', () => {
    const of = (binding: string) =>
      FIELD_REGISTRY.filter((f) => f.binding === binding)
        .map((f) => `${f.name.split('.')[1]}:${f.type}`)
        .sort();
    expect(of('each')).toEqual(of('line'));
    expect(of('eachItem')).toEqual(of('item'));
    expect(FIELD_REGISTRY.find((f) => f.name === 'item.priceCap')).toMatchObject({ type: 'money', source: 'knowledge' });
    expect(FIELD_REGISTRY.find((f) => f.name === 'patient.age')).toMatchObject({ type: 'number', source: 'patient' });
  });
});
