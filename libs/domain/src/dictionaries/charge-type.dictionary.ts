import { defineDictionary, type CodeOf } from './define-dictionary';

/**
 * 收费项目类别 (`chrg_type`, in fee details `med_chrgitm_type`) — two-digit charge category. A
 * number such as `1` is read as `'01'`.
 */
export const ChargeType = defineDictionary(
  'chrg_type',
  {
    '01': { zh: '床位费', en: 'Bed fee' },
    '02': { zh: '诊察费', en: 'Consultation fee' },
    '03': { zh: '检查费', en: 'Examination fee' },
    '04': { zh: '化验费', en: 'Laboratory test fee' },
    '05': { zh: '治疗费', en: 'Treatment fee' },
    '06': { zh: '手术费', en: 'Surgery fee' },
    '07': { zh: '护理费', en: 'Nursing fee' },
    '08': { zh: '卫生材料费', en: 'Medical materials fee' },
    '09': { zh: '西药费', en: 'Western medicine fee' },
    '10': { zh: '中药饮片费', en: 'TCM decoction pieces fee' },
    '11': { zh: '中成药费', en: 'Chinese patent medicine fee' },
    '12': { zh: '一般诊疗费', en: 'General consultation fee' },
    '13': { zh: '挂号费', en: 'Registration fee' },
    '14': { zh: '其他费', en: 'Other fees' },
  },
  { numericWidth: 2 },
);
export type ChargeType = CodeOf<typeof ChargeType>;
