import { Type } from 'class-transformer';
import {
  IsArray,
  IsBase64,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationArguments,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Admdvs, LocalDate } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';

/**
 * Knowledge base and rule base (知识库、规则库) — monitoring-kb-service. Regions: a province code
 * (`430000`) holds the provincial defaults, a city code (`430100`) the city's own items and rule
 * set; a city without its own rule set uses the province's.
 */
export const KbSubjects = {
  /** claims-review → kb: the rule set in force for a pooling region on a date (city overrides applied). */
  ruleSetInForce: 'mi.v1.kb.rule-set-in-force',
  /** claims-review → kb: the knowledge snapshot (catalogue, diagnoses, classes, code sets) for a region. */
  knowledgeSnapshot: 'mi.v1.kb.knowledge-snapshot',
  /** gateway → kb: save a rule as a new draft version (validated when saved). */
  saveRuleDraft: 'mi.v1.kb.save-rule-draft',
  /** gateway → kb: list rule versions of a region. */
  listRules: 'mi.v1.kb.list-rules',
  /** gateway → kb: propose publishing a rule set (maker-checker; approve via approvals of context `kb`). */
  proposeRuleSet: 'mi.v1.kb.propose-rule-set',
  /** gateway → kb: published rule sets of a region and, for a city, its overrides as a diff. */
  listRuleSets: 'mi.v1.kb.list-rule-sets',
  /** gateway → kb: import catalogue rows (CSV or XLSX, all or nothing). */
  importCatalogue: 'mi.v1.kb.import-catalogue',
  /**
   * gateway → kb: import one coding table (ICD-10 医保版 diagnosis codes, ICD-9-CM-3 operation
   * constraints or 限定病种目录) as CSV or XLSX; it replaces the region's table from `validFrom`, all or nothing.
   */
  importCodingTable: 'mi.v1.kb.import-coding-table',
  /** claims-review → kb: definitions of named rule versions (drafts included) of a city or its province, for a simulation. */
  ruleDefinitions: 'mi.v1.kb.rule-definitions',
} as const;

export const KbEventSubjects = {
  /** A rule set was published for a region (claims-review reloads it). */
  RuleSetPublished: 'evt.kb.RuleSetPublished',
  KnowledgeImported: 'evt.kb.KnowledgeImported',
} as const;

const isoDate = (v: unknown, field: string): string => LocalDate.parse(v, field).toString();

export class RuleSetInForceRequest {
  /** Pooling region (city) of the claim. */
  @ParsedBy((v) => Admdvs.parse(v, 'poolarea'))
  poolarea: string;

  /** Business date (yyyy-MM-dd, Asia/Shanghai), e.g. the settlement date. */
  @ParsedBy((v) => isoDate(v, 'date'))
  date: string;
}

export interface RuleSetView {
  region: string;
  version: number;
  effectiveFrom: string;
  publishedAt: string;
  /** Rule definitions (JSON DSL of @mi/rules) with the city's parameter overrides applied; disabled rules left out. */
  rules: Record<string, unknown>[];
  overrides: RuleOverride[];
  /**
   * Ids of the rules in `rules` that run in shadow mode (影子规则): evaluated and recorded, never
   * enforced. Absent from sets published before shadow mode existed.
   */
  shadow?: string[];
}

export class RuleOverride {
  @Matches(/^[A-Za-z0-9-]{3,40}$/, { message: 'ruleId must be a rule id' })
  ruleId: string;

  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  /** Parameter values replacing the provincial ones (thresholds). */
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;
}

export class RuleRef {
  @Matches(/^[A-Za-z0-9-]{3,40}$/, { message: 'ruleId must be a rule id' })
  ruleId: string;

  @IsInt()
  @Min(1)
  version: number;

  /**
   * Shadow mode (影子规则): the rule is evaluated at intake and its findings recorded as shadow
   * findings — no review case, not a violation, not in events, not answered to the HIS. Default false.
   */
  @IsOptional()
  @IsBoolean()
  shadow?: boolean;
}

export class SaveRuleDraftRequest {
  @ParsedBy((v) => Admdvs.parse(v, 'region'))
  region: string;

  /** The rule in the @mi/rules DSL; validated (fields, tables, types) before it is stored. */
  @IsObject()
  definition: Record<string, unknown>;
}

export class ListRulesRequest {
  @ParsedBy((v) => Admdvs.parse(v, 'region'))
  region: string;

  @IsOptional()
  @IsIn(['DRAFT', 'PUBLISHED'])
  status?: 'DRAFT' | 'PUBLISHED';
}

export interface RuleVersionView {
  ruleId: string;
  version: number;
  region: string;
  status: 'DRAFT' | 'PUBLISHED';
  name: { zh: string; en: string };
  createdBy: string;
  createdAt: string;
  definition: Record<string, unknown>;
}

export class ProposeRuleSetRequest {
  @ParsedBy((v) => Admdvs.parse(v, 'region'))
  region: string;

  @ParsedBy((v) => isoDate(v, 'effectiveFrom'))
  effectiveFrom: string;

