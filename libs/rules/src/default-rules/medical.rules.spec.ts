import { aCatalogueLine, aClaim } from '../testing/claim.builder';
import { findingsOf, linesOf } from '../testing/findings.testing';
import { SAMPLE_CODES as C, sampleKnowledgeBase } from '../testing/sample-knowledge.fixture';
import { compileDefaultRules } from './index';

const sut = compileDefaultRules(sampleKnowledgeBase());

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
