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
