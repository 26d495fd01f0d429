import { ListType, Money, TreatmentMode, ValidationError, type InstitutionLevelNumber } from '@mi/domain';
import { Rational } from '../dsl/rational';

/**
 * 目录项 — one catalogue entry (drug, TCM piece, service item or consumable) with the payment and
 * usage limits the rules check. Every limit is optional: absent means "not limited".
 */
export interface CatalogueEntry {
  /** 医保目录编码 `hilist_code`. */
  readonly hilistCode: string;
  readonly name: string;
  readonly listType: ListType;
  /** 限性别 / 区分性别: only for this gender (`1` male, `2` female). */
  readonly gender?: '1' | '2';
  /** Age range in whole years, both ends inclusive. */
  readonly minAge?: number;
  readonly maxAge?: number;
  /** 限工伤保险: payable by work-injury insurance (410) only, never by the medical-insurance fund. */
  readonly workInjuryOnly?: boolean;
  /** 限生育保险: payable by maternity insurance (510) only. */
  readonly maternityOnly?: boolean;
  /**
   * 中药饮片 not payable (药品目录凡例): `always` = 单味或复方均不予支付, `single` = 单味使用不予支付
   * (payable only as part of a compound prescription). TCM pieces (list type 102) only.
   */
  readonly tcmNotPayable?: TcmNotPayable;
  /** 老年人潜在不适当用药 — on the elderly list of potentially inappropriate drugs (see the rule's `elderlyAge`). */
  readonly elderlyAvoid?: boolean;
  /** 限定报销总额: most payable per visit/stay for this item, in yuan (`'1500.00'`; a string so the entry stays JSON). */
  readonly maxAmountPerVisit?: string;
  /** 限新生儿: payable only for a newborn (see the rule's `newbornMaxDays`). */
  readonly newbornOnly?: boolean;
  /** 限儿童 / 儿童专用: payable only for a child (see the rule's `childMaxAge`). */
  readonly childOnly?: boolean;
  /** 限适应症: payable only with a diagnosis starting with one of these ICD-10 prefixes. */
  readonly indicationPrefixes?: readonly string[];
  /** The catalogue's own wording of the limit (备注), quoted in explanations. */
  readonly indicationText?: string;
  /** 限最大支付天数: days of supply payable per prescription. */
  readonly maxDays?: number;
  /** 最大开药量: quantity per visit (dec(6,2), in the line's unit). */
  readonly maxQuantityPerVisit?: number;
  /**
   * 限支付疗程: most days of use paid in one course (a day with the item charged counts once, or as
   * its 用药天数 `prd_days` when the line has them), summed over the patient's settlements in the
   * course window.
   */
  readonly courseDays?: number;
  /**
   * 疗程周期: the window, in days ending on the visit/admission date, that one course is counted in.
   * Absent: the rule's default window. Needs `courseDays` and is at least as long.
   */
  readonly courseWindowDays?: number;
  /**
   * 限定病种目录: the item is in the medication list (病种用药目录) of these restricted disease
   * lists only (codes of {@link DiseaseList}, e.g. 门诊慢特病 or 两病 lists): under that benefit it is
   * payable only with a diagnosis of one of them. Not the same as {@link CatalogueEntry.indicationPrefixes},
   * the item's own 限适应症 on any settlement.
   */
  readonly diseaseLists?: readonly string[];
  /** 限医疗机构级别: lowest institution level (1–3) that may use it. */
  readonly minInstitutionLevel?: 1 | 2 | 3;
  /** 限就医方式: treatment modes under which it is payable (inpatient-only = `['2']`). */
  readonly treatmentModes?: readonly TreatmentMode[];
  /** 限二线: payable only after a first-line drug (one of {@link CatalogueEntry.firstLineCodes}). */
  readonly secondLine?: boolean;
  readonly firstLineCodes?: readonly string[];
  /** 限定单价: capped unit price per institution level (`{ 3: Money, 2: Money }`); 0 = 未定级. */
  readonly priceCaps?: Readonly<Partial<Record<InstitutionLevelNumber, Money>>>;
  /** 限定频次: most units per day / per visit. */
  readonly maxPerDay?: number;
  readonly maxPerVisit?: number;
  /** 限科室: department codes allowed to use it. */
  readonly departments?: readonly string[];
  /** Items whose price is included in this one: charging them with it is 重复收费. */
  readonly contains?: readonly string[];
  /** Items that may not be charged on the same day as this one. */
  readonly excludedWith?: readonly string[];
  /** A package item: charging two or more of its parts separately on one day is 分解收费. */
  readonly bundleParts?: readonly string[];
  /** Drug class (药理作用分类) for 重复开药; see {@link KnowledgeBase.drugClass}. */
  readonly drugClass?: string;
  /** 手术折价: percent charged for each additional operation through the same incision. */
  readonly additionalSurgeryPercent?: number;
}

