import { baseMedType, ListType, Money, type LocalDate } from '@mi/domain';
import { bound, type DiagnosisView, type EvalContext, type LineView, type OperationView, type Value } from '../compiler/runtime';
import type { CatalogueItem, DiagnosisConstraint, KnowledgeBase, OperationConstraint } from '../knowledge/knowledge';
import { Rational } from './rational';
import type { ValueType } from './rule-definition';

/**
 * What a field name is bound to: the claim and patient are always there; `line`/`item` in a
 * line rule, `group` in a grouped line rule, `each`/`eachItem` inside `{ agg, over: "lines" }`,
 * `dx`/`dxRule` inside `{ agg, over: "diagnoses" }`, `oprn`/`oprnRule` inside `{ agg, over: "operations" }`.
 */
export type FieldBinding = 'claim' | 'patient' | 'line' | 'item' | 'group' | 'each' | 'eachItem' | 'dx' | 'dxRule' | 'oprn' | 'oprnRule';

/** Where the value comes from: the claim, the patient, a charge line, or the knowledge base. */
export type FieldSource = 'claim' | 'patient' | 'line' | 'knowledge';

export interface FieldInfo {
  readonly name: string;
  readonly type: ValueType;
  readonly binding: FieldBinding;
  readonly source: FieldSource;
  readonly description: string;
}

interface FieldEntry extends FieldInfo {
  readonly get: (ctx: EvalContext) => Value;
}

const int = (n: number | undefined): Rational | null => (n === undefined ? null : Rational.fromInteger(n));
const text = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s);
const date = (d: LocalDate | undefined): LocalDate | null => d ?? null;

const entries: FieldEntry[] = [];

function add(binding: FieldBinding, source: FieldSource, name: string, type: ValueType, description: string, get: (ctx: EvalContext) => Value): void {
  entries.push({ name: `${binding}.${name}`, type, binding, source, description, get });
}

// claim.* ------------------------------------------------------------------------------------
const claimField = (name: string, type: ValueType, description: string, get: (ctx: EvalContext) => Value): void =>
  add('claim', 'claim', name, type, description, get);
claimField('claimId', 'string', '就诊ID mdtrt_id', (c) => c.view.claim.claimId);
claimField('setlId', 'string', '结算ID setl_id', (c) => text(c.view.claim.setlId));
claimField('stage', 'string', "review stage 'pre' | 'in' | 'post'", (c) => c.view.claim.stage);
claimField('triggerScene', 'string', '触发场景 trig_scen', (c) => text(c.view.claim.triggerScene));
claimField('insutype', 'string', '险种 insutype', (c) => c.view.claim.insutype);
claimField('medType', 'string', '医疗类别 med_type as sent (may be a regional sub-code)', (c) => c.view.claim.medType);
claimField('medTypeBase', 'string', 'national two-digit med_type', (c) => baseMedType(c.view.claim.medType));
claimField('treatmentMode', 'string', '就诊类型 med_mdtrt_type: 1 门诊, 2 住院, 3 购药, 4 其他', (c) => c.view.claim.treatmentMode);
claimField('institutionCode', 'string', '定点医药机构编号', (c) => c.view.claim.institution.code);
claimField('institutionLevel', 'number', 'institution level 1–3, 0 = 未定级', (c) => Rational.fromInteger(c.view.claim.institution.level));
claimField('institutionType', 'string', 'hospital | primary-care | clinic | pharmacy', (c) => c.view.claim.institution.type);
claimField('admdvs', 'string', "institution's region code", (c) => c.view.claim.institution.admdvs);
claimField('poolarea', 'string', '统筹区', (c) => c.view.claim.institution.poolarea);
claimField('admissionDate', 'date', 'visit date, or admission date of a stay', (c) => c.view.claim.admissionDate);
claimField('dischargeDate', 'date', 'discharge date (unknown for visits and open stays)', (c) => date(c.view.claim.dischargeDate));
claimField('lengthOfStay', 'number', 'discharge − admission in days (unknown without discharge)', (c) =>
  c.view.claim.dischargeDate ? Rational.fromInteger(c.view.claim.admissionDate.daysUntil(c.view.claim.dischargeDate)) : null,
);
claimField('mainDiagnosis', 'string', 'main diagnosis ICD-10 code', (c) => text(c.view.claim.mainDiagnosis));
claimField('diagnosisCodes', 'strings', 'every diagnosis code, main first', (c) => c.view.diagnosisCodes);
claimField('operationCodes', 'strings', 'every operation code (ICD-9-CM-3), main first', (c) => c.view.operationCodes);
claimField('itemCodes', 'strings', 'distinct hilist codes charged on the claim', (c) => c.view.itemCodes);
claimField('department', 'string', 'department code', (c) => text(c.view.claim.department));
claimField('doctor', 'string', 'attending doctor code', (c) => text(c.view.claim.doctor));
claimField('totalAmount', 'money', 'sum of all line amounts', (c) => c.view.totalAmount);
claimField('lineCount', 'number', 'number of lines', (c) => Rational.fromInteger(c.view.lines.length));

