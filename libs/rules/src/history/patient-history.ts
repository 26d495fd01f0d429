import { LocalDate, Money, ValidationError, baseMedType, type BaseMedicalType, type MedicalType, type TreatmentMode } from '@mi/domain';
import { Quantity } from '../claim/quantity';

/** Both ends inclusive. */
export interface DateRange {
  readonly from: LocalDate;
  readonly to: LocalDate;
}

/** Which encounters {@link PatientHistory.countVisits} counts. */
export interface VisitFilter {
  readonly treatmentModes?: readonly TreatmentMode[];
  /** National two-digit `med_type`s; regional sub-codes match by their prefix. */
  readonly medTypes?: readonly BaseMedicalType[];
  /** Only encounters at this institution. */
  readonly institutionCode?: string;
  /** Leave this encounter out (the claim under review may already be stored). */
  readonly excludeClaimId?: string;
}

/** A past charge line (`fee_list_d`), reduced to what the rules need. */
export interface HistoryLine {
  readonly claimId: string;
  readonly institutionCode: string;
  readonly hilistCode: string;
  readonly quantity: Quantity;
  readonly amount: Money;
  readonly serviceDate: LocalDate;
  /** 用药天数 `prd_days`, when the line has them (限支付疗程 counts days of use). */
  readonly days?: number;
}

/** A past or open inpatient stay. */
export interface InpatientStay {
  readonly claimId: string;
  readonly institutionCode: string;
  readonly admissionDate: LocalDate;
  /** Null while the patient is still in hospital. */
  readonly dischargeDate: LocalDate | null;
  readonly mainDiagnosis?: string;
}

/**
 * 就诊历史 — the patient's earlier encounters, implemented by the caller. Synchronous on
 * purpose: the caller loads one patient's slice (see `CompiledRuleSet.historyWindow`) into a
 * compact cache before evaluating, so a rule never waits on a database. {@link InMemoryPatientHistory}
 * is such a cache.
 */
export interface PatientHistory {
  /** Encounters (visits, stays, purchases) whose start date lies in `range`. */
  countVisits(psnNo: string, range: DateRange, filter: VisitFilter): number;
  /** Charge lines dated in `range`; `itemCodes` null means every item. */
  linesOf(psnNo: string, range: DateRange, itemCodes: ReadonlySet<string> | null): readonly HistoryLine[];
  /** Stays that overlap `range` (an open stay overlaps everything after its admission). */
  inpatientStays(psnNo: string, range: DateRange): readonly InpatientStay[];
}

/** One stored encounter with its lines, the unit {@link InMemoryPatientHistory} is built from. */
export interface HistoryEncounter {
  readonly claimId: string;
  readonly psnNo: string;
  readonly institutionCode: string;
  readonly treatmentMode: TreatmentMode;
  readonly medType: MedicalType;
  readonly admissionDate: LocalDate;
  /** Inpatient stays only; null while open. */
  readonly dischargeDate?: LocalDate | null;
  readonly mainDiagnosis?: string;
  readonly lines?: readonly Omit<HistoryLine, 'claimId' | 'institutionCode'>[];
}

function inRange(date: LocalDate, range: DateRange): boolean {
  return !date.isBefore(range.from) && !date.isAfter(range.to);
}

/** A patient with no history at all (first visit, or history not loaded for a pure claim check). */
export const NO_HISTORY: PatientHistory = Object.freeze({
  countVisits: () => 0,
  linesOf: () => [],
  inpatientStays: () => [],
});

/** History held in memory, indexed by person: the per-patient cache a caller fills before evaluating. */
export class InMemoryPatientHistory implements PatientHistory {
  private constructor(private readonly byPerson: ReadonlyMap<string, readonly HistoryEncounter[]>) {}

  static fromEncounters(encounters: readonly HistoryEncounter[]): InMemoryPatientHistory {
    const byPerson = new Map<string, HistoryEncounter[]>();
    encounters.forEach((e, i) => {
      if (e.dischargeDate && e.dischargeDate.isBefore(e.admissionDate)) {
        throw new ValidationError(`encounters[${i}].dischargeDate`, 'must not be before admissionDate');
      }
      const list = byPerson.get(e.psnNo);
      if (list) list.push(e);
      else byPerson.set(e.psnNo, [e]);
    });
    for (const list of byPerson.values()) list.sort((a, b) => LocalDate.compare(a.admissionDate, b.admissionDate));
    return new InMemoryPatientHistory(byPerson);
  }

  countVisits(psnNo: string, range: DateRange, filter: VisitFilter): number {
    let count = 0;
    for (const e of this.byPerson.get(psnNo) ?? []) {
      if (!inRange(e.admissionDate, range)) continue;
      if (filter.excludeClaimId !== undefined && e.claimId === filter.excludeClaimId) continue;
      if (filter.institutionCode !== undefined && e.institutionCode !== filter.institutionCode) continue;
      if (filter.treatmentModes && !filter.treatmentModes.includes(e.treatmentMode)) continue;
      if (filter.medTypes && !filter.medTypes.includes(baseMedType(e.medType))) continue;
      count += 1;
    }
    return count;
  }

  linesOf(psnNo: string, range: DateRange, itemCodes: ReadonlySet<string> | null): readonly HistoryLine[] {
    const found: HistoryLine[] = [];
    for (const e of this.byPerson.get(psnNo) ?? []) {
      for (const line of e.lines ?? []) {
        if (!inRange(line.serviceDate, range)) continue;
        if (itemCodes !== null && !itemCodes.has(line.hilistCode)) continue;
        found.push({ ...line, claimId: e.claimId, institutionCode: e.institutionCode });
      }
    }
    return found;
  }

  inpatientStays(psnNo: string, range: DateRange): readonly InpatientStay[] {
    const found: InpatientStay[] = [];
    for (const e of this.byPerson.get(psnNo) ?? []) {
      if (e.treatmentMode !== '2') continue;
      const discharge = e.dischargeDate ?? null;
      if (e.admissionDate.isAfter(range.to)) continue;
      if (discharge !== null && discharge.isBefore(range.from)) continue;
      found.push({
        claimId: e.claimId,
        institutionCode: e.institutionCode,
        admissionDate: e.admissionDate,
        dischargeDate: discharge,
        ...(e.mainDiagnosis !== undefined ? { mainDiagnosis: e.mainDiagnosis } : {}),
      });
    }
    return found;
  }
}
