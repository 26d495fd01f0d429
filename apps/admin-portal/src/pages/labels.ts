import type { Lang } from '../i18n/messages';

/** NHSA institution types (as @mi/domain's InstitutionType dictionary). */
const TYPES: Record<string, { zh: string; en: string }> = {
  hospital: { zh: '医院', en: 'Hospital' },
  'primary-care': { zh: '基层医疗卫生机构', en: 'Primary care' },
  clinic: { zh: '门诊部、诊所', en: 'Clinic' },
  pharmacy: { zh: '零售药店', en: 'Retail pharmacy' },
};

export function typeLabel(code: string, lang: Lang): string {
  const l = TYPES[code];
  return l ? (lang === 'en' ? l.en : l.zh) : code;
}

export const TYPE_CODES = Object.keys(TYPES);
export const AGREEMENT_STATUS_CODES = ['ACTIVE', 'SUSPENDED', 'TERMINATED', 'EXPIRED'] as const;

/** Institution levels (as @mi/domain's InstitutionLevel dictionary). */
const LEVELS: Record<string, { zh: string; en: string }> = {
  '3A': { zh: '三级甲等', en: 'Tertiary A' },
  '3B': { zh: '三级乙等', en: 'Tertiary B' },
  '3C': { zh: '三级丙等', en: 'Tertiary C' },
  '3': { zh: '三级', en: 'Tertiary' },
  '2A': { zh: '二级甲等', en: 'Secondary A' },
  '2B': { zh: '二级乙等', en: 'Secondary B' },
  '2C': { zh: '二级丙等', en: 'Secondary C' },
  '2': { zh: '二级', en: 'Secondary' },
  '1A': { zh: '一级甲等', en: 'Primary A' },
  '1B': { zh: '一级乙等', en: 'Primary B' },
  '1C': { zh: '一级丙等', en: 'Primary C' },
  '1': { zh: '一级', en: 'Primary' },
  '0': { zh: '未定级', en: 'Not rated' },
};

export function levelLabel(code: string, lang: Lang): string {
  const l = LEVELS[code];
  return l ? (lang === 'en' ? l.en : l.zh) : code;
}

/** In the dictionary's order (Object.keys would put the integer-like codes first). */
export const LEVEL_CODES = ['3A', '3B', '3C', '3', '2A', '2B', '2C', '2', '1A', '1B', '1C', '1', '0'] as const;
/** Designation status of an institution (as @mi/contracts' INSTITUTION_STATUSES). */
export const INSTITUTION_STATUS_CODES = ['UNDESIGNATED', 'ACTIVE', 'SUSPENDED', 'TERMINATED', 'EXPIRED'] as const;