// patient.* ----------------------------------------------------------------------------------
add('patient', 'patient', 'psnNo', 'string', '人员编号 psn_no', (c) => c.view.claim.patient.psnNo);
add('patient', 'patient', 'gender', 'string', "gend: '1' male, '2' female, '0'/'9' unknown", (c) => c.view.claim.patient.gender);
add('patient', 'patient', 'birthDate', 'date', 'birth date', (c) => c.view.claim.patient.birthDate);
add('patient', 'patient', 'age', 'number', 'whole years on the admission/visit date', (c) => Rational.fromInteger(c.view.age));
add('patient', 'patient', 'ageDays', 'number', 'days of life on the admission/visit date', (c) => Rational.fromInteger(c.view.ageDays));

// line.* and each.* --------------------------------------------------------------------------
type LineBinding = 'line' | 'each';
const lineFields: [string, ValueType, string, (v: LineView) => Value][] = [
  ['lineId', 'string', 'rx_id / feedetl_sn', (v) => v.line.lineId],
  ['hilistCode', 'string', '医保目录编码', (v) => v.line.hilistCode],
  ['name', 'string', 'item name as charged', (v) => v.line.name],
  ['listType', 'string', '目录类别 101/102/105/106/201/301/501', (v) => v.line.listType],
  ['listCategory', 'string', 'drug | tcm-pieces | service | consumable | other', (v) => ListType.entry(v.line.listType).category],
  ['chargeType', 'string', '收费类别 01–14', (v) => text(v.line.chargeType)],
  ['quantity', 'number', '数量 cnt', (v) => v.line.quantity.toRational()],
  ['unitPrice', 'money', '单价 pric', (v) => v.line.unitPrice],
  ['amount', 'money', '金额 sumamt', (v) => v.line.amount],
  ['serviceDate', 'date', 'date charged / ordered', (v) => v.line.serviceDate],
  ['department', 'string', 'ordering department', (v) => text(v.line.department)],
  ['doctor', 'string', 'ordering doctor', (v) => text(v.line.doctor)],
  ['days', 'number', '用药天数 prd_days', (v) => int(v.line.days)],
  ['seq', 'number', 'position in the claim, 1-based (orders lines)', (v) => Rational.fromInteger(v.seq)],
];
// One reader per binding (a named property load, not `c[binding]`, in the evaluator's hottest path).
const lineOf = (c: EvalContext): LineView => bound(c.line, 'line');
const eachOf = (c: EvalContext): LineView => bound(c.each, 'each');
for (const [binding, view] of [
  ['line', lineOf],
  ['each', eachOf],
] as const satisfies readonly (readonly [LineBinding, (c: EvalContext) => LineView])[]) {
  for (const [name, type, description, read] of lineFields) {
    add(binding, 'line', name, type, description, (c) => read(view(c)));
  }
}

// item.* and eachItem.* (knowledge) ----------------------------------------------------------
const list = (values: readonly string[] | undefined): readonly string[] => values ?? [];
const diseaseListsOf = (i: CatalogueItem, knowledge: KnowledgeBase) =>
  (i.diseaseLists ?? []).flatMap((code) => {
    const found = knowledge.diseaseList(code);
    return found ? [found] : [];
  });
