import { type ApplicantFacts, INFORMATION_SYSTEMS } from '@mi/contracts';
import { type InstitutionType, LocalDate } from '@mi/domain';
import { addMonths } from '../agreement/agreement-policy';

/** 申请材料 — the checklist per institution type (001_…; DOMAIN.md §1). */
export const MATERIALS_CHECKLIST: Record<'pharmacy' | 'medical', { code: string; label: string }[]> = {
  pharmacy: [
    { code: 'application-form', label: '定点申请表' },
    { code: 'licences', label: '药品经营许可证、营业执照、GSP证书（正副本原件及复印件）' },
    { code: 'staff-roster', label: '执业药师及从业人员名册（含职称）' },
    { code: 'product-list-ledger', label: '经营品种清单及进销存台账' },
    { code: 'inspection-certificates', label: '药品检验合格证明' },
    { code: 'premises', label: '经营场所产权证明或租赁合同' },
    { code: 'last-year-accounts', label: '上年度收支情况' },
  ],
  medical: [
    { code: 'application-form', label: '定点申请表' },
    { code: 'practice-licence', label: '医疗机构执业许可证或中医诊所备案证' },
    { code: 'staff-roster', label: '医务人员名册（含第一注册地）' },
    { code: 'insurance-management', label: '医保管理制度及医保科室人员名单' },
    { code: 'his-interface', label: '信息系统接口验收材料（国家医保编码、直接联网结算）' },
    { code: 'premises', label: '执业场所产权证明或租赁合同' },
    { code: 'last-year-accounts', label: '上年度收支情况' },
  ],
};

export function checklistFor(type: InstitutionType): { code: string; label: string }[] {
  return MATERIALS_CHECKLIST[type === 'pharmacy' ? 'pharmacy' : 'medical'];
}

/** Numbers of the admission rules; the default is national (AGR-01/02, 000_…, 001_…), a city overrides any of them. */
export interface AdmissionParameters {
  /** AGR-01.1: months in formal operation (hospitals, clinics, primary care). */
  medicalMinMonthsOpen: number;
  /** AGR-01.2: physicians whose first registration is this institution. */
  minFirstRegisteredPhysicians: number;
  /** AGR-01.3: beds from which an internal insurance department is required. */
  bedsRequiringDepartment: number;
  /** AGR-02 / 001_… 3rd article: months in business (pharmacies). */
  pharmacyMinMonthsOpen: number;
  pharmacyMinPharmacists: number;
  pharmacyMinSalesFloorM2: number;
  pharmacyMinWarehouseM2: number;
  /** 000_…: the five information systems. */
  requiredSystems: readonly string[];
  /** Licences in force on the day of application, per type; each inner list is alternatives (any one suffices). */
  pharmacyLicences: readonly (readonly string[])[];
  medicalLicences: readonly (readonly string[])[];
  /** 001_… 3rd article: able to sell drugs 24 hours a day (pharmacies). */
  pharmacyRequires24HourService: boolean;
  /** 001_… 3rd article: insured persons near the premises (pharmacies); 0 = not asked. */
  pharmacyMinInsuredNearby: number;
  /** 001_… 3rd article: no drug price or quality violation in the past year (pharmacies). */
  pharmacyRequiresNoPriceQualityViolation: boolean;
  /**
   * 定点药店布局规划 — the city's planned number of designated pharmacies per county/district
   * (admdvs of the pharmacy's registered address); null = the city has no layout plan. An area the
   * plan leaves out has no planned points.
   */
  pharmacyLayoutQuota: Readonly<Record<string, number>> | null;
  /** Working days the applicant has to supply missing materials (AGR-03). */
  materialsDeadlineWorkingDays: number;
  /** AGR-03: months from acceptance to the evaluation result. */
  evaluationMonths: number;
}

export const DEFAULT_ADMISSION: AdmissionParameters = {
  medicalMinMonthsOpen: 3,
  minFirstRegisteredPhysicians: 1,
  bedsRequiringDepartment: 100,
  pharmacyMinMonthsOpen: 3,
  pharmacyMinPharmacists: 2,
  pharmacyMinSalesFloorM2: 50,
  pharmacyMinWarehouseM2: 20,
  requiredSystems: INFORMATION_SYSTEMS,
  // DOMAIN.md §1 (001_… 3rd article): drug-trade licence, business licence, GSP certificate.
  pharmacyLicences: [['drug-trade'], ['business'], ['gsp']],
  // AGR-01 (2号令 Art. 5): a practice licence or a TCM clinic filing certificate.
  medicalLicences: [['practice', 'tcm-clinic-filing']],
  // 3号令 (AGR-02) asks none of these four; a city adopting the 001_… 3rd article does.
  pharmacyRequires24HourService: false,
  pharmacyMinInsuredNearby: 0,
  pharmacyRequiresNoPriceQualityViolation: false,
  pharmacyLayoutQuota: null,
  materialsDeadlineWorkingDays: 5,
  evaluationMonths: 3,
};

