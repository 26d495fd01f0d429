import { catchDomainError } from '../errors/catch-domain-error.testing';
import { ChargeType } from './charge-type.dictionary';
import { defineDictionary } from './define-dictionary';
import { Gender } from './gender.dictionary';
import { InstitutionLevel } from './institution-level.dictionary';
import { InstitutionType } from './institution-type.dictionary';
import { InsuranceType } from './insurance-type.dictionary';
import { ListType } from './list-type.dictionary';
import { BaseMedicalType, baseMedType, MedicalType } from './medical-type.dictionary';
import { Severity } from './severity.dictionary';
import { TreatmentMode } from './treatment-mode.dictionary';
import { TriggerScene } from './trigger-scene.dictionary';
import { ViolationItemType } from './violation-item-type.dictionary';

function expectRefused(fn: () => unknown, field: string): void {
  const error = catchDomainError(fn);
  expect(error.code).toBe('VALIDATION');
  expect(error.details.field).toBe(field);
}

describe('defineDictionary', () => {
  const sut = defineDictionary('demo', {
    a: { zh: '甲', en: 'A' },
    b: { zh: '乙', en: 'B' },
  });

  it('parses known codes, labels them, keeps order', () => {
    expect(sut.parse('a')).toBe('a');
    expect(sut.label('b', 'zh')).toBe('乙');
    expect(sut.label('b', 'en')).toBe('B');
    expect(sut.codes).toEqual(['a', 'b']);
    expect(sut.has('a')).toBe(true);
    expect(sut.has('c')).toBe(false);
    expect(sut.has(1)).toBe(false);
  });

  it.each([
    ['c', 'unknown demo code; expected one of a, b'],
    ['A', 'unknown demo code; expected one of a, b'],
    [' a', 'unknown demo code; expected one of a, b'],
    ['', 'is required (demo)'],
    [null, 'is required (demo)'],
    [undefined, 'is required (demo)'],
    [1.5, 'must be a demo code'],
    [-1, 'must be a demo code'],
    [{}, 'must be a demo code'],
  ])('refuses %p naming the field', (value, reason) => {
    const error = catchDomainError(() => sut.parse(value, 'input.data.x'));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('input.data.x');
    expect(error.details.reason).toBe(reason);
  });

  it('defaults the field to the dictionary name', () => {
    expectRefused(() => sut.parse('zzz'), 'demo');
  });

  it('entries are frozen', () => {
    expect(Object.isFrozen(sut.entries)).toBe(true);
  });

  it('refuses an unknown code in entry() too (untyped callers)', () => {
    expectRefused(() => sut.entry('zzz' as 'a'), 'demo');
  });

  it('methods work when destructured', () => {
    const { parse, label } = sut;
    expect(label(parse('a'), 'en')).toBe('A');
  });
});

describe('NHSA dictionaries', () => {
  it('insutype', () => {
    expect(InsuranceType.codes).toEqual(['310', '340', '390', '391', '399', '510']);
    expect(InsuranceType.parse(310)).toBe('310');
    expect(InsuranceType.label('390', 'zh')).toBe('城乡居民基本医疗保险');
    expect(InsuranceType.label('510', 'en')).toBe('Maternity insurance');
    expectRefused(() => InsuranceType.parse('320', 'insutype'), 'insutype');
  });

  it('med_mdtrt_type', () => {
    expect(TreatmentMode.codes).toEqual(['1', '2', '3', '4']);
    expect(TreatmentMode.label('3', 'zh')).toBe('购药');
    expectRefused(() => TreatmentMode.parse('5'), 'med_mdtrt_type');
  });

  it('gend', () => {
    expect(Gender.codes).toEqual(['0', '1', '2', '9']);
    expect(Gender.parse(1)).toBe('1');
    expect(Gender.label('2', 'zh')).toBe('女');
    expectRefused(() => Gender.parse('3', 'patient_dtos[0].gend'), 'patient_dtos[0].gend');
  });

  it('list_type', () => {
    expect(ListType.codes).toEqual(['101', '102', '105', '106', '201', '301', '501']);
    expect(ListType.entry('102').category).toBe('tcm-pieces');
    expect(ListType.entry('301').category).toBe('consumable');
    expect(ListType.label('201', 'zh')).toBe('医疗服务项目');
    expectRefused(() => ListType.parse('103', 'hilist_type'), 'hilist_type');
  });

  it('trig_scen: 1–5 事前, 6–10 事中', () => {
    expect(TriggerScene.codes).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    for (const code of ['1', '2', '3', '4', '5'] as const) expect(TriggerScene.entry(code).stage).toBe('pre');
    for (const code of ['6', '7', '8', '9', '10'] as const) expect(TriggerScene.entry(code).stage).toBe('in');
    expect(TriggerScene.parse(10)).toBe('10');
    expect(TriggerScene.label('10', 'zh')).toBe('购药划卡');
    expectRefused(() => TriggerScene.parse('0'), 'trig_scen');
    expectRefused(() => TriggerScene.parse('11'), 'trig_scen');
  });

  it('sev_deg and vola_item_type', () => {
    expect(Severity.codes).toEqual(['1', '2', '3']);
    expect(Severity.label('1', 'zh')).toBe('明确违规');
    expect(ViolationItemType.label('2', 'zh')).toBe('涉及项');
    expectRefused(() => Severity.parse('4'), 'sev_deg');
    expectRefused(() => ViolationItemType.parse('0'), 'vola_item_type');
  });

  it('chrg_type: 01–14, numbers zero-padded', () => {
    expect(ChargeType.codes).toHaveLength(14);
    expect(ChargeType.codes[0]).toBe('01');
    expect(ChargeType.codes[13]).toBe('14');
    expect(ChargeType.parse(1)).toBe('01');
    expect(ChargeType.parse(12)).toBe('12');
    expect(ChargeType.label('12', 'zh')).toBe('一般诊疗费');
    expectRefused(() => ChargeType.parse('1'), 'chrg_type');
    expectRefused(() => ChargeType.parse(15, 'med_chrgitm_type'), 'med_chrgitm_type');
  });

  it('institution type', () => {
    expect(InstitutionType.codes).toEqual(['hospital', 'primary-care', 'clinic', 'pharmacy']);
    expect(InstitutionType.entry('pharmacy').codeKind).toBe('pharmacy');
    expect(InstitutionType.entry('clinic').codeKind).toBe('hospital');
    expectRefused(() => InstitutionType.parse('Hospital'), 'institution_type');
  });
});

