import { ValidationError } from '../errors/domain-error';
import { defineDictionary, type CodeOf } from './define-dictionary';

/** 级 — hospital level 1–3; 0 for 未定级 (not rated: most clinics, primary care, pharmacies). */
export type InstitutionLevelNumber = 0 | 1 | 2 | 3;
/** 等 — grade within a level; `null` when the level is not graded. */
export type InstitutionGrade = '甲' | '乙' | '丙' | null;

/**
 * 医疗机构等级 — level (一级/二级/三级) and grade (甲/乙/丙), as platform codes `3A` = 三级甲等 …
 * `1C` = 一级丙等, `3` = 三级 without a grade, `0` = 未定级. The national `medins_lv`/`hosp_lv`
 * codes are not confirmed (NHSA-INTERFACES.md §5, samples `01`, `05`), so tenants map theirs
 * onto these. 三级特等 is not modelled (no hospital holds it); map it to `3A` if ever met.
 * Level drives the reimbursement ratio (DOMAIN.md §2), grade only price caps.
 */
const levels = defineDictionary('institution_level', {
  '3A': { zh: '三级甲等', en: 'Tertiary grade A', level: 3, grade: '甲' },
  '3B': { zh: '三级乙等', en: 'Tertiary grade B', level: 3, grade: '乙' },
  '3C': { zh: '三级丙等', en: 'Tertiary grade C', level: 3, grade: '丙' },
  '3': { zh: '三级', en: 'Tertiary (ungraded)', level: 3, grade: null },
  '2A': { zh: '二级甲等', en: 'Secondary grade A', level: 2, grade: '甲' },
  '2B': { zh: '二级乙等', en: 'Secondary grade B', level: 2, grade: '乙' },
  '2C': { zh: '二级丙等', en: 'Secondary grade C', level: 2, grade: '丙' },
  '2': { zh: '二级', en: 'Secondary (ungraded)', level: 2, grade: null },
  '1A': { zh: '一级甲等', en: 'Primary grade A', level: 1, grade: '甲' },
  '1B': { zh: '一级乙等', en: 'Primary grade B', level: 1, grade: '乙' },
  '1C': { zh: '一级丙等', en: 'Primary grade C', level: 1, grade: '丙' },
  '1': { zh: '一级', en: 'Primary (ungraded)', level: 1, grade: null },
  '0': { zh: '未定级', en: 'Not rated', level: 0, grade: null },
} satisfies Record<string, { zh: string; en: string; level: InstitutionLevelNumber; grade: InstitutionGrade }>);

export type InstitutionLevel = CodeOf<typeof levels>;

const LEVEL_ZH = ['', '一', '二', '三'] as const;

/** Chinese spellings accepted by {@link InstitutionLevel.parseLabel}: full, short (三甲) and 未定级 synonyms. */
const ZH_ALIASES: ReadonlyMap<string, InstitutionLevel> = (() => {
  const map = new Map<string, InstitutionLevel>();
  for (const code of levels.codes) {
    const { zh, level, grade } = levels.entry(code);
    map.set(zh, code);
    if (grade !== null) map.set(`${LEVEL_ZH[level]}${grade}`, code);
  }
  for (const alias of ['无等级', '未评级', '未定等级', '无']) map.set(alias, '0');
  return map;
})();

export const InstitutionLevel = {
  ...levels,
  /** The code for a level and grade: `(3, '甲')` → `'3A'`, `(0, null)` → `'0'`. */
  of(level: InstitutionLevelNumber, grade: InstitutionGrade): InstitutionLevel {
    const found = levels.codes.find((c) => levels.entry(c).level === level && levels.entry(c).grade === grade);
    if (found === undefined) {
      throw new ValidationError('institution_level', `no institution level ${level} with grade ${String(grade)} (未定级 has no grade)`);
    }
    return found;
  },
  /** Parses a Chinese label: `三级甲等`, `三甲`, `二级`, `未定级`/`无等级`. */
  parseLabel(value: unknown, field = 'institution_level'): InstitutionLevel {
    if (typeof value !== 'string') throw new ValidationError(field, 'must be a Chinese level label such as 三级甲等');
    const code = ZH_ALIASES.get(value);
    if (code === undefined) throw new ValidationError(field, 'unknown institution level label', { dictionary: 'institution_level' });
    return code;
  },
  level(code: InstitutionLevel): InstitutionLevelNumber {
    return levels.entry(code).level;
  },
  grade(code: InstitutionLevel): InstitutionGrade {
    return levels.entry(code).grade;
  },
} as const;