/**
 * Per-city overrides (data, keyed by pooling region). Quanzhou (350500) follows the 001_… 3rd
 * article: a pharmacy open a year, with 24-hour service, at least 300 insured persons nearby and no
 * drug price or quality violation in the past year. Its layout plan's figures are not in the
 * sources; a city sets `pharmacyLayoutQuota` once its plan is published.
 */
export const CITY_ADMISSION: Record<string, Partial<AdmissionParameters>> = {
  '350500': {
    pharmacyMinMonthsOpen: 12,
    pharmacyRequires24HourService: true,
    pharmacyMinInsuredNearby: 300,
    pharmacyRequiresNoPriceQualityViolation: true,
  },
};

export function admissionParameters(poolarea: string): AdmissionParameters {
  return { ...DEFAULT_ADMISSION, ...(CITY_ADMISSION[poolarea] ?? {}) };
}

export interface RuleFailure {
  rule: string;
  reason: string;
}

function monthsBetween(from: LocalDate, to: LocalDate): number {
  const months = (to.year - from.year) * 12 + (to.month - from.month);
  return to.day >= from.day ? months : months - 1;
}

/** Where a pharmacy would stand in its city's layout plan: its area and the designated pharmacies there now. */
export interface LayoutPosition {
  area: string;
  designatedInArea: number;
}

/**
 * Every eligibility rule the applicant fails (empty = eligible). `licencesInForce` are the kinds of
 * the registry's licences that have not expired today; `layout` is needed where the city has a
 * layout plan (a pharmacy without it fails the plan's rule).
 */
export function eligibilityFailures(
  type: InstitutionType,
  facts: ApplicantFacts,
  today: LocalDate,
  p: AdmissionParameters,
  licencesInForce: readonly string[],
  layout?: LayoutPosition,
): RuleFailure[] {
  const out: RuleFailure[] = [];
  const required = type === 'pharmacy' ? p.pharmacyLicences : p.medicalLicences;
  const lacking = required.filter((alternatives) => !alternatives.some((k) => licencesInForce.includes(k)));
  if (lacking.length > 0) {
    out.push({
      rule: 'ADM-LICENCES',
      reason: `no licence in force of kind ${lacking.map((a) => a.join(' or ')).join(', ')} (register it with its expiry first)`,
    });
  }
  const open = monthsBetween(LocalDate.parse(facts.openedOn, 'facts.openedOn'), today);
  const missing = p.requiredSystems.filter((s) => !facts.informationSystems.includes(s as never));
  if (missing.length > 0) out.push({ rule: 'ADM-SYSTEMS', reason: `lacks information systems: ${missing.join(', ')} (000_…)` });
  if (type === 'pharmacy') {
    if (open < p.pharmacyMinMonthsOpen) out.push({ rule: 'AGR-02.open', reason: `open ${open} months; at least ${p.pharmacyMinMonthsOpen} required` });
    if ((facts.pharmacists ?? 0) < p.pharmacyMinPharmacists)
      out.push({ rule: 'AGR-02.pharmacists', reason: `at least ${p.pharmacyMinPharmacists} pharmacists on duty` });
    if ((facts.salesFloorM2 ?? 0) < p.pharmacyMinSalesFloorM2)
      out.push({ rule: 'PHARM-FLOOR', reason: `sales floor at least ${p.pharmacyMinSalesFloorM2} m² (001_…)` });
    if ((facts.warehouseM2 ?? 0) < p.pharmacyMinWarehouseM2)
      out.push({ rule: 'PHARM-WAREHOUSE', reason: `warehouse at least ${p.pharmacyMinWarehouseM2} m² (001_…)` });
    out.push(...pharmacyPlanFailures(facts, p, layout));
  } else {
    if (open < p.medicalMinMonthsOpen) out.push({ rule: 'AGR-01.1', reason: `in operation ${open} months; at least ${p.medicalMinMonthsOpen} required` });
    if ((facts.firstRegisteredPhysicians ?? 0) < p.minFirstRegisteredPhysicians) {
      out.push({ rule: 'AGR-01.2', reason: `at least ${p.minFirstRegisteredPhysicians} physician first-registered at this institution` });
    }
    if ((facts.beds ?? 0) >= p.bedsRequiringDepartment && facts.insuranceDepartment !== true) {
      out.push({ rule: 'AGR-01.3', reason: `${p.bedsRequiringDepartment} beds or more require an internal medical-insurance department` });
    }
  }
  return out;
}