describe('med_type', () => {
  it.each(['11', '12', '13', '14', '21', '22', '23', '24', '41', '51', '52', '53'])('accepts national %s', (code) => {
    expect(MedicalType.parse(code)).toBe(code);
    expect(MedicalType.isSubCode(MedicalType.parse(code))).toBe(false);
  });

  it('accepts regional sub-codes by their national prefix', () => {
    expect(MedicalType.parse('140101')).toBe('140101');
    expect(MedicalType.parse('2101')).toBe('2101');
    expect(MedicalType.parse(140101)).toBe('140101');
    expect(MedicalType.isSubCode('140101')).toBe(true);
  });

  it('maps to the national category', () => {
    expect(baseMedType('140101')).toBe('14');
    expect(baseMedType('2101')).toBe('21');
    expect(MedicalType.base('41')).toBe('41');
    expect(MedicalType.label('140101', 'zh')).toBe('门诊慢特病');
    expect(BaseMedicalType.label('21', 'en')).toBe('General inpatient');
  });

  it.each([
    ['9929', 'regional sub-code does not start with a national med_type'],
    ['99', 'must be a 2-digit national med_type or a 4/6-digit regional sub-code'],
    ['1', 'must be a 2-digit national med_type or a 4/6-digit regional sub-code'],
    ['141', 'must be a 2-digit national med_type or a 4/6-digit regional sub-code'],
    ['14010', 'must be a 2-digit national med_type or a 4/6-digit regional sub-code'],
    ['1401011', 'must be a 2-digit national med_type or a 4/6-digit regional sub-code'],
    ['14a1', 'must be a 2-digit national med_type or a 4/6-digit regional sub-code'],
    ['', 'is required (med_type)'],
    [null, 'is required (med_type)'],
    [true, 'must be a med_type code'],
  ])('refuses %p', (value, reason) => {
    const error = catchDomainError(() => MedicalType.parse(value, 'fsi_encounter_dtos[0].med_type'));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('fsi_encounter_dtos[0].med_type');
    expect(error.details.reason).toBe(reason);
  });
});

describe('InstitutionLevel', () => {
  it('models level and grade', () => {
    expect(InstitutionLevel.level('3A')).toBe(3);
    expect(InstitutionLevel.grade('3A')).toBe('甲');
    expect(InstitutionLevel.grade('2')).toBeNull();
    expect(InstitutionLevel.level('0')).toBe(0);
    expect(InstitutionLevel.label('2B', 'zh')).toBe('二级乙等');
    expect(InstitutionLevel.label('0', 'zh')).toBe('未定级');
    expect(InstitutionLevel.codes).toHaveLength(13);
  });

  it('of(level, grade)', () => {
    expect(InstitutionLevel.of(3, '甲')).toBe('3A');
    expect(InstitutionLevel.of(1, '丙')).toBe('1C');
    expect(InstitutionLevel.of(2, null)).toBe('2');
    expect(InstitutionLevel.of(0, null)).toBe('0');
    expectRefused(() => InstitutionLevel.of(0, '甲'), 'institution_level');
  });

  it.each([
    ['三级甲等', '3A'],
    ['三甲', '3A'],
    ['二乙', '2B'],
    ['一级丙等', '1C'],
    ['二级', '2'],
    ['未定级', '0'],
    ['无等级', '0'],
  ])('parseLabel(%s) = %s', (label, code) => {
    expect(InstitutionLevel.parseLabel(label)).toBe(code);
  });

  it('parses codes and refuses unknown labels and codes', () => {
    expect(InstitutionLevel.parse('3A')).toBe('3A');
    expectRefused(() => InstitutionLevel.parse('4A', 'hosp_lv'), 'hosp_lv');
    expectRefused(() => InstitutionLevel.parseLabel('三级特等', 'medins_lv'), 'medins_lv');
    expectRefused(() => InstitutionLevel.parseLabel(3), 'institution_level');
  });
});