/** {@link CatalogueEntry.tcmNotPayable}. */
export const TCM_NOT_PAYABLE = ['always', 'single'] as const;
export type TcmNotPayable = (typeof TCM_NOT_PAYABLE)[number];

/** A catalogue entry as served by a {@link KnowledgeBase}: the entry plus its reverse indexes. */
export interface CatalogueItem extends CatalogueEntry {
  /** Items whose price includes this one (reverse of `contains`). */
  readonly containedIn: readonly string[];
  /** Package items this one is a part of (reverse of `bundleParts`). */
  readonly bundleCodes: readonly string[];
}

/** ICD-10 diagnosis constraint (诊断与性别/年龄): applies to every code starting with `codePrefix`. */
export interface DiagnosisConstraint {
  readonly codePrefix: string;
  readonly name: string;
  readonly gender?: '1' | '2';
  readonly minAge?: number;
  readonly maxAge?: number;
}

/**
 * 医保疾病诊断分类与代码 (ICD-10 医保版) — one valid diagnosis code. A code on a claim that is not in
 * this table (when the snapshot has one) is 疾病诊断编码异常.
 */
export interface DiagnosisCode {
  /** Upper case as claims carry it (`K29.700`, `I63.900X001`). */
  readonly code: string;
  readonly name: string;
}

/**
 * 手术操作 constraint (ICD-9-CM-3 医保版, 手术操作编码与性别): applies to every operation code starting
 * with `codePrefix` (`68` 子宫手术, `60.2` 经尿道前列腺切除).
 */
export interface OperationConstraint {
  readonly codePrefix: string;
  readonly name: string;
  /** The only gender this operation is possible for (`1` male, `2` female). */
  readonly gender?: '1' | '2';
}

/**
 * 限定病种目录 — a restricted disease list of a benefit (门诊慢特病病种, 两病 高血压/糖尿病): the
 * diagnoses that qualify, by ICD-10 prefix. Items name the lists whose medication list they are on
 * ({@link CatalogueEntry.diseaseLists}).
 */
export interface DiseaseList {
  /** The city's 病种编码 (`MTB-DM`, a 门诊慢特病 code). */
  readonly code: string;
  readonly name: string;
  /** Which benefit the list belongs to (`门诊慢特病`, `两病`), quoted in explanations. */
  readonly benefit?: string;
  readonly diagnosisPrefixes: readonly string[];
}

/** 药理作用分类 — a class of drugs with similar action; two at once is 重复开药. */
export interface DrugClass {
  readonly code: string;
  readonly name: string;
}

/** Catalogue attributes a rule may select items by (`target.itemSet.with`). */
export const CATALOGUE_ATTRIBUTES = [
  'gender',
  'minAge',
  'maxAge',
  'workInjuryOnly',
  'maternityOnly',
  'tcmNotPayable',
  'elderlyAvoid',
  'maxAmountPerVisit',
  'newbornOnly',
  'childOnly',
  'indicationPrefixes',
  'maxDays',
  'maxQuantityPerVisit',
  'courseDays',
  'courseWindowDays',
  'diseaseLists',
  'minInstitutionLevel',
  'treatmentModes',
  'secondLine',
  'priceCaps',
  'maxPerDay',
  'maxPerVisit',
  'departments',
  'contains',
  'containedIn',
  'excludedWith',
  'bundleParts',
  'bundleCodes',
  'drugClass',
  'additionalSurgeryPercent',
] as const satisfies readonly (keyof CatalogueItem)[];
export type CatalogueAttribute = (typeof CATALOGUE_ATTRIBUTES)[number];