/** The 001_… 3rd-article conditions a city may adopt; an undeclared fact fails the rule that asks for it. */
function pharmacyPlanFailures(facts: ApplicantFacts, p: AdmissionParameters, layout: LayoutPosition | undefined): RuleFailure[] {
  const out: RuleFailure[] = [];
  if (p.pharmacyRequires24HourService && facts.twentyFourHourService !== true) {
    out.push({
      rule: 'PHARM-24H',
      reason: facts.twentyFourHourService === false ? '24-hour drug sales required (001_…)' : 'facts.twentyFourHourService must be declared (001_…)',
    });
  }
  if (p.pharmacyMinInsuredNearby > 0 && (facts.insuredPersonsNearby ?? 0) < p.pharmacyMinInsuredNearby) {
    out.push({
      rule: 'PHARM-INSURED-NEARBY',
      reason:
        facts.insuredPersonsNearby === undefined
          ? `facts.insuredPersonsNearby must be declared; at least ${p.pharmacyMinInsuredNearby} required (001_…)`
          : `${facts.insuredPersonsNearby} insured persons nearby; at least ${p.pharmacyMinInsuredNearby} required (001_…)`,
    });
  }
  if (p.pharmacyRequiresNoPriceQualityViolation && facts.priceOrQualityViolationInPastYear !== false) {
    out.push({
      rule: 'PHARM-PRICE-QUALITY',
      reason:
        facts.priceOrQualityViolationInPastYear === true
          ? 'a drug price or quality violation in the past year (001_…)'
          : 'facts.priceOrQualityViolationInPastYear must be declared (001_…)',
    });
  }
  if (p.pharmacyLayoutQuota !== null) {
    const quota = layout ? (p.pharmacyLayoutQuota[layout.area] ?? 0) : 0;
    if (!layout || layout.designatedInArea >= quota) {
      out.push({
        rule: 'PHARM-LAYOUT-QUOTA',
        reason: layout
          ? `the layout plan allows ${quota} designated pharmacies in ${layout.area}; ${layout.designatedInArea} already designated`
          : 'the city’s layout plan needs the pharmacy’s area',
      });
    }
  }
  return out;
}

/** AGR-04 — no-reapply periods after a termination, by ground (years). */
export const NO_REAPPLY_YEARS: Partial<Record<number, number>> = { 2: 3, 3: 3, 11: 3, 14: 3, 1: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 13: 1 };
/** AGR-04 — a fraudulent application bars re-application for 3 years from discovery. */
export const FRAUD_BAR_YEARS = 3;
export const EXCLUDED_SCOPES = ['cosmetic', 'assisted-reproduction', 'personal-care', 'dental-implant'];

/** AGR-03: months of rectification after a failed evaluation before the institution may apply again. */
export const RECTIFICATION_MONTHS = 3;
/** AGR-03: months a second failed evaluation in a row bars new applications, counted from that fail. */
export const SECOND_FAIL_BAR_MONTHS = 12;

/** A decided evaluation of an earlier application of the same institution. */
export interface PastEvaluation {
  decidedOn: LocalDate;
  passed: boolean;
}

/**
 * AGR-03 — may the institution apply again today, given its earlier evaluations? After a failed
 * evaluation it rectifies for 3 months; when the latest two evaluations both failed (no pass between
 * them), the second fail bars new applications for a year from that fail — however long ago the
 * first one was.
 */
export function reapplicationBar(evaluations: readonly PastEvaluation[], today: LocalDate): RuleFailure | null {
  const [last, previous] = [...evaluations].sort((a, b) => b.decidedOn.compareTo(a.decidedOn));
  if (!last || last.passed) return null;
  if (previous && !previous.passed) {
    const until = addMonths(last.decidedOn, SECOND_FAIL_BAR_MONTHS);
    if (!today.isBefore(until)) return null;
    return { rule: 'AGR-03.second-fail', reason: `failed evaluation twice in a row (the second on ${last.decidedOn}); no new application before ${until}` };
  }
  const from = addMonths(last.decidedOn, RECTIFICATION_MONTHS);
  return today.isBefore(from) ? { rule: 'AGR-03.rectify', reason: `failed evaluation; re-evaluation after 3 months of rectification (from ${from})` } : null;
}

/** Ratio of votes in favour to team size that passes (001_…: ≥ 2/3). */
export function evaluationPasses(inFavour: number, teamSize: number): boolean {
  return inFavour * 3 >= teamSize * 2;
}
