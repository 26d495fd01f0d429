import { ValidationError } from '../errors/domain-error';
import { defineDictionary, type CodeOf, type Language } from './define-dictionary';

/**
 * 医疗类别 (`med_type`) — the national two-digit medical category. Regions extend it with
 * sub-codes that start with a national code (`140101` a chronic-disease subtype of 14,
 * `2101` a subtype of 21); see {@link MedicalType}.
 */
export const BaseMedicalType = defineDictionary('med_type', {
  '11': { zh: '普通门诊', en: 'General outpatient' },
  '12': { zh: '门诊挂号', en: 'Outpatient registration' },
  '13': { zh: '急诊', en: 'Emergency' },
  '14': { zh: '门诊慢特病', en: 'Outpatient chronic or special disease' },
  '21': { zh: '普通住院', en: 'General inpatient' },
  '22': { zh: '外伤住院', en: 'Trauma inpatient' },
  '23': { zh: '转外诊治住院', en: 'Inpatient after referral elsewhere' },
  '24': { zh: '急诊转住院', en: 'Emergency to inpatient' },
  '41': { zh: '定点药店购药', en: 'Designated pharmacy purchase' },
  '51': { zh: '生育门诊', en: 'Maternity outpatient' },
  '52': { zh: '生育住院', en: 'Maternity inpatient' },
  '53': { zh: '计划生育手术费', en: 'Family-planning surgery' },
});
export type BaseMedicalType = CodeOf<typeof BaseMedicalType>;

/** A national `med_type` or a regional sub-code that starts with one (`'14'`, `'140101'`). */
export type MedicalType = BaseMedicalType | `${BaseMedicalType}${string}`;

/** Regional sub-codes seen in the field have 4 or 6 digits. */
const SUB_CODE = /^\d{4}$|^\d{6}$/;

/** The national two-digit category of a `med_type` code: `'140101'` → `'14'`, `'2101'` → `'21'`. */
export function baseMedType(code: MedicalType): BaseMedicalType {
  return BaseMedicalType.parse(code.slice(0, 2), 'med_type');
}

/**
 * `med_type` parsing: exactly a national code, or a 4- or 6-digit regional sub-code whose first
 * two digits are a national code (`9929` is refused: 99 is not national). Numbers are read as
 * their decimal text.
 */
export const MedicalType = {
  name: 'med_type',
  parse(value: unknown, field = 'med_type'): MedicalType {
    const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
    if (BaseMedicalType.has(text)) return text;
    if (typeof text !== 'string' || text === '') return BaseMedicalType.parse(text, field);
    if (!SUB_CODE.test(text)) {
      throw new ValidationError(field, 'must be a 2-digit national med_type or a 4/6-digit regional sub-code', {
        dictionary: 'med_type',
      });
    }
    if (!BaseMedicalType.has(text.slice(0, 2))) {
      throw new ValidationError(field, `regional sub-code does not start with a national med_type`, {
        dictionary: 'med_type',
      });
    }
    return text as MedicalType;
  },
  base: baseMedType,
  /** True for a regional sub-code rather than a national code. */
  isSubCode(code: MedicalType): boolean {
    return code.length > 2;
  },
  /** Label of the national category (a sub-code's own name is regional data). */
  label(code: MedicalType, language: Language): string {
    return BaseMedicalType.label(baseMedType(code), language);
  },
} as const;