/**
 * 知识库 — a read-only snapshot of the knowledge base the rules are compiled against. The
 * monitoring-kb service builds one per published version from its tables; tests use
 * {@link InMemoryKnowledgeBase}. Lookups are synchronous: a snapshot is in memory.
 */
export interface KnowledgeBase {
  /** Version label of the snapshot, recorded on every compiled rule set. */
  readonly version: string;
  item(hilistCode: string): CatalogueItem | undefined;
  /** Codes of the items that carry `attribute` (true, non-empty or set); used to index rules. */
  itemCodesWith(attribute: CatalogueAttribute): readonly string[];
  /** The constraint with the longest `codePrefix` that starts `code`. */
  diagnosisConstraint(code: string): DiagnosisConstraint | undefined;
  drugClass(code: string): DrugClass | undefined;
  /** A named code list kept by the city (e.g. `antibiotics-restricted`). */
  codeSet(name: string): ReadonlySet<string> | undefined;
  /** Whether the snapshot carries the diagnosis code table (without it no code is known or unknown). */
  readonly hasDiagnosisCodes: boolean;
  /** The diagnosis code table's entry for `code` (case-insensitive). */
  diagnosisCode(code: string): DiagnosisCode | undefined;
  /** The operation constraint with the longest `codePrefix` that starts `code`. */
  operationConstraint(code: string): OperationConstraint | undefined;
  diseaseList(code: string): DiseaseList | undefined;
}

export interface KnowledgeBaseData {
  readonly version: string;
  readonly items?: readonly CatalogueEntry[];
  readonly diagnoses?: readonly DiagnosisConstraint[];
  readonly drugClasses?: readonly DrugClass[];
  readonly codeSets?: Readonly<Record<string, readonly string[]>>;
  /** ICD-10 医保版 code table (医保疾病诊断分类与代码). */
  readonly diagnosisCodes?: readonly DiagnosisCode[];
  /** ICD-9-CM-3 医保版 operation constraints (gender). */
  readonly operations?: readonly OperationConstraint[];
  /** 限定病种目录 (门诊慢特病, 两病). */
  readonly diseaseLists?: readonly DiseaseList[];
}

function hasAttribute(item: CatalogueItem, attribute: CatalogueAttribute): boolean {
  const value = item[attribute];
  if (value === undefined || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (attribute === 'priceCaps') return Object.keys(value as object).length > 0;
  return true;
}

function checkAge(value: number | undefined, field: string): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0 || value > 150)) {
    throw new ValidationError(field, 'must be a whole number of years 0–150');
  }
}

function checkPositiveInteger(value: number | undefined, field: string): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) throw new ValidationError(field, 'must be a positive integer');
}