const itemFields: [string, ValueType, string, (i: CatalogueItem, c: EvalContext) => Value][] = [
  ['name', 'string', 'catalogue name', (i) => i.name],
  ['gender', 'string', "限性别: '1' or '2'", (i) => text(i.gender)],
  ['minAge', 'number', 'lowest age in years', (i) => int(i.minAge)],
  ['maxAge', 'number', 'highest age in years', (i) => int(i.maxAge)],
  ['workInjuryOnly', 'boolean', '限工伤保险', (i) => i.workInjuryOnly === true],
  ['maternityOnly', 'boolean', '限生育保险', (i) => i.maternityOnly === true],
  ['tcmNotPayable', 'string', "中药饮片不予支付: 'always' (单复方) or 'single' (单方)", (i) => text(i.tcmNotPayable)],
  ['elderlyAvoid', 'boolean', '老年人潜在不适当用药', (i) => i.elderlyAvoid === true],
  [
    'maxAmountPerVisit',
    'money',
    '限定报销总额 per visit/stay',
    (i) => (i.maxAmountPerVisit === undefined ? null : Money.parseYuan(i.maxAmountPerVisit, 'maxAmountPerVisit')),
  ],
  ['newbornOnly', 'boolean', '限新生儿', (i) => i.newbornOnly === true],
  ['childOnly', 'boolean', '限儿童 / 儿童专用', (i) => i.childOnly === true],
  ['indicationPrefixes', 'strings', '限适应症: ICD-10 prefixes', (i) => list(i.indicationPrefixes)],
  ['indicationText', 'string', 'wording of the limit', (i) => text(i.indicationText)],
  ['maxDays', 'number', '限最大支付天数', (i) => int(i.maxDays)],
  [
    'maxQuantityPerVisit',
    'number',
    '最大开药量 per visit',
    (i) => (i.maxQuantityPerVisit === undefined ? null : Rational.parse(i.maxQuantityPerVisit, 'maxQuantityPerVisit')),
  ],
  ['courseDays', 'number', '限支付疗程: days of use paid per course', (i) => int(i.courseDays)],
  ['courseWindowDays', 'number', '疗程周期: the window one course is counted in (days)', (i) => int(i.courseWindowDays)],
  ['diseaseLists', 'strings', '限定病种目录: codes of the disease lists whose medication list has the item', (i) => list(i.diseaseLists)],
  ['diseaseListNames', 'strings', 'names of those disease lists', (i, c) => diseaseListsOf(i, c.view.knowledge).map((l) => l.name)],
  [
    'diseaseListPrefixes',
    'strings',
    'ICD-10 prefixes that qualify for any of those lists',
    (i, c) => [...new Set(diseaseListsOf(i, c.view.knowledge).flatMap((l) => l.diagnosisPrefixes))],
  ],
  ['minInstitutionLevel', 'number', '限医疗机构级别 (lowest level)', (i) => int(i.minInstitutionLevel)],
  ['treatmentModes', 'strings', '限就医方式', (i) => list(i.treatmentModes)],
  ['inpatientOnly', 'boolean', 'payable for inpatients only (treatmentModes = [2])', (i) => i.treatmentModes?.length === 1 && i.treatmentModes[0] === '2'],
  ['secondLine', 'boolean', '限二线', (i) => i.secondLine === true],
  ['firstLineCodes', 'strings', 'first-line alternatives of a second-line item', (i) => list(i.firstLineCodes)],
  ['priceCap', 'money', "限定单价 for the claim's institution level", (i, c) => i.priceCaps?.[c.view.claim.institution.level] ?? null],
  ['maxPerDay', 'number', '限定频次 per day', (i) => int(i.maxPerDay)],
  ['maxPerVisit', 'number', '限定频次 per visit', (i) => int(i.maxPerVisit)],
  ['departments', 'strings', '限科室', (i) => list(i.departments)],
  ['contains', 'strings', 'items included in this price', (i) => list(i.contains)],
  ['containedIn', 'strings', 'items whose price includes this one', (i) => i.containedIn],
  ['excludedWith', 'strings', 'items not chargeable the same day', (i) => list(i.excludedWith)],
  ['bundleParts', 'strings', 'parts of this package item', (i) => list(i.bundleParts)],
  ['bundleCodes', 'strings', 'package items this one is part of', (i) => i.bundleCodes],
  ['drugClass', 'string', '药理作用分类 code', (i) => text(i.drugClass)],
  ['drugClassName', 'string', 'drug class name', (i, c) => (i.drugClass === undefined ? null : (c.view.knowledge.drugClass(i.drugClass)?.name ?? null))],
  [
    'additionalSurgeryPercent',
    'number',
    '手术折价 percent',
    (i) => (i.additionalSurgeryPercent === undefined ? null : Rational.parse(i.additionalSurgeryPercent, 'additionalSurgeryPercent')),
  ],
];
for (const [binding, lineBinding] of [
  ['item', 'line'],
  ['eachItem', 'each'],
] as const) {
  for (const [name, type, description, read] of itemFields) {
    const view = lineBinding === 'line' ? lineOf : eachOf;
    add(binding, 'knowledge', name, type, `${description} (unknown when the item is not in the catalogue)`, (c) => {
      const item = view(c).item;
      return item === undefined ? null : read(item, c);
    });
  }
}

// group.* --------------------------------------------------------------------------------------
add('group', 'line', 'quantity', 'number', 'total quantity of the group', (c) => bound(c.group, 'group').quantity);
add('group', 'line', 'amount', 'money', 'total amount of the group', (c) => bound(c.group, 'group').amount);
add('group', 'line', 'lineCount', 'number', 'lines in the group', (c) => Rational.fromInteger(bound(c.group, 'group').lines.length));
add('group', 'line', 'days', 'number', 'sum of prd_days (unknown when no line has it)', (c) => bound(c.group, 'group').days);