  /** For a province: the rule versions of the set. For a city: leave empty to inherit the province's. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RuleRef)
  rules: RuleRef[];

  /** City only: disable or re-parameterise provincial rules. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RuleOverride)
  overrides?: RuleOverride[];

  @IsString()
  @Length(4, 500)
  reason: string;
}

export class ListRuleSetsRequest {
  @ParsedBy((v) => Admdvs.parse(v, 'region'))
  region: string;
}

/**
 * Upper bound of a catalogue import request as JSON (CSV text, or the XLSX as base64): it travels
 * in one NATS message, which is at most 1 MiB with its headers. The gateway refuses a larger upload
 * with a 400 before sending it; an XLSX's cells, once read as text, must also fit in this (an XLSX
 * import holds no more than a CSV import).
 */
export const CATALOGUE_IMPORT_MAX_BYTES = 1_000_000;

/** The `csv` field of a file import: exactly one of `csv` and `xlsx`; too large → `advice`. */
function CsvFile(advice: string): PropertyDecorator {
  return compose(
    ValidateIf((o: { csv?: string; xlsx?: string }) => o.xlsx === undefined || o.csv !== undefined),
    IsString({ message: 'csv must be the file as text (or send xlsx instead)' }),
    MaxLength(CATALOGUE_IMPORT_MAX_BYTES, { message: `csv is too large for one import (at most ${CATALOGUE_IMPORT_MAX_BYTES} characters): ${advice}` }),
  );
}

/** The `xlsx` field of a file import (the workbook as base64); too large → `advice`. */
function XlsxFile(advice: string): PropertyDecorator {
  return compose(
    ValidateIf((o: { xlsx?: string }) => o.xlsx !== undefined),
    ValidateBy({
      name: 'notWithCsv',
      validator: {
        validate: (_v: unknown, args?: ValidationArguments) => (args?.object as { csv?: string } | undefined)?.csv === undefined,
        defaultMessage: () => 'xlsx: send the file as csv or as xlsx, not both',
      },
    }),
    IsString({ message: 'xlsx must be the workbook as base64' }),
    Length(4, CATALOGUE_IMPORT_MAX_BYTES, {
      message: `xlsx must be the workbook as base64, at most ${CATALOGUE_IMPORT_MAX_BYTES} characters (a file of about 730 KB): ${advice}`,
    }),
    IsBase64({}, { message: 'xlsx must be the workbook as base64' }),
  );
}

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

export class ImportCatalogueRequest {
  @ParsedBy((v) => Admdvs.parse(v, 'region'))
  region: string;

  /** First day the imported items apply. */
  @ParsedBy((v) => isoDate(v, 'validFrom'))
  validFrom: string;

  @IsString()
  @Length(1, 100)
  fileName: string;

  /** CSV with a header row in the national layout (columns and limits: docs/operations.md). Exactly one of `csv` and `xlsx`. */
  @CsvFile('split the catalogue into several files')
  csv?: string;

  /**
   * The same layout as an Excel workbook (.xlsx), base64: the first sheet, header row first. Its
   * cells are read as the text a CSV file would hold, so both formats import and reject alike.
   */
  @XlsxFile('split the catalogue into several files')
  xlsx?: string;
}

/**
 * The coding tables the rules read that a bureau loads whole (知识库编码表), each from its own file:
 * - `diagnosisCodes` — 医保疾病诊断分类与代码 (ICD-10 医保版), read by 疾病诊断编码异常;
 * - `operations` — 手术操作 gender constraints (ICD-9-CM-3 医保版), read by 手术操作编码与性别不符;
 * - `diseaseLists` — 限定病种目录 (门诊慢特病, 两病), read by 药品超限定病种目录范围使用 and named by
 *   catalogue items' `disease_lists`.
 * Column layouts: docs/operations.md and apps/monitoring-kb-service/src/knowledge/coding-tables.ts.
 */
export const CODING_TABLE_KINDS = ['diagnosisCodes', 'operations', 'diseaseLists'] as const;
export type CodingTableKind = (typeof CODING_TABLE_KINDS)[number];

/**
 * One coding table as a file, shaped like {@link ImportCatalogueRequest}. The file is the whole table:
 * it replaces the region's table of that kind from `validFrom` (the table before stays in force
 * before it), so it cannot be split; the same size limit applies ({@link CATALOGUE_IMPORT_MAX_BYTES}).
 */
export class ImportCodingTableRequest {
  @IsIn(CODING_TABLE_KINDS, { message: `kind must be one of ${CODING_TABLE_KINDS.join(', ')}` })
  kind: CodingTableKind;

  @ParsedBy((v) => Admdvs.parse(v, 'region'))
  region: string;

  /** First day the imported table applies. */
  @ParsedBy((v) => isoDate(v, 'validFrom'))
  validFrom: string;

  @IsString()
  @Length(1, 100)
  fileName: string;

  /** CSV with a header row in the table's layout (docs/operations.md). Exactly one of `csv` and `xlsx`. */
  @CsvFile('a table is imported whole, from one file')
  csv?: string;

  /** The same layout as an Excel workbook (.xlsx), base64: the first sheet, header row first. */
  @XlsxFile('a table is imported whole, from one file')
  xlsx?: string;
}

export interface ImportReport {
  batchId: string | null;
  region: string;
  rows: number;
  imported: number;
  rejected: { line: number; field: string; reason: string }[];
}

/** The answer to a coding table import: `imported` counts the new table's entries (for `diseaseLists`: lists; `rows` are list × prefix rows). */
export interface CodingTableImportReport extends ImportReport {
  kind: CodingTableKind;
  validFrom: string;
}

export class KnowledgeSnapshotRequest {
  @ParsedBy((v) => Admdvs.parse(v, 'poolarea'))
  poolarea: string;

  @ParsedBy((v) => isoDate(v, 'date'))
  date: string;
}

export class RuleDefinitionsRequest {
  /** The city asking; a rule version must belong to it or to its province. */
  @ParsedBy((v) => Admdvs.parse(v, 'poolarea'))
  poolarea: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RuleRef)
  rules: RuleRef[];
}

export interface RuleDefinitionsView {
  /** In the order asked; a version that does not exist (or belongs elsewhere) is a NOT_FOUND naming `rules[i]`. */
  definitions: Record<string, unknown>[];
}