function checkEntry(entry: CatalogueEntry, field: string): void {
  if (typeof entry.hilistCode !== 'string' || entry.hilistCode === '') throw new ValidationError(`${field}.hilistCode`, 'is required');
  if (typeof entry.name !== 'string' || entry.name === '') throw new ValidationError(`${field}.name`, 'is required');
  ListType.parse(entry.listType, `${field}.listType`);
  if (entry.gender !== undefined && entry.gender !== '1' && entry.gender !== '2') throw new ValidationError(`${field}.gender`, "must be '1' or '2'");
  checkAge(entry.minAge, `${field}.minAge`);
  checkAge(entry.maxAge, `${field}.maxAge`);
  if (entry.minAge !== undefined && entry.maxAge !== undefined && entry.minAge > entry.maxAge) {
    throw new ValidationError(`${field}.minAge`, 'must not exceed maxAge');
  }
  for (const key of ['maxDays', 'courseDays', 'courseWindowDays', 'maxPerDay', 'maxPerVisit'] as const) checkPositiveInteger(entry[key], `${field}.${key}`);
  if (entry.courseWindowDays !== undefined) {
    if (entry.courseDays === undefined) throw new ValidationError(`${field}.courseWindowDays`, 'a course window needs courseDays');
    if (entry.courseWindowDays > 3660) throw new ValidationError(`${field}.courseWindowDays`, 'must be at most 3660 days');
    if (entry.courseWindowDays < entry.courseDays) throw new ValidationError(`${field}.courseWindowDays`, 'must not be shorter than courseDays');
  }
  if (entry.diseaseLists !== undefined && (!Array.isArray(entry.diseaseLists) || entry.diseaseLists.some((c) => typeof c !== 'string' || c === ''))) {
    throw new ValidationError(`${field}.diseaseLists`, 'must be a list of disease list codes');
  }
  if (entry.maxQuantityPerVisit !== undefined) {
    const q = Rational.parse(entry.maxQuantityPerVisit, `${field}.maxQuantityPerVisit`);
    if (q.compareTo(Rational.ZERO) <= 0) throw new ValidationError(`${field}.maxQuantityPerVisit`, 'must be positive');
  }
  if (entry.minInstitutionLevel !== undefined && ![1, 2, 3].includes(entry.minInstitutionLevel)) {
    throw new ValidationError(`${field}.minInstitutionLevel`, 'must be 1, 2 or 3');
  }
  entry.treatmentModes?.forEach((mode, i) => TreatmentMode.parse(mode, `${field}.treatmentModes[${i}]`));
  if (entry.priceCaps !== undefined) {
    for (const [level, cap] of Object.entries(entry.priceCaps)) {
      if (!['0', '1', '2', '3'].includes(level)) throw new ValidationError(`${field}.priceCaps`, `unknown institution level ${level}`);
      if (!(cap instanceof Money) || cap.isNegative()) throw new ValidationError(`${field}.priceCaps.${level}`, 'must be a non-negative Money');
    }
  }
  if (entry.secondLine && (entry.firstLineCodes ?? []).length === 0) {
    throw new ValidationError(`${field}.firstLineCodes`, 'a second-line item names its first-line alternatives');
  }
  for (const key of ['workInjuryOnly', 'maternityOnly', 'elderlyAvoid', 'newbornOnly', 'childOnly'] as const) {
    if (entry[key] !== undefined && typeof entry[key] !== 'boolean') throw new ValidationError(`${field}.${key}`, 'must be true or false');
  }
  if (entry.workInjuryOnly && entry.maternityOnly) throw new ValidationError(`${field}.maternityOnly`, 'an item is limited to one insurance type');
  if (entry.tcmNotPayable !== undefined) {
    if (!(TCM_NOT_PAYABLE as readonly string[]).includes(entry.tcmNotPayable)) {
      throw new ValidationError(`${field}.tcmNotPayable`, `must be one of ${TCM_NOT_PAYABLE.join(', ')}`);
    }
    if (entry.listType !== '102') throw new ValidationError(`${field}.tcmNotPayable`, 'applies to TCM pieces (list type 102) only');
  }
  if (entry.maxAmountPerVisit !== undefined) {
    const cap = Money.parseYuan(entry.maxAmountPerVisit, `${field}.maxAmountPerVisit`);
    if (cap.isNegative() || cap.isZero()) throw new ValidationError(`${field}.maxAmountPerVisit`, 'must be positive');
  }
  if (entry.additionalSurgeryPercent !== undefined && !(entry.additionalSurgeryPercent >= 0 && entry.additionalSurgeryPercent <= 100)) {
    throw new ValidationError(`${field}.additionalSurgeryPercent`, 'must be between 0 and 100');
  }
}

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * A {@link KnowledgeBase} built from arrays, for tests, simulations and small deployments.
 * Validates the data (paths such as `items[3].maxAge`) and builds the reverse indexes.
 */