// dx.* and dxRule.* ----------------------------------------------------------------------------
const dxField = (name: string, type: ValueType, description: string, read: (d: DiagnosisView) => Value): void =>
  add('dx', 'claim', name, type, description, (c) => read(bound(c.dx, 'dx')));
dxField('code', 'string', 'ICD-10 code', (d) => d.diagnosis.code);
dxField('name', 'string', 'diagnosis name', (d) => text(d.diagnosis.name));
dxField('isMain', 'boolean', 'main diagnosis', (d) => d.diagnosis.isMain);
dxField('seq', 'number', 'position, main = 1', (d) => Rational.fromInteger(d.seq));
// 医保版 ICD-10 codes are a category, a dot and three characters (`K29.700`, `I10.X00`), optionally
// an extension (`I63.900X001`); a bare category (`I63`) or a short code (`I63.9`) is incomplete.
const NHSA_ICD10 = /^[A-Z][0-9]{2}\.[0-9X]{3}(?:X[0-9]{3})?$/;
dxField('wellFormed', 'boolean', 'has the ICD-10 医保版 shape (K29.700, I10.X00, I63.900X001)', (d) => NHSA_ICD10.test(d.diagnosis.code));
add('dx', 'knowledge', 'listed', 'boolean', 'in the ICD-10 医保版 code table (unknown when the snapshot has no table)', (c) =>
  c.view.knowledge.hasDiagnosisCodes ? bound(c.dx, 'dx').listed !== undefined : null,
);
add('dx', 'knowledge', 'listedName', 'string', "the code table's name for the code (unknown when not listed)", (c) => bound(c.dx, 'dx').listed?.name ?? null);
const dxRuleField = (name: string, type: ValueType, description: string, read: (r: DiagnosisConstraint) => Value): void =>
  add('dxRule', 'knowledge', name, type, `${description} (unknown without a constraint)`, (c) => {
    const constraint = bound(c.dx, 'dx').constraint;
    return constraint === undefined ? null : read(constraint);
  });
dxRuleField('prefix', 'string', 'matching ICD-10 prefix', (r) => r.codePrefix);
dxRuleField('name', 'string', 'constraint name', (r) => r.name);
dxRuleField('gender', 'string', 'gender the diagnosis requires', (r) => text(r.gender));
dxRuleField('minAge', 'number', 'lowest plausible age', (r) => int(r.minAge));
dxRuleField('maxAge', 'number', 'highest plausible age', (r) => int(r.maxAge));

// oprn.* and oprnRule.* -------------------------------------------------------------------------
const oprnField = (name: string, type: ValueType, description: string, read: (o: OperationView) => Value): void =>
  add('oprn', 'claim', name, type, description, (c) => read(bound(c.oprn, 'oprn')));
oprnField('code', 'string', 'ICD-9-CM-3 operation code', (o) => o.operation.code);
oprnField('name', 'string', 'operation name', (o) => text(o.operation.name));
oprnField('isMain', 'boolean', 'main operation', (o) => o.operation.isMain);
oprnField('seq', 'number', 'position, main = 1', (o) => Rational.fromInteger(o.seq));
oprnField('date', 'date', 'operation date (unknown when not sent)', (o) => date(o.operation.date));
const oprnRuleField = (name: string, type: ValueType, description: string, read: (r: OperationConstraint) => Value): void =>
  add('oprnRule', 'knowledge', name, type, `${description} (unknown without a constraint)`, (c) => {
    const constraint = bound(c.oprn, 'oprn').constraint;
    return constraint === undefined ? null : read(constraint);
  });
oprnRuleField('prefix', 'string', 'matching ICD-9-CM-3 prefix', (r) => r.codePrefix);
oprnRuleField('name', 'string', 'constraint name', (r) => r.name);
oprnRuleField('gender', 'string', 'gender the operation requires', (r) => text(r.gender));

const BY_NAME: ReadonlyMap<string, FieldEntry> = new Map(entries.map((e) => [e.name, e]));

/** Every field a rule may read: name, type, binding and source. */
export const FIELD_REGISTRY: readonly FieldInfo[] = Object.freeze(
  entries.map(({ name, type, binding, source, description }) => Object.freeze({ name, type, binding, source, description })),
);

/** @internal the registry entry with its reader, for the compiler. */
export function fieldEntry(name: string): FieldEntry | undefined {
  return BY_NAME.get(name);
}
