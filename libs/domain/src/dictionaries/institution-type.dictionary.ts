import { defineDictionary, type CodeOf } from './define-dictionary';

/**
 * 定点医药机构类型 — the platform's own four institution types (DOMAIN.md §0). The national
 * `medins_type` list was not found (NHSA-INTERFACES.md §5: samples `A1`, `A`), so these are
 * platform codes; a tenant maps its `medins_type` values onto them. Only `pharmacy` holds a
 * `P…` institution code; the other three hold `H…` codes.
 */
export const InstitutionType = defineDictionary('institution_type', {
  hospital: { zh: '医院', en: 'Hospital', codeKind: 'hospital' },
  'primary-care': { zh: '基层医疗卫生机构', en: 'Primary care institution', codeKind: 'hospital' },
  clinic: { zh: '门诊部、诊所', en: 'Outpatient department or clinic', codeKind: 'hospital' },
  pharmacy: { zh: '零售药店', en: 'Retail pharmacy', codeKind: 'pharmacy' },
});
export type InstitutionType = CodeOf<typeof InstitutionType>;