export class InMemoryKnowledgeBase implements KnowledgeBase {
  private constructor(
    readonly version: string,
    private readonly items: ReadonlyMap<string, CatalogueItem>,
    private readonly diagnoses: ReadonlyMap<string, DiagnosisConstraint>,
    private readonly classes: ReadonlyMap<string, DrugClass>,
    private readonly sets: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly codes: ReadonlyMap<string, DiagnosisCode> | null,
    private readonly operations: ReadonlyMap<string, OperationConstraint>,
    private readonly lists: ReadonlyMap<string, DiseaseList>,
  ) {}

  static from(data: KnowledgeBaseData): InMemoryKnowledgeBase {
    if (typeof data.version !== 'string' || data.version === '') throw new ValidationError('version', 'is required');
    const entries = data.items ?? [];
    const containedIn = new Map<string, string[]>();
    const bundleCodes = new Map<string, string[]>();
    const codes = new Set<string>();
    entries.forEach((entry, i) => {
      checkEntry(entry, `items[${i}]`);
      if (codes.has(entry.hilistCode)) throw new ValidationError(`items[${i}].hilistCode`, 'duplicates another item');
      codes.add(entry.hilistCode);
      for (const part of entry.contains ?? []) pushTo(containedIn, part, entry.hilistCode);
      for (const part of entry.bundleParts ?? []) pushTo(bundleCodes, part, entry.hilistCode);
    });
    const items = new Map<string, CatalogueItem>();
    for (const entry of entries) {
      items.set(
        entry.hilistCode,
        Object.freeze({ ...entry, containedIn: containedIn.get(entry.hilistCode) ?? [], bundleCodes: bundleCodes.get(entry.hilistCode) ?? [] }),
      );
    }

    const diagnoses = new Map<string, DiagnosisConstraint>();
    (data.diagnoses ?? []).forEach((d, i) => {
      const field = `diagnoses[${i}]`;
      if (typeof d.codePrefix !== 'string' || !/^[A-Z][0-9A-Z.]*$/.test(d.codePrefix)) {
        throw new ValidationError(`${field}.codePrefix`, 'must be an upper-case ICD-10 prefix such as O or N40');
      }
      if (diagnoses.has(d.codePrefix)) throw new ValidationError(`${field}.codePrefix`, 'duplicates another constraint');
      if (d.gender !== undefined && d.gender !== '1' && d.gender !== '2') throw new ValidationError(`${field}.gender`, "must be '1' or '2'");
      checkAge(d.minAge, `${field}.minAge`);
      checkAge(d.maxAge, `${field}.maxAge`);
      diagnoses.set(d.codePrefix, Object.freeze({ ...d }));
    });

    const classes = new Map<string, DrugClass>();
    (data.drugClasses ?? []).forEach((c, i) => {
      if (typeof c.code !== 'string' || c.code === '') throw new ValidationError(`drugClasses[${i}].code`, 'is required');
      classes.set(c.code, Object.freeze({ ...c }));
    });
    entries.forEach((entry, i) => {
      if (entry.drugClass !== undefined && !classes.has(entry.drugClass)) {
        throw new ValidationError(`items[${i}].drugClass`, `unknown drug class ${entry.drugClass}`);
      }
    });

    const sets = new Map<string, ReadonlySet<string>>();
    for (const [name, list] of Object.entries(data.codeSets ?? {})) {
      if (!Array.isArray(list) || list.some((c) => typeof c !== 'string')) throw new ValidationError(`codeSets.${name}`, 'must be a list of codes');
      sets.set(name, new Set(list));
    }

    // An empty table is no table: a snapshot without the code list cannot call a code unknown.
    const table = new Map<string, DiagnosisCode>();
    (data.diagnosisCodes ?? []).forEach((d, i) => {
      const field = `diagnosisCodes[${i}]`;
      if (typeof d.code !== 'string' || !/^[A-Za-z][0-9A-Za-z.+*-]{1,29}$/.test(d.code)) {
        throw new ValidationError(`${field}.code`, 'must be an ICD-10 code such as K29.700');
      }
      if (typeof d.name !== 'string' || d.name === '') throw new ValidationError(`${field}.name`, 'is required');
      const code = d.code.toUpperCase();
      if (table.has(code)) throw new ValidationError(`${field}.code`, 'duplicates another code');
      table.set(code, Object.freeze({ code, name: d.name }));
    });

    const operations = new Map<string, OperationConstraint>();
    (data.operations ?? []).forEach((o, i) => {
      const field = `operations[${i}]`;
      if (typeof o.codePrefix !== 'string' || !/^[0-9][0-9A-Z.]*$/.test(o.codePrefix)) {
        throw new ValidationError(`${field}.codePrefix`, 'must be an upper-case ICD-9-CM-3 prefix such as 68 or 60.2');
      }
      if (operations.has(o.codePrefix)) throw new ValidationError(`${field}.codePrefix`, 'duplicates another constraint');
      if (typeof o.name !== 'string' || o.name === '') throw new ValidationError(`${field}.name`, 'is required');
      if (o.gender !== undefined && o.gender !== '1' && o.gender !== '2') throw new ValidationError(`${field}.gender`, "must be '1' or '2'");
      operations.set(o.codePrefix, Object.freeze({ ...o }));
    });

    const lists = new Map<string, DiseaseList>();
    (data.diseaseLists ?? []).forEach((l, i) => {
      const field = `diseaseLists[${i}]`;
      if (typeof l.code !== 'string' || l.code === '') throw new ValidationError(`${field}.code`, 'is required');
      if (lists.has(l.code)) throw new ValidationError(`${field}.code`, 'duplicates another disease list');
      if (typeof l.name !== 'string' || l.name === '') throw new ValidationError(`${field}.name`, 'is required');
      if (!Array.isArray(l.diagnosisPrefixes) || l.diagnosisPrefixes.length === 0) {
        throw new ValidationError(`${field}.diagnosisPrefixes`, 'a disease list names at least one ICD-10 prefix');
      }
      l.diagnosisPrefixes.forEach((p, j) => {
        if (typeof p !== 'string' || !/^[A-Z][0-9A-Z.]*$/.test(p)) {
          throw new ValidationError(`${field}.diagnosisPrefixes[${j}]`, 'must be an upper-case ICD-10 prefix such as E11');
        }
      });
      lists.set(l.code, Object.freeze({ ...l, diagnosisPrefixes: Object.freeze([...l.diagnosisPrefixes]) }));
    });
    entries.forEach((entry, i) => {
      for (const code of entry.diseaseLists ?? []) {
        if (!lists.has(code)) throw new ValidationError(`items[${i}].diseaseLists`, `unknown disease list ${code}`);
      }
    });
    return new InMemoryKnowledgeBase(data.version, items, diagnoses, classes, sets, table.size > 0 ? table : null, operations, lists);
  }

