import { catchDomainError } from '../errors/catch-domain-error.testing';
import { OutpatientPoolExclusion } from './outpatient-pool-exclusion.dictionary';
import { ViolationType } from './violation-type.dictionary';

describe('ViolationType', () => {
  it('lists the 20 types of DOMAIN.md §0 in order', () => {
    expect(ViolationType.codes.map((c) => ViolationType.label(c, 'zh').slice(0, 4))).toEqual([
      '分解住院',
      '挂床住院',
      '重复收费',
      '超标准收',
      '分解项目',
      '串换药品',
      '为参保人',
      '将不属于',
      '伪造、变',
      '虚构医药',
      '未执行实',
      '违规安排',
      '未经参保',
      '过度诊疗',
      '分解处方',
      '超量开药',
      '重复开药',
      '无依据检',
      '诱导、协',
      '其他违法',
    ]);
  });

  it('ids are kebab-case and every type has both labels', () => {
    for (const code of ViolationType.codes) {
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(ViolationType.label(code, 'zh')).not.toBe('');
      expect(ViolationType.label(code, 'en')).not.toBe('');
    }
  });

  it('knows which referral list a type belongs to', () => {
    expect(ViolationType.entry('decomposed-admission').list).toBe('fund-use');
    expect(ViolationType.entry('split-prescription').list).toBe('clinical-practice');
    expect(ViolationType.entry('other').list).toBeNull();
  });

  it('refuses an unknown id naming the field', () => {
    const error = catchDomainError(() => ViolationType.parse('split_admission', 'finding.violationType'));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('finding.violationType');
  });
});

describe('OutpatientPoolExclusion', () => {
  it('has the 11 cases numbered 1–11 in order', () => {
    expect(OutpatientPoolExclusion.codes).toHaveLength(11);
    expect(OutpatientPoolExclusion.codes.map((c) => OutpatientPoolExclusion.entry(c).ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(OutpatientPoolExclusion.label('during-inpatient-stay', 'zh')).toBe('参保患者住院期间发生的门诊就医与药店购药费用');
    expect(OutpatientPoolExclusion.label('work-injury', 'en')).toBe('Payable by the work-injury insurance fund');
  });

  it('refuses an unknown id naming the field', () => {
    const error = catchDomainError(() => OutpatientPoolExclusion.parse('cosmetic'));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('outpatient_pool_exclusion');
  });
});
