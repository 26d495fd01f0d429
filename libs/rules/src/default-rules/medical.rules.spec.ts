import { InMemoryKnowledgeBase, type CatalogueEntry } from '../knowledge/knowledge';
import { aCatalogueLine, aClaim, aClaimLine } from '../testing/claim.builder';
import { findingsOf, linesOf } from '../testing/findings.testing';
import { SAMPLE_CODES as C, SAMPLE_KNOWLEDGE_DATA, sampleKnowledgeBase } from '../testing/sample-knowledge.fixture';
import { compileDefaultRules } from './index';

const sut = compileDefaultRules(sampleKnowledgeBase());
/** The default rules over the sample knowledge plus one item. */
const sampleWith = (entry: CatalogueEntry) =>
  compileDefaultRules(InMemoryKnowledgeBase.from({ ...SAMPLE_KNOWLEDGE_DATA, items: [...(SAMPLE_KNOWLEDGE_DATA.items ?? []), entry] }));

describe('GZ10000301004000 药品区分性别使用 / GZ10000302004000 医疗服务项目区分性别使用', () => {
  const progesterone = aCatalogueLine(C.progesterone, { lineId: 'P1', quantity: 2, unitPrice: '12.50' });

  it('fires for a female-only drug given to a man', () => {
    const [finding] = findingsOf(sut, 'GZ10000301004000', aClaim({ lines: [progesterone] }));
    expect(linesOf(finding)).toEqual([['P1', '1', '25.00']]);
    expect(finding.nationalRuleId).toBe('GZ10000301004000');
    expect(finding.volaCont).toBe('黄体酮注射液限女性患者使用，患者性别为男，涉及金额25.00元');
    expect(finding.facts).toMatchObject({ 'patient.gender': '1', 'item.gender': '2', 'let.itemGender': '女', amount: '25.00' });
  });

  it('fires for a male-only drug given to a woman', () => {
    const claim = aClaim({ patient: { gender: '2' }, lines: [aCatalogueLine(C.tamsulosin, { lineId: 'T1' })] });
    expect(findingsOf(sut, 'GZ10000301004000', claim)[0].volaCont).toContain('限男性患者使用，患者性别为女');
  });

  it('does not fire for the right sex, or an unrecorded sex', () => {
    expect(findingsOf(sut, 'GZ10000301004000', aClaim({ patient: { gender: '2' }, lines: [progesterone] }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000301004000', aClaim({ patient: { gender: '0' }, lines: [progesterone] }))).toEqual([]);
  });

  it('checks services under the service code only', () => {
    const ultrasound = aClaim({ lines: [aCatalogueLine(C.transvaginalUltrasound, { lineId: 'U1', unitPrice: '160.00' })] });
    expect(findingsOf(sut, 'GZ10000302004000', ultrasound)).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000301004000', ultrasound)).toEqual([]);
    expect(
      findingsOf(sut, 'GZ10000302004000', aClaim({ patient: { gender: '2' }, lines: [aCatalogueLine(C.prostateMassage, { lineId: 'U2' })] })),
    ).toHaveLength(1);
  });
});

describe('GZ10000301005000 超说明书用量开药 (maximum quantity per visit)', () => {
  const paracetamol = (lineId: string, quantity: number) => aCatalogueLine(C.paracetamol, { lineId, quantity, unitPrice: '8.50' });

  it('adds up the lines of one drug and charges the excess units to the latest line', () => {
    const [finding, ...rest] = findingsOf(sut, 'GZ10000301005000', aClaim({ lines: [paracetamol('Q1', 2), paracetamol('Q2', 2)] }));
    expect(rest).toEqual([]);
    expect(linesOf(finding)).toEqual([
      ['Q1', '2', '0.00'],
      ['Q2', '1', '17.00'],
    ]);
    expect(finding.volaCont).toBe('对乙酰氨基酚片本次共开具4（2条明细），超过说明书用量折算的单次最大开药量2，超量金额17.00元');
  });

  it('spreads an excess larger than the latest line backwards', () => {
    const [finding] = findingsOf(sut, 'GZ10000301005000', aClaim({ lines: [paracetamol('Q1', 3), paracetamol('Q2', 1)] }));
    expect(linesOf(finding)).toEqual([
      ['Q1', '1', '8.50'],
      ['Q2', '1', '8.50'],
    ]);
  });

  it('accepts decimal quantities exactly', () => {
    expect(findingsOf(sut, 'GZ10000301005000', aClaim({ lines: [paracetamol('Q1', 1.5), paracetamol('Q2', 0.5)] }))).toEqual([]);
    const [finding] = findingsOf(sut, 'GZ10000301005000', aClaim({ lines: [paracetamol('Q1', 1.5), paracetamol('Q2', 0.75)] }));
    expect(finding.amount.toYuanString()).toBe('2.13'); // 0.25 × 8.50 = 2.125, half up
  });
});

describe('GZ10000301006000 重复开药', () => {
  it('flags the later drug of the same class and involves the earlier one', () => {
    const claim = aClaim({
      lines: [aCatalogueLine(C.omeprazole, { lineId: 'R1', unitPrice: '20.00' }), aCatalogueLine(C.rabeprazole, { lineId: 'R2', unitPrice: '30.00' })],
    });
    const [finding, ...rest] = findingsOf(sut, 'GZ10000301006000', claim);
    expect(rest).toEqual([]);
    expect(linesOf(finding)).toEqual([
      ['R2', '1', '30.00'],
      ['R1', '2', '0.00'],
    ]);
    expect(finding.volaCont).toBe('雷贝拉唑钠肠溶片与奥美拉唑肠溶胶囊同属质子泵抑制剂，同时开具属重复开药，涉及金额30.00元');
  });

  it('does not fire for the same drug twice, different classes, or an inpatient stay', () => {
    const same = aClaim({ lines: [aCatalogueLine(C.omeprazole, { lineId: 'R1' }), aCatalogueLine(C.omeprazole, { lineId: 'R2' })] });
    const different = aClaim({ lines: [aCatalogueLine(C.omeprazole, { lineId: 'R1' }), aCatalogueLine(C.ceftriaxone, { lineId: 'R2' })] });
    const stay = aClaim({
      treatmentMode: '2',
      medType: '21',
      lines: [aCatalogueLine(C.omeprazole, { lineId: 'R1' }), aCatalogueLine(C.rabeprazole, { lineId: 'R2' })],
    });
    expect(findingsOf(sut, 'GZ10000301006000', same)).toEqual([]);
    expect(findingsOf(sut, 'GZ10000301006000', different)).toEqual([]);
    expect(findingsOf(sut, 'GZ10000301006000', stay)).toEqual([]);
  });
});

describe('GZ10000301002000 药品儿童专用 / GZ10000302003000 医疗服务项目儿童专用', () => {
  const at = (birthDate: string, code: string) => aClaim({ patient: { birthDate }, lines: [aCatalogueLine(code, { lineId: 'P1', unitPrice: '22.00' })] });

  it('fires for a patient older than the label limit (14): 15 on the visit date', () => {
    const [finding] = findingsOf(sut, 'GZ10000301002000', at('2011-03-10', C.paediatricFeverGranules));
    expect(finding.severity).toBe('2');
    expect(finding.volaCont).toBe('小儿豉翘清热颗粒为儿童专用（适用于14岁及以下），患者年龄15岁，涉及金额22.00元');
    expect(findingsOf(sut, 'GZ10000302003000', at('1980-01-01', C.behaviouralAudiometry))).toHaveLength(1);
  });

  it('does not fire at the limit, nor for an item whose upper limit is not a child limit', () => {
    expect(findingsOf(sut, 'GZ10000301002000', at('2011-03-11', C.paediatricFeverGranules))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000302003000', at('2012-01-01', C.behaviouralAudiometry))).toEqual([]);
    const adultLimited = sampleWith({ hilistCode: 'XA01AAA000A000009', name: '测试药', listType: '101', maxAge: 75 });
    expect(
      findingsOf(adultLimited, 'GZ10000301002000', aClaim({ patient: { birthDate: '1940-01-01' }, lines: [aClaimLine({ hilistCode: 'XA01AAA000A000009' })] })),
    ).toEqual([]);
  });
});

describe('GZ10000301003000 药品儿童禁用', () => {
  const at = (birthDate: string) => aClaim({ patient: { birthDate }, lines: [aCatalogueLine(C.levofloxacin, { lineId: 'Q1', unitPrice: '15.00' })] });

  it('fires for a 17-year-old given a drug forbidden under 18', () => {
    const [finding] = findingsOf(sut, 'GZ10000301003000', at('2008-03-11'));
    expect(finding.volaCont).toBe('左氧氟沙星片说明书18岁以下儿童禁用，患者年龄17岁，涉及金额15.00元');
  });

  it('does not fire from 18, nor for a lower age limit above childhood', () => {
    expect(findingsOf(sut, 'GZ10000301003000', at('2008-03-10'))).toEqual([]);
    const forOlder = sampleWith({ hilistCode: 'XA01AAA000A000009', name: '测试药', listType: '101', minAge: 40 });
    expect(
      findingsOf(forOlder, 'GZ10000301003000', aClaim({ patient: { birthDate: '1996-01-01' }, lines: [aClaimLine({ hilistCode: 'XA01AAA000A000009' })] })),
    ).toEqual([]);
  });
});

describe('GZ10000301009000 老年人用药安全', () => {
  const at = (birthDate: string) => aClaim({ patient: { birthDate }, lines: [aCatalogueLine(C.diazepam, { lineId: 'Z1', unitPrice: '3.20' })] });

  it('fires (light suspicion) from 60 on the visit date', () => {
    const [finding] = findingsOf(sut, 'GZ10000301009000', at('1966-03-10'));
    expect(finding.severity).toBe('3');
    expect(finding.volaCont).toBe('地西泮片属老年人潜在不适当用药，患者年龄60岁（≥60岁），请核实用药必要性，涉及金额3.20元');
    expect(finding.volaEvid).toContain('《中国老年人潜在不适当用药判断标准（2017年版）》');
  });

  it('does not fire at 59', () => {
    expect(findingsOf(sut, 'GZ10000301009000', at('1966-03-11'))).toEqual([]);
  });
});

describe('GZ10000303003000 医用耗材数量超标', () => {
  const cannula = (lineId: string, quantity: number, serviceDate = '2026-03-02') =>
    aCatalogueLine(C.ivCannula, { lineId, quantity, unitPrice: '9.50', serviceDate });
  const stay = (...lines: ReturnType<typeof cannula>[]) =>
    aClaim({ treatmentMode: '2', medType: '21', admissionDate: '2026-03-01', dischargeDate: '2026-03-08', lines });

  it('fires for more than one cannula a day; the excess units are charged', () => {
    const [finding] = findingsOf(sut, 'GZ10000303003000', stay(cannula('N1', 1), cannula('N2', 2)));
    expect(finding.amount.toYuanString()).toBe('19.00');
    expect(finding.volaCont).toBe('一次性使用静脉留置针于2026-03-02使用3个，超过每日合理用量1个，超出部分金额19.00元');
    expect(findingsOf(sut, 'GZ10000102014000', stay(cannula('N1', 3)))).toEqual([]);
  });

  it('does not fire for one a day on several days', () => {
    expect(findingsOf(sut, 'GZ10000303003000', stay(cannula('N1', 1), cannula('N2', 1, '2026-03-03')))).toEqual([]);
  });
});