  item(hilistCode: string): CatalogueItem | undefined {
    return this.items.get(hilistCode);
  }

  itemCodesWith(attribute: CatalogueAttribute): readonly string[] {
    const codes: string[] = [];
    for (const item of this.items.values()) if (hasAttribute(item, attribute)) codes.push(item.hilistCode);
    return codes;
  }

  diagnosisConstraint(code: string): DiagnosisConstraint | undefined {
    const normalized = code.toUpperCase();
    for (let n = normalized.length; n >= 1; n -= 1) {
      const found = this.diagnoses.get(normalized.slice(0, n));
      if (found) return found;
    }
    return undefined;
  }

  drugClass(code: string): DrugClass | undefined {
    return this.classes.get(code);
  }

  codeSet(name: string): ReadonlySet<string> | undefined {
    return this.sets.get(name);
  }

  get hasDiagnosisCodes(): boolean {
    return this.codes !== null;
  }

  diagnosisCode(code: string): DiagnosisCode | undefined {
    return this.codes?.get(code.toUpperCase());
  }

  operationConstraint(code: string): OperationConstraint | undefined {
    const normalized = code.toUpperCase();
    for (let n = normalized.length; n >= 1; n -= 1) {
      const found = this.operations.get(normalized.slice(0, n));
      if (found) return found;
    }
    return undefined;
  }

  diseaseList(code: string): DiseaseList | undefined {
    return this.lists.get(code);
  }
}
