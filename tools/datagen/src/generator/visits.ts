import { LocalDate } from '@mi/domain';
import { SAMPLE_CATALOGUE } from '@mi/rules';
import { DEPARTMENTS, DX, ITEMS, OPERATIONS, type GenItem } from './catalogue';
import { generateCity } from './city';
import { resolveConfig, type GeneratorConfig } from './config';
import type { AnomalyLabel, AnomalyType, City, FeeLine, Institution, Person, Practitioner, RuleLabel, SettlementAmounts, Visit, VisitEvent } from './model';
import { ratioHalfUp, yuan, type Fen } from './money';
import { Rng } from './prng';
import * as P from './profiles';
import type { Ctx, Draft, DraftLine } from './profiles';
import { ageOn, dayOfWeek, formatDateTime, formatDay } from './time';

/** Default rules this generator injects (every rule of DEFAULT_RULES). */
export const INJECTED_RULES = [
  'GZ10000101001000',
  'GZ10000101002000',
  'GZ10000101003000',
  'GZ10000101004000',
  'GZ10000101005000',
  'GZ10000101006000',
  'GZ10000101007000',
  'GZ10000101008000',
  'GZ10000101009000',
  'GZ10000101010000',
  'GZ10000101011000',
  'GZ10000101012000',
  'GZ10000102001000',
  'GZ10000102002000',
  'GZ10000102003000',
  'GZ10000102004000',
  'GZ10000102005000',
  'GZ10000102006000',
  'GZ10000102007000',
  'GZ10000102008000',
  'GZ10000102009000',
  'GZ10000102010000',
  'GZ10000102011000',
  'GZ10000102012000',
  'GZ10000102013000',
  'GZ10000102014000',
  'GZ10000102015000',
  'GZ10000103001000',
  'GZ10000103002000',
  'GZ10000103003000',
  'GZ10000201003000',
  'GZ10000201005000',
  'GZ10000201008000',
  'GZ10000202004000',
  'GZ10000204001000',
  'GZ10000204002000',
  'GZ10000204003000',
  'GZ10000204004000',
  'GZ10000204006000',
  'GZ10000204007000',
  'GZ10000301002000',
  'GZ10000301003000',
  'GZ10000301004000',
  'GZ10000301005000',
  'GZ10000301006000',
  'GZ10000301009000',
  'GZ10000302003000',
  'GZ10000302004000',
  'GZ10000303003000',
  'MI-DRUG-INPATIENT-ONLY',
  'MI-OUTPATIENT-DURING-STAY',
] as const;
export type InjectedRule = (typeof INJECTED_RULES)[number];

/** Anomaly kinds started by their own draw (the others come with rule injections). */
const ANOMALY_STARTERS = ['SETTLEMENT_BURST', 'PERSON_MANY_SETTLEMENTS_DAY', 'YOUNG_ADULT_INPATIENT_SPIKE', 'LARGE_EXPENDITURE', 'READMISSION_7D'] as const;

const GENDER_AGE_RULES = new Set<string>([
  'GZ10000101006000',
  'GZ10000101007000',
  'GZ10000102005000',
  'GZ10000102006000',
  'GZ10000103001000',
  'GZ10000103002000',
  'GZ10000301002000',
  'GZ10000301003000',
  'GZ10000302003000',
  'GZ10000204006000',
  'GZ10000204007000',
  'GZ10000301004000',
  'GZ10000302004000',
  'GZ10000201005000',
]);

const FIRST_LINE = new Set<string>([ITEMS.ceftriaxone.code, ITEMS.cefotaxime.code]);

/**
 * 限支付疗程 (GZ10000101010000 drugs, GZ10000102010000 services): the sample catalogue's course
 * items with their course and window (the rule's default window is 30 days), labelled from the
 * person's days of use like the history rules.
 */
const COURSE_ITEMS: ReadonlyMap<string, { readonly courseDays: number; readonly windowDays: number; readonly ruleId: string }> = new Map(
  SAMPLE_CATALOGUE.filter((e) => e.courseDays !== undefined).map((e) => [
    e.hilistCode,
    {
      courseDays: e.courseDays as number,
      windowDays: Math.min(e.courseWindowDays ?? 30, 180),
      ruleId: e.listType === '201' ? 'GZ10000102010000' : 'GZ10000101010000',
    },
  ]),
);
const LARGE_EXPENDITURE_FEN = yuan('50000.00');
const NEVER = -1_000_000;
/** 频繁住院 (GZ10000204004000) defaults: more than 3 admissions in the 180 days ending on an admission. */
const ADMISSION_WINDOW_DAYS = 180;
const MAX_ADMISSIONS = 3;

type Scheduled =
  | { kind: 'readmission'; person: Person; inst: Institution; gapTag: boolean }
  | { kind: 'duringStay'; person: Person }
  | { kind: 'series'; person: Person; inst: Institution }
  | { kind: 'course'; person: Person; inst: Institution }
  | { kind: 'purchase'; person: Person }
  | { kind: 'admission'; person: Person; remaining: number }
  | { kind: 'spike'; inst: Institution; spike: Compound };

interface Compound {
  readonly type: AnomalyType;
  remaining: number;
  readonly setlIds: string[];
  readonly fixmedins_code?: string;
  readonly psn_no?: string;
  readonly from: string;
  to: string;
  readonly detail: Record<string, string | number | boolean>;
}

/** Per-person state needed to keep clean visits clean and to label history-based rules. */
interface PersonState {
  outDays: number[];
  /** Days of pharmacy purchases (频繁购药). */
  buyDays: number[];
  stayAdm: number;
  stayDis: number;
  discharges: [number, string][];
  /** Admission days of the last 180 days (频繁住院). */
  admDays: number[];
  firstLineDays: number[];
  /** Days of use of 限支付疗程 items by code: day → days of use that day (most `prd_days`, else 1). */
  courseUse: Map<string, Map<number, number>> | undefined;
  reservedUntil: number;
}

class Engine {
  readonly rng: Rng;
  readonly yearStart: number;
  readonly yearEnd: number;
  private readonly state: PersonState[];
  private readonly cumInst: number[];
  private readonly byType = new Map<string, Institution[]>();
  private readonly doctors = new Map<string, Practitioner[]>();
  private readonly newbornsByDay = new Map<number, Person[]>();
  private readonly schedule = new Map<number, Scheduled[]>();
  private readonly pendingAnomalies: AnomalyLabel[] = [];
  private seq = 0;
  private anomalySeq = 0;
  private readonly out: { visit: Visit; labels: RuleLabel[]; anomalies: AnomalyLabel[] }[] = [];

  constructor(
    readonly config: GeneratorConfig,
    readonly city: City,
  ) {
    this.rng = new Rng(config.seed).fork('visits');
    this.yearStart = LocalDate.of(config.year, 1, 1).toEpochDay();
    this.yearEnd = LocalDate.of(config.year, 12, 31).toEpochDay();
    this.state = city.persons.map(() => ({
      outDays: [],
      buyDays: [],
      stayAdm: NEVER,
      stayDis: NEVER,
      discharges: [],
      admDays: [],
      firstLineDays: [],
      courseUse: undefined,
      reservedUntil: NEVER,
    }));
    let sum = 0;
    this.cumInst = city.institutions.map((i) => (sum += i.weight));
    for (const inst of city.institutions) {
      const key = `${inst.type}:${inst.level}`;
      (this.byType.get(key) ?? this.byType.set(key, []).get(key))?.push(inst);
    }
    for (const p of city.practitioners) (this.doctors.get(p.fixmedins_code) ?? this.doctors.set(p.fixmedins_code, []).get(p.fixmedins_code))?.push(p);
    for (const person of city.persons) {
      if (person.brdy >= this.yearStart) (this.newbornsByDay.get(person.brdy) ?? this.newbornsByDay.set(person.brdy, []).get(person.brdy))?.push(person);
    }
  }

  // ------------------------------------------------------------ the day loop

  *run(): Generator<VisitEvent> {
    const target = this.config.lines;
    const weights: number[] = [];
    for (let d = this.yearStart; d <= this.yearEnd; d += 1) {
      const month = LocalDate.fromEpochDay(d).month;
      weights.push((dayOfWeek(d) >= 6 ? 0.75 : 1.1) * (month === 1 || month === 2 || month === 12 ? 1.15 : 1));
    }
    let remainingWeight = weights.reduce((a, b) => a + b, 0);
    const rules = INJECTED_RULES.length;
    for (let d = this.yearStart; d <= this.yearEnd && this.lineCount < target; d += 1) {
      const w = weights[d - this.yearStart];
      const avgLines = this.visitCount > 50 ? this.lineCount / this.visitCount : 9;
      // the last day takes whatever is left, so the stream always reaches the line target
      const wanted = d === this.yearEnd ? Number.MAX_SAFE_INTEGER : Math.max(0, ((target - this.lineCount) / avgLines) * (w / remainingWeight));
      remainingWeight -= w;
      let slots = Math.floor(wanted);
      if (this.rng.next() < wanted - slots) slots += 1;

      for (const event of this.schedule.get(d) ?? []) this.runScheduled(d, event);
      this.schedule.delete(d);
      for (const baby of this.newbornsByDay.get(d - 1) ?? []) if (this.rng.chance(0.15)) this.newbornStay(d, baby);
      yield* this.flush();

      let idle = 0;
      for (let s = 0; s < slots && this.lineCount < target && idle < 10_000; s += 1) {
        const before = this.visitCount;
        const u = this.rng.next();
        const r = this.config.violationRate > 0 ? Math.floor(u / this.config.violationRate) : rules;
        if (r < rules) {
          if (!this.injectRule(INJECTED_RULES[r], d)) this.cleanVisit(d);
        } else {
          const a = this.rng.next();
          const k = this.config.anomalyRate > 0 ? Math.floor(a / this.config.anomalyRate) : ANOMALY_STARTERS.length;
          if (k < ANOMALY_STARTERS.length) {
            if (!this.startAnomaly(ANOMALY_STARTERS[k], d)) this.cleanVisit(d);
          } else this.cleanVisit(d);
        }
        idle = this.visitCount === before ? idle + 1 : 0;
        yield* this.flush();
      }
    }
    // spikes cut short by the end of the stream are reported with the visits they got
    for (const spike of this.openSpikes) if (spike.remaining > 0 && spike.setlIds.length > 0) this.completeCompound(spike);
    if (this.held) {
      this.held.anomalies.push(...this.pendingAnomalies.splice(0));
      yield this.held;
    }
  }

  private lineCount = 0;
  private visitCount = 0;
  private held: { visit: Visit; labels: RuleLabel[]; anomalies: AnomalyLabel[] } | undefined;
  private readonly openSpikes: Compound[] = [];

  /** Yields finished visits, holding the newest back so anomaly records completed later can ride on it. */
  private *flush(): Generator<VisitEvent> {
    if (this.out.length === 0) return;
    if (this.held) yield this.held;
    for (let i = 0; i < this.out.length - 1; i += 1) yield this.out[i];
    this.held = this.out[this.out.length - 1];
    this.held.anomalies.push(...this.pendingAnomalies.splice(0));
    this.out.length = 0;
  }

  // ------------------------------------------------------------ picking

  private pickInstitution(): Institution {
    const x = this.rng.next() * this.cumInst[this.cumInst.length - 1];
    let lo = 0;
    let hi = this.cumInst.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumInst[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.city.institutions[lo];
  }

  private readonly pools = new Map<string, Institution[]>();

  private institutionOf(kinds: readonly string[]): Institution | undefined {
    const key = kinds.join(',');
    let pool = this.pools.get(key);
    if (!pool) {
      pool = kinds.flatMap((k) => this.byType.get(k) ?? []);
      this.pools.set(key, pool);
    }
    return pool.length === 0 ? undefined : this.rng.pick(pool);
  }

  private inStay(st: PersonState, d: number): boolean {
    return st.stayAdm < d && d < st.stayDis;
  }

  private outCount(st: PersonState, d: number): number {
    return this.countIn(st.outDays, d);
  }

  /** Pharmacy purchases in the 30 days ending on d. */
  private buyCount(st: PersonState, d: number): number {
    return this.countIn(st.buyDays, d);
  }

  /** Admissions in the 180 days ending on d. */
  private admCount(st: PersonState, d: number): number {
    let n = 0;
    for (const day of st.admDays) if (day > d - ADMISSION_WINDOW_DAYS && day <= d) n += 1;
    return n;
  }

  private countIn(days: readonly number[], d: number): number {
    let n = 0;
    for (const day of days) if (day >= d - 29 && day <= d) n += 1;
    return n;
  }

  /** Is the person free for a clean visit of this mode on day d (no rule may fire because of history)? */
  private eligible(person: Person, mode: '1' | '2' | '3', d: number): boolean {
    if (person.brdy > d) return false;
    const st = this.state[person.index];
    if (st.reservedUntil >= d) return false;
    // room for this stay and one scheduled readmission (分解住院, READMISSION_7D) without 频繁住院
    if (mode === '2') return st.stayDis < d - 16 && st.discharges.every(([day]) => day < d - 16) && this.admCount(st, d) + 2 <= MAX_ADMISSIONS;
    if (this.inStay(st, d)) return false;
    return mode === '3' ? this.buyCount(st, d) <= 7 : this.outCount(st, d) <= 9;
  }

  private pickPerson(d: number, mode: '1' | '2' | '3', filter: (p: Person, age: number) => boolean = () => true, tries = 60): Person | undefined {
    const persons = this.city.persons;
    for (let t = 0; t < tries; t += 1) {
      const p = persons[Math.floor(this.rng.next() * persons.length)];
      if (!this.eligible(p, mode, d)) continue;
      if (filter(p, ageOn(p.brdy, d))) return p;
    }
    return undefined;
  }

  private ctx(d: number, person: Person, inst: Institution): Ctx {
    return { rng: this.rng, day: d, person, inst, age: ageOn(person.brdy, d), ageDays: d - person.brdy, yearEnd: this.yearEnd };
  }

  // ------------------------------------------------------------ clean visits

  private cleanVisit(d: number, forced?: Institution): Visit | undefined {
    const inst = forced ?? this.pickInstitution();
    const mode = this.modeFor(inst);
    const person = this.pickPerson(d, mode);
    if (!person) return undefined;
    return this.emit(this.cleanDraft(d, person, inst, mode));
  }

  private modeFor(inst: Institution): '1' | '2' | '3' {
    if (inst.type === 'pharmacy') return '3';
    const p = inst.type === 'hospital' ? [0, 0.08, 0.1, 0.12][inst.level] : inst.type === 'primary-care' && inst.level === 1 ? 0.05 : 0;
    return this.rng.chance(p) ? '2' : '1';
  }

  private cleanDraft(d: number, person: Person, inst: Institution, mode: '1' | '2' | '3'): Draft {
    const c = this.ctx(d, person, inst);
    return mode === '3' ? P.cleanPharmacy(c) : mode === '2' ? P.cleanInpatient(c) : P.cleanOutpatient(c);
  }

  private newbornStay(d: number, baby: Person): void {
    if (!this.eligible(baby, '2', d)) return;
    const inst = this.institutionOf(['hospital:2', 'hospital:3']);
    if (!inst) return;
    this.emit(P.inpatientNewborn(this.ctx(d, baby, inst)));
  }

  // ------------------------------------------------------------ rule injections

  private injectRule(rule: InjectedRule, d: number): boolean {
    const I = ITEMS;
    const adult = (min: number, max: number, gend?: '1' | '2') => (p: Person, age: number) =>
      age >= min && age <= max && (gend === undefined || p.gend === gend);
    const hospital = (min: number): Institution | undefined =>
      this.institutionOf(['hospital:1', 'hospital:2', 'hospital:3'].filter((k) => Number(k.slice(-1)) >= min));
    const outpatient = (inst: Institution | undefined, filter: (p: Person, age: number) => boolean, build: (c: Ctx) => Draft) => {
      if (!inst) return undefined;
      const person = this.pickPerson(d, '1', filter);
      return person ? build(this.ctx(d, person, inst)) : undefined;
    };
    const inpatient = (inst: Institution | undefined, filter: (p: Person, age: number) => boolean, build: (c: Ctx) => Draft) => {
      if (!inst) return undefined;
      const person = this.pickPerson(d, '2', filter);
      return person ? build(this.ctx(d, person, inst)) : undefined;
    };
    const mark = (draft: Draft | undefined, lines: (dr: Draft) => DraftLine[]): boolean => {
      if (!draft) return false;
      draft.intended.push({ ruleId: rule, lines: lines(draft) });
      if (GENDER_AGE_RULES.has(rule)) draft.tags.push({ type: 'GENDER_AGE_INCONSISTENT', detail: { rule_id: rule } });
      this.emit(draft);
      return true;
    };
    const add = (dr: Draft, l: DraftLine): DraftLine[] => {
      dr.lines.push(l);
      return [l];
    };
    const anyOutpatientInst = () => this.institutionOf(['hospital:1', 'hospital:2', 'hospital:3', 'primary-care:1', 'primary-care:0', 'clinic:0']);

    /** A profile without one item (the injection adds it back beyond its limit). */
    const without =
      (build: (c: Ctx) => Draft, item: GenItem) =>
      (c: Ctx): Draft => {
        const dr = build(c);
        dr.lines = dr.lines.filter((l) => l.item !== item);
        return dr;
      };
    // a TCM back-pain visit (under 60: its clean diazepam stays clean) with one more line
    const backPainWith = (extra: () => DraftLine) =>
      mark(
        outpatient(anyOutpatientInst(), adult(18, 59), (c) => P.outpatientBackPain(c)),
        (dr) => add(dr, extra()),
      );
    const woman = adult(20, 40, '2');

    switch (rule) {
      case 'GZ10000101001000':
        return backPainWith(() => P.line(I.bonePeptide, d, this.rng.int(1, 3), true));
      case 'GZ10000102003000':
        return backPainWith(() => P.line(I.occupationalRehab, d, 1, true));
      case 'GZ10000101003000':
        return backPainWith(() => P.line(I.cordyceps, d, this.rng.int(3, 10), true));
      case 'GZ10000101004000':
        return mark(
          outpatient(anyOutpatientInst(), adult(18, 59), (c) => {
            const dr = P.outpatientBackPain(c);
            dr.lines = dr.lines.filter((l) => l.item.listType !== '102');
            return dr;
          }),
          (dr) => add(dr, P.line(I.wolfberry, d, this.rng.int(30, 60), true)),
        );
      case 'GZ10000101002000':
      case 'GZ10000102004000':
        return mark(
          outpatient(hospital(1), woman, (c) => {
            const dr = P.outpatientGastritis(c);
            dr.diagnoses = [{ ...DX.threatenedAbortion }];
            dr.dept = 'gyn';
            dr.lines = dr.lines.filter((l) => l.item === I.outpatientConsultation);
            return dr;
          }),
          (dr) => add(dr, rule === 'GZ10000101002000' ? P.line(I.dydrogesterone, d, this.rng.int(1, 2), true) : P.line(I.prenatalCheck, d, 1, true)),
        );
      case 'GZ10000102002000':
        return mark(
          inpatient(hospital(1), adult(30, 80), (c) => P.inpatientCholecystectomy(c, 'full')),
          (dr) => dr.lines.filter((l) => l.item === I.herniaRepair),
        );
      case 'GZ10000102005000':
        return mark(
          inpatient(hospital(2), adult(1, 12), (c) => P.inpatientPneumonia(c, { meropenem: 'none' })),
          (dr) => add(dr, P.line(I.neonatalBilirubin, dr.beginDay, 1, false)),
        );
      case 'GZ10000102006000':
        return mark(
          outpatient(anyOutpatientInst(), adult(18, 80), (c) => P.outpatientUri(c)),
          (dr) => add(dr, P.line(I.paediatricTuina, d, 1, true)),
        );
      case 'GZ10000103002000':
        return mark(outpatient(hospital(1), adult(18, 80), without(P.outpatientGastroenteritis, I.infusionSet)), (dr) =>
          add(dr, P.line(I.paediatricScalpNeedle, d, 1, true)),
        );
      case 'GZ10000102008000':
        return mark(
          outpatient(hospital(1), adult(20, 50, '2'), (c) => P.outpatientGastritis(c)),
          (dr) => add(dr, P.line(I.colposcopy, d, 1, true)),
        );
      case 'GZ10000102015000':
        return mark(outpatient(hospital(2), adult(25, 80), without(P.outpatientKidneyStone, I.lithotripsy)), (dr) =>
          add(dr, P.line(I.lithotripsy, d, this.rng.int(3, 4), true)),
        );
      case 'GZ10000103003000':
        return mark(inpatient(hospital(1), adult(10, 65), without(P.inpatientAppendicitis, I.stapler)), (dr) =>
          add(dr, P.line(I.stapler, dr.beginDay, 2, false)),
        );
      case 'GZ10000303003000':
        return mark(inpatient(hospital(1), adult(18, 80), without(P.inpatientGastroenteritis, I.ivCannula)), (dr) =>
          add(dr, P.line(I.ivCannula, dr.beginDay, this.rng.int(2, 3), false)),
        );
      case 'GZ10000202004000':
        // six distinct drugs on one prescription (max 5), each within its own limits
        return mark(
          outpatient(anyOutpatientInst(), adult(35, 80), (c) => {
            const dr = P.outpatientHypertension(c);
            dr.diagnoses = [{ ...DX.hypertension }, { ...DX.diabetes }, { ...DX.hyperlipidaemia }];
            dr.lines = dr.lines.filter((l) => l.item === I.outpatientConsultation);
            for (const item of [I.amlodipine, I.aspirin, I.atorvastatin, I.metformin, I.calcium, I.ambroxol]) dr.lines.push(P.line(item, c.day, 1, true));
            return dr;
          }),
          () => [],
        );
      case 'GZ10000301002000':
        return mark(
          outpatient(anyOutpatientInst(), adult(15, 70), (c) => P.outpatientUri(c)),
          (dr) => add(dr, P.line(I.paediatricFeverGranules, d, 1, true)),
        );
      case 'GZ10000301003000':
        return mark(
          outpatient(anyOutpatientInst(), adult(6, 17), (c) => P.outpatientUri(c)),
          (dr) => add(dr, P.line(I.levofloxacin, d, 1, true)),
        );
      case 'GZ10000301009000':
        return mark(
          outpatient(anyOutpatientInst(), adult(60, 90), (c) => {
            const dr = P.outpatientHypertension(c);
            dr.diagnoses.push({ ...DX.insomnia });
            return dr;
          }),
          (dr) => add(dr, P.line(I.diazepam, d, 1, true)),
        );
      case 'GZ10000302003000':
        return mark(
          outpatient(hospital(2), adult(15, 70), (c) => P.outpatientUri(c)),
          (dr) => add(dr, P.line(I.behaviouralAudiometry, d, 1, true)),
        );
      case 'GZ10000204003000': {
        // nine pharmacy purchases within 20 days (max 8 in 30); labelled from the state when the 9th comes
        const person = this.pickPerson(d, '3', (p, age) => age >= 18 && this.buyCount(this.state[p.index], d + 30) === 0);
        if (!person) return false;
        const offsets = new Set<number>();
        while (offsets.size < 9) offsets.add(this.rng.int(1, 20));
        for (const o of offsets) if (d + o <= this.yearEnd) this.plan(d + o, { kind: 'purchase', person });
        return this.cleanVisit(d) !== undefined;
      }
      case 'GZ10000101005000': {
        // second-line drug without a first-line one: meropenem from day one, no ceftriaxone/cefotaxime in 30 days
        const inst = hospital(2);
        const person = inst && this.pickPerson(d, '2', (p, age) => age >= 14 && this.state[p.index].firstLineDays.every((x) => x < d - 29));
        if (!inst || !person) return false;
        this.emit(P.inpatientPneumonia(this.ctx(d, person, inst), { meropenem: 'only' }));
        return true;
      }
      case 'GZ10000101006000':
        return mark(
          inpatient(hospital(2), adult(1, 12), (c) => P.inpatientPneumonia(c, { meropenem: 'none' })),
          (dr) => add(dr, P.line(I.surfactant, dr.beginDay, 1, false)),
        );
      case 'GZ10000101007000':
        return mark(
          outpatient(anyOutpatientInst(), adult(18, 80), (c) => P.outpatientUri(c)),
          (dr) => add(dr, P.line(I.paediatricColdGranules, dr.beginDay, 1, true)),
        );
      case 'GZ10000101008000':
        return mark(
          outpatient(hospital(1), adult(20, 60), (c) => {
            const dr = P.outpatientGastritis(c);
            dr.diagnoses = [{ ...DX.obesity }];
            dr.lines = dr.lines.filter((l) => l.item === I.outpatientConsultation);
            return dr;
          }),
          (dr) => add(dr, P.line(I.liraglutide, dr.beginDay, 1, true)),
        );
      case 'GZ10000101009000':
        return mark(outpatient(anyOutpatientInst(), adult(35, 85), without(P.outpatientLipids, I.atorvastatin)), (dr) =>
          add(dr, P.line(I.atorvastatin, dr.beginDay, this.rng.int(3, 6), true)),
        );
      case 'GZ10000101012000': {
        const inst = this.institutionOf(['hospital:1', 'primary-care:1']);
        return mark(
          outpatient(inst, adult(35, 75, '2'), (c) => P.outpatientOncology(c)),
          (dr) => dr.lines.filter((l) => l.item === I.trastuzumab),
        );
      }
      case 'GZ10000102001000':
        return mark(
          outpatient(hospital(1), adult(30, 85), (c) => P.outpatientDialysis(c)),
          (dr) => {
            const l = dr.lines.filter((x) => x.item === I.haemodialysis);
            for (const x of l) x.price = I.haemodialysis.prices[dr.inst.level] + BigInt(this.rng.int(20, 80) * 100);
            return l;
          },
        );
      case 'GZ10000102007000':
        return mark(
          inpatient(hospital(2), adult(50, 90), (c) => P.inpatientStroke(c)),
          (dr) => {
            const added: DraftLine[] = [];
            for (let day = dr.beginDay; day <= Math.min(dr.endDay, dr.beginDay + 4); day += 1)
              added.push(...add(dr, P.line(I.hyperbaricOxygen, day, 1, false)));
            return added;
          },
        );
      case 'GZ10000102009000':
        return mark(
          outpatient(hospital(1), adult(18, 85), (c) => P.outpatientGastroenteritis(c)),
          (dr) => add(dr, P.line(I.levelOneNursing, dr.beginDay, 1, true)),
        );
      case 'GZ10000102011000':
        return mark(
          inpatient(this.institutionOf(['hospital:1', 'primary-care:1']), adult(12, 90), (c) => P.inpatientCoPoisoning(c)),
          (dr) => dr.lines.filter((l) => l.item === I.hyperbaricOxygen),
        );
      case 'GZ10000102012000':
        return mark(
          inpatient(hospital(1), adult(10, 65), (c) => P.inpatientAppendicitis(c)),
          (dr) => add(dr, P.line(I.trachealIntubation, dr.beginDay, 1, false)),
        );
      case 'GZ10000102013000':
        return mark(
          outpatient(anyOutpatientInst(), adult(35, 85), (c) => {
            const dr = P.outpatientLipids(c);
            dr.lines = dr.lines.filter((l) => l.item !== I.liverPanel && l.item !== I.alt && l.item !== I.venousBloodSampling);
            dr.lines.push(P.line(I.venousBloodSampling, c.day, 1, true), P.line(I.alt, c.day, 1, true));
            return dr;
          }),
          (dr) => [...add(dr, P.line(I.ast, dr.beginDay, 1, true)), ...add(dr, P.line(I.bilirubin, dr.beginDay, 1, true))],
        );
      case 'GZ10000102014000':
        return mark(outpatient(anyOutpatientInst(), adult(30, 85), without(P.outpatientDiabetes, I.venousBloodSampling)), (dr) =>
          add(dr, P.line(I.venousBloodSampling, dr.beginDay, this.rng.int(3, 5), true)),
        );
      case 'GZ10000103001000':
        return mark(
          inpatient(hospital(1), adult(20, 40, '2'), (c) => P.inpatientDelivery(c)),
          (dr) => add(dr, P.line(I.umbilicalClamp, dr.beginDay, 1, false)),
        );
      case 'GZ10000201008000':
        return mark(
          inpatient(hospital(1), adult(55, 90), (c) => P.inpatientCopd(c)),
          (dr) => add(dr, P.line(I.saline, dr.beginDay > this.yearStart ? dr.beginDay - 1 : dr.endDay + 1, 2, false)),
        );
      case 'GZ10000204001000':
      case 'MI-OUTPATIENT-DURING-STAY': {
        // a clean stay now; the violating visit is scheduled (readmission 8–15 days after discharge / a visit inside the stay)
        const inst = hospital(1);
        const person = inst && this.pickPerson(d, '2', (_p, age) => age >= 18);
        if (!inst || !person) return false;
        const stay = this.emit(this.cleanStay(d, person, inst));
        if (!stay) return false;
        if (rule === 'GZ10000204001000') {
          const when = stay.endDay + this.rng.int(8, 15);
          if (when <= this.yearEnd) this.plan(when, { kind: 'readmission', person, inst, gapTag: false });
        } else if (stay.endDay - stay.beginDay >= 2) {
          this.plan(this.rng.int(stay.beginDay + 1, stay.endDay - 1), { kind: 'duringStay', person });
        }
        return true;
      }
      case 'GZ10000204004000': {
        // a clean stay now and three more, each 17–30 days after the last discharge; labelled from the state at the 4th
        const inst = hospital(1);
        const person = inst && this.pickPerson(d, '2', (p, age) => age >= 18 && this.admCount(this.state[p.index], d) === 0);
        if (!inst || !person) return false;
        const stay = this.emit(this.cleanStay(d, person, inst));
        if (!stay) return false;
        this.planAdmission(person, stay.endDay, MAX_ADMISSIONS);
        return true;
      }
      case 'GZ10000204002000': {
        const inst = this.institutionOf(['primary-care:1', 'primary-care:0', 'clinic:0']);
        const person = inst && this.pickPerson(d, '1', (p, age) => age >= 18 && this.outCount(this.state[p.index], d + 30) === 0);
        if (!inst || !person) return false;
        const offsets = new Set<number>();
        while (offsets.size < 11) offsets.add(this.rng.int(1, 20));
        for (const o of offsets) if (d + o <= this.yearEnd) this.plan(d + o, { kind: 'series', person, inst });
        return this.cleanVisit(d) !== undefined;
      }
      case 'GZ10000204006000':
        return mark(
          outpatient(anyOutpatientInst(), adult(20, 70), (c) => {
            const dr = P.outpatientGastritis(c);
            dr.diagnoses = [c.person.gend === '1' ? { ...DX.endometriosis } : { ...DX.bph }];
            dr.lines = dr.lines.filter((l) => l.item === I.outpatientConsultation);
            dr.lines.push(P.line(I.ultrasound, c.day, 1, true));
            return dr;
          }),
          () => [],
        );
      case 'GZ10000204007000':
        return mark(
          outpatient(anyOutpatientInst(), adult(25, 55), (c) => {
            const dr = P.outpatientBackPain(c);
            dr.diagnoses = [{ ...DX.frailty }];
            return dr;
          }),
          () => [],
        );
      case 'GZ10000301004000':
        return mark(
          outpatient(anyOutpatientInst(), adult(20, 70), (c) => {
            const dr = P.outpatientGastroenteritis(c);
            dr.diagnoses = [{ ...(c.person.gend === '1' ? DX.abdominalPain : DX.uti) }];
            return dr;
          }),
          (dr) => add(dr, dr.person.gend === '1' ? P.line(I.progesterone, dr.beginDay, 3, true) : P.line(I.tamsulosin, dr.beginDay, 1, true)),
        );
      case 'GZ10000301005000':
        return mark(outpatient(anyOutpatientInst(), adult(18, 80), without(P.outpatientUri, I.paracetamol)), (dr) =>
          add(dr, P.line(I.paracetamol, dr.beginDay, this.rng.int(4, 8), true)),
        );
      case 'GZ10000301006000':
        return mark(
          outpatient(anyOutpatientInst(), adult(18, 80), (c) => {
            const dr = P.outpatientGastritis(c);
            dr.lines = dr.lines.filter((l) => l.item !== I.omeprazole && l.item !== I.rabeprazole);
            dr.lines.push(P.line(I.omeprazole, c.day, 1, true));
            return dr;
          }),
          (dr) => add(dr, P.line(I.rabeprazole, dr.beginDay, 1, true)),
        );
      case 'GZ10000302004000':
        return mark(
          outpatient(hospital(1), adult(20, 70), (c) => {
            const dr = P.outpatientGastroenteritis(c);
            dr.diagnoses = [{ ...DX.abdominalPain }];
            return dr;
          }),
          (dr) => add(dr, dr.person.gend === '1' ? P.line(I.transvaginalUltrasound, dr.beginDay, 1, true) : P.line(I.prostateMassage, dr.beginDay, 1, true)),
        );
      case 'GZ10000101010000': {
        // a stroke stay with salvianolate every day for 15–18 days (14 paid per course); labelled from the state
        const dr = inpatient(hospital(2), adult(50, 90), (c) => P.inpatientStroke(c, { salvianolateDays: this.rng.int(15, 18) }));
        return dr !== undefined && this.emit(dr) !== undefined;
      }
      case 'GZ10000102010000': {
        // six shock-wave sessions within 20 days (5 paid in 30); labelled from the state at the 6th
        const inst = hospital(2);
        const person = inst && this.pickPerson(d, '1', (p, age) => age >= 30 && this.outCount(this.state[p.index], d + 30) === 0);
        if (!inst || !person) return false;
        const offsets = new Set<number>();
        while (offsets.size < 6) offsets.add(this.rng.int(1, 20));
        for (const o of offsets) if (d + o <= this.yearEnd) this.plan(d + o, { kind: 'course', person, inst });
        return this.cleanVisit(d) !== undefined;
      }
      case 'GZ10000101011000':
        // a 门诊慢特病 hypertension visit with acarbose, which only the 两病·糖尿病 list pays for
        return mark(
          outpatient(anyOutpatientInst(), adult(35, 85), (c) => {
            const dr = P.outpatientHypertension(c);
            dr.medType = '14';
            return dr;
          }),
          (dr) => add(dr, P.line(I.acarbose, dr.beginDay, this.rng.int(1, 2), true)),
        );
      case 'GZ10000201003000':
        // a gastritis visit coded K29.7 (incomplete) or K29.799 (no such code in ICD-10 医保版)
        return mark(
          outpatient(anyOutpatientInst(), adult(14, 85), (c) => {
            const dr = P.outpatientGastritis(c);
            dr.diagnoses = [{ code: this.rng.chance(0.5) ? 'K29.7' : 'K29.799', name: '胃炎' }];
            return dr;
          }),
          () => [],
        );
      case 'GZ10000201005000':
        // a cholecystectomy stay also coding an operation of the other sex (a man's 子宫切除, a woman's 前列腺切除)
        return mark(
          inpatient(hospital(1), adult(30, 80), (c) => {
            const dr = P.inpatientCholecystectomy(c, 'none');
            dr.operations.push({ ...(c.person.gend === '1' ? OPERATIONS.hysterectomy : OPERATIONS.prostatectomy), day: dr.beginDay });
            return dr;
          }),
          () => [],
        );
      case 'MI-DRUG-INPATIENT-ONLY':
        return mark(
          outpatient(hospital(1), adult(30, 85), (c) => {
            const dr = P.outpatientGastroenteritis(c);
            dr.diagnoses = [{ ...DX.hypoalbuminaemia }];
            return dr;
          }),
          (dr) => add(dr, P.line(I.albumin, dr.beginDay, this.rng.int(1, 2), true)),
        );
    }
  }

  private cleanStay(d: number, person: Person, inst: Institution): Draft {
    const c = this.ctx(d, person, inst);
    return this.rng.chance(0.5) ? P.inpatientPneumonia(c, { meropenem: 'none' }) : P.inpatientGastroenteritis(c);
  }

  /**
   * The next stay of a 频繁住院 series, 17–30 days after the last discharge: never 分解住院 (≤ 15 days
   * at the same institution), and four stays of at most two weeks fit in 180 days.
   */
  private planAdmission(person: Person, lastDischarge: number, remaining: number): void {
    const when = lastDischarge + this.rng.int(17, 30);
    if (when <= this.yearEnd) this.plan(when, { kind: 'admission', person, remaining });
  }

  private plan(day: number, event: Scheduled): void {
    const list = this.schedule.get(day);
    if (list) list.push(event);
    else this.schedule.set(day, [event]);
    const person = 'person' in event ? event.person : undefined;
    if (person) {
      const st = this.state[person.index];
      st.reservedUntil = Math.max(st.reservedUntil, day);
    }
  }

  private runScheduled(d: number, event: Scheduled): void {
    if (event.kind === 'readmission') {
      const draft = this.cleanStay(d, event.person, event.inst);
      if (event.gapTag) draft.tags.push({ type: 'READMISSION_7D', detail: { gap_days: d - this.state[event.person.index].stayDis } });
      this.emit(draft);
    } else if (event.kind === 'duringStay') {
      const pharmacy = this.rng.chance(0.5);
      const inst = this.institutionOf(pharmacy ? ['pharmacy:0'] : ['clinic:0', 'primary-care:1', 'primary-care:0']);
      if (inst) this.emit(this.cleanDraft(d, event.person, inst, pharmacy ? '3' : '1'));
    } else if (event.kind === 'admission') {
      const inst = this.institutionOf(['hospital:1', 'hospital:2', 'hospital:3']);
      const stay = inst && this.emit(this.cleanStay(d, event.person, inst));
      if (stay && event.remaining > 1) this.planAdmission(event.person, stay.endDay, event.remaining - 1);
    } else if (event.kind === 'purchase') {
      const inst = this.institutionOf(['pharmacy:0']);
      if (inst) this.emit(P.cleanPharmacy(this.ctx(d, event.person, inst)));
    } else if (event.kind === 'course') {
      this.emit(P.outpatientShoulder(this.ctx(d, event.person, event.inst)));
    } else if (event.kind === 'series') {
      const c = this.ctx(d, event.person, event.inst);
      this.emit(this.rng.chance(0.5) ? P.outpatientUri(c) : P.outpatientGastroenteritis(c));
    } else {
      const person = this.pickPerson(d, '2', (_p, age) => age >= 18 && age <= 40);
      const spike = event.spike;
      spike.remaining -= 1;
      if (person) {
        const c = this.ctx(d, person, event.inst);
        const v = this.emit(this.rng.chance(0.5) ? P.inpatientGastroenteritis(c) : P.inpatientPneumonia(c, { meropenem: 'none' }));
        if (v) spike.setlIds.push(v.setl_id);
      }
      spike.to = formatDay(d);
      if (spike.remaining === 0 && spike.setlIds.length > 0) this.completeCompound(spike);
    }
  }

  // ------------------------------------------------------------ anomalies

  private startAnomaly(type: (typeof ANOMALY_STARTERS)[number], d: number): boolean {
    switch (type) {
      case 'SETTLEMENT_BURST': {
        const inst = this.institutionOf(['clinic:0', 'primary-care:0', 'primary-care:1']);
        if (!inst) return false;
        const n = this.rng.int(15, 30);
        const start = this.rng.int(19 * 3600, 21 * 3600);
        const ids: string[] = [];
        for (let i = 0; i < n; i += 1) {
          const person = this.pickPerson(d, '1');
          if (!person) continue;
          const draft = P.cleanOutpatient(this.ctx(d, person, inst));
          draft.beginSecond = start + this.rng.int(0, 20 * 60);
          const v = this.emit(draft);
          if (v) ids.push(v.setl_id);
        }
        if (ids.length === 0) return false;
        this.completeCompound({
          type,
          remaining: 0,
          setlIds: ids,
          fixmedins_code: inst.fixmedins_code,
          from: formatDateTime(d, start),
          to: formatDateTime(d, start + 20 * 60),
          detail: { settlements: ids.length, window_minutes: 20 },
        });
        return true;
      }
      case 'PERSON_MANY_SETTLEMENTS_DAY': {
        // no purchase in the last 30 days: at most 8 with these, so 频繁购药 stays silent
        const person = this.pickPerson(d, '3', (p, age) => age >= 18 && this.buyCount(this.state[p.index], d) === 0);
        if (!person) return false;
        const n = this.rng.int(5, 8);
        const ids: string[] = [];
        let second = 8 * 3600;
        for (let i = 0; i < n; i += 1) {
          const inst = this.institutionOf(['pharmacy:0']);
          if (!inst) return false;
          const draft = P.cleanPharmacy(this.ctx(d, person, inst));
          second += this.rng.int(600, 5400);
          draft.beginSecond = Math.min(second, 22 * 3600);
          const v = this.emit(draft);
          if (v) ids.push(v.setl_id);
        }
        this.completeCompound({
          type,
          remaining: 0,
          setlIds: ids,
          psn_no: person.psn_no,
          from: formatDay(d),
          to: formatDay(d),
          detail: { settlements: ids.length },
        });
        return true;
      }
      case 'YOUNG_ADULT_INPATIENT_SPIKE': {
        const inst = this.institutionOf(['hospital:1', 'hospital:2']);
        if (!inst || d + 14 > this.yearEnd) return false;
        const n = this.rng.int(8, 15);
        const spike: Compound = {
          type,
          remaining: n,
          setlIds: [],
          fixmedins_code: inst.fixmedins_code,
          from: formatDay(d + 1),
          to: formatDay(d + 1),
          detail: { window_days: 14, age_band: '18-40' },
        };
        for (let i = 0; i < n; i += 1) this.plan(d + this.rng.int(1, 14), { kind: 'spike', inst, spike });
        this.openSpikes.push(spike);
        return this.cleanVisit(d) !== undefined;
      }
      case 'LARGE_EXPENDITURE': {
        const inst = this.institutionOf(['hospital:3', 'hospital:2']);
        const person = inst && this.pickPerson(d, '2', (p, age) => p.gend === '2' && age >= 35 && age <= 75);
        if (!inst || !person) return false;
        const draft = P.inpatientOncology(this.ctx(d, person, inst));
        draft.endDay = Math.min(this.yearEnd, d + this.rng.int(15, 25));
        draft.lines = [];
        const c = this.ctx(d, person, inst);
        const full = P.inpatientPneumonia(c, { meropenem: 'after-first-line' });
        draft.endDay = full.endDay;
        draft.lines.push(...full.lines.filter((l) => l.day <= draft.endDay));
        let total = 0n;
        const sum = () => draft.lines.reduce((s, l) => s + (l.price ?? l.item.prices[inst.level]) * BigInt(l.qty), 0n);
        let k = 0;
        total = sum();
        while (total < LARGE_EXPENDITURE_FEN + yuan('2000.00')) {
          const day = draft.beginDay + (k % (draft.endDay - draft.beginDay + 1));
          draft.lines.push(P.line(k % 3 === 0 ? ITEMS.trastuzumab : ITEMS.albumin, day, k % 3 === 0 ? 1 : 4, false));
          total = sum();
          k += 1;
        }
        draft.diagnoses = [{ ...DX.breastCancer }, { ...DX.pneumonia }];
        this.emit(draft);
        return true;
      }
      case 'READMISSION_7D': {
        const inst = this.institutionOf(['hospital:1', 'hospital:2', 'hospital:3']);
        const person = inst && this.pickPerson(d, '2', (_p, age) => age >= 18);
        if (!inst || !person) return false;
        const stay = this.emit(this.cleanStay(d, person, inst));
        if (!stay) return false;
        const when = stay.endDay + this.rng.int(1, 7);
        if (when <= this.yearEnd) this.plan(when, { kind: 'readmission', person, inst, gapTag: true });
        return true;
      }
    }
  }

  private completeCompound(c: Compound): void {
    this.pendingAnomalies.push({
      anomaly_id: `AN${this.config.cityAdmdvs}${String(++this.anomalySeq).padStart(8, '0')}`,
      anomaly_type: c.type,
      setl_ids: c.setlIds,
      ...(c.fixmedins_code !== undefined ? { fixmedins_code: c.fixmedins_code } : {}),
      ...(c.psn_no !== undefined ? { psn_no: c.psn_no } : {}),
      from: c.from,
      to: c.to,
      detail: c.detail,
    });
  }

  // ------------------------------------------------------------ finishing a visit

  /** Assigns ids, times and amounts; labels history rules from the person's state; updates the state. */
  private emit(draft: Draft): Visit | undefined {
    if (draft.lines.length === 0) return undefined;
    const { person, inst, mode } = draft;
    const st = this.state[person.index];
    const d = draft.beginDay;
    const seq = ++this.seq;
    const id = String(seq).padStart(10, '0');
    const mdtrt_id = `MD${inst.poolarea}${id}`;
    const setl_id = `ST${inst.poolarea}${id}`;
    const rng = this.rng;
    const beginSecond =
      draft.beginSecond ?? (mode === '3' ? rng.int(8 * 3600, 21 * 3600) : mode === '2' ? rng.int(8 * 3600, 20 * 3600) : rng.int(8 * 3600, 17 * 3600));
    const endSecond = mode === '2' ? rng.int(9 * 3600, 12 * 3600) : Math.min(beginSecond + rng.int(120, 1800), 86399);
    const endDay = mode === '2' ? draft.endDay : d;

    const staff = this.doctors.get(inst.fixmedins_code) ?? [];
    const deptCode = DEPARTMENTS[draft.dept][0];
    const inDept = staff.filter((s) => s.dept_codg === deptCode);
    const doctor = (inDept.length > 0 ? rng.pick(inDept) : staff.length > 0 ? rng.pick(staff) : undefined)?.prac_code ?? `D${inst.admdvs}00000`;

    const lineIds = new Map<DraftLine, string>();
    const lines: FeeLine[] = draft.lines.map((l, i) => {
      const feedetl_sn = String(i + 1).padStart(4, '0');
      lineIds.set(l, feedetl_sn);
      const pric = l.price ?? l.item.prices[inst.level];
      const second = mode === '2' ? rng.int(7 * 3600, 20 * 3600) : Math.min(beginSecond + i * 20, 86399);
      return {
        feedetl_sn,
        day: l.day,
        second,
        code: l.item.code,
        name: l.item.name,
        listType: l.item.listType,
        chargeType: l.item.chargeType,
        cnt: l.qty * 100,
        pric,
        amount: pric * BigInt(l.qty),
        dept: deptCode,
        doctor,
        ...(l.days !== undefined ? { days: l.days } : {}),
      };
    });
    const total = lines.reduce((s, l) => s + l.amount, 0n);
    const amounts = this.settle(person, inst, mode, draft.medType, total);
    const visit: Visit = {
      seq,
      mdtrt_id,
      setl_id,
      person,
      institution: inst,
      medType: draft.medType,
      mode,
      beginDay: d,
      beginSecond,
      endDay,
      endSecond: mode === '2' ? endSecond : Math.max(endSecond, beginSecond),
      diagnoses: draft.diagnoses,
      operations: draft.operations,
      dept: DEPARTMENTS[draft.dept],
      doctor,
      lines,
      amounts,
    };

    // ground truth: constructed (non-history) rules …
    const labels: RuleLabel[] = [];
    const label = (rule_id: string, ids: string[]) => labels.push({ setl_id, mdtrt_id, psn_no: person.psn_no, rule_id, line_ids: ids });
    for (const intent of draft.intended)
      label(
        intent.ruleId,
        intent.lines.map((l) => lineIds.get(l) ?? ''),
      );
    // … and history rules, read from the state before this visit
    const anomalies: AnomalyLabel[] = [];
    const anomaly = (type: AnomalyType, detail: Record<string, string | number | boolean>) =>
      anomalies.push({
        anomaly_id: `AN${this.config.cityAdmdvs}${String(++this.anomalySeq).padStart(8, '0')}`,
        anomaly_type: type,
        setl_ids: [setl_id],
        fixmedins_code: inst.fixmedins_code,
        psn_no: person.psn_no,
        from: formatDay(d),
        to: formatDay(endDay),
        detail,
      });
    if (mode === '1' && this.outCount(st, d) + 1 > 10) label('GZ10000204002000', []);
    if (mode === '3' && this.buyCount(st, d) + 1 > 8) label('GZ10000204003000', []);
    if (mode !== '2' && this.inStay(st, d) && st.stayAdm >= d - 180) {
      label(
        'MI-OUTPATIENT-DURING-STAY',
        lines.map((l) => l.feedetl_sn),
      );
      anomaly('OUTPATIENT_DURING_STAY', { stay_admission: formatDay(st.stayAdm), stay_discharge: formatDay(st.stayDis) });
    }
    if (mode === '2' && this.admCount(st, d) + 1 > MAX_ADMISSIONS) label('GZ10000204004000', []);
    if (mode === '2' && st.discharges.some(([day, code]) => code === inst.fixmedins_code && day >= d - 15 && day <= d)) label('GZ10000204001000', []);
    const mero = draft.lines.filter((l) => l.item === ITEMS.meropenem);
    if (mero.length > 0 && !draft.lines.some((l) => FIRST_LINE.has(l.item.code)) && st.firstLineDays.every((x) => x < d - 29 || x > d)) {
      label(
        'GZ10000101005000',
        mero.map((l) => lineIds.get(l) ?? ''),
      );
    }
    // 限支付疗程: this visit's days of use on top of those in the course window before its start day
    for (const [code, course] of COURSE_ITEMS) {
      const own = draft.lines.filter((l) => l.item.code === code);
      if (own.length === 0) continue;
      const past = st.courseUse?.get(code) ?? new Map<number, number>();
      const merged = new Map<number, number>();
      for (const [day, days] of past) if (day > d - course.windowDays && day <= d) merged.set(day, days);
      const prior = [...merged.values()].reduce((a, b) => a + b, 0);
      for (const l of own) merged.set(l.day, Math.max(merged.get(l.day) ?? 0, l.days ?? 1));
      const total = [...merged.values()].reduce((a, b) => a + b, 0);
      if (total > course.courseDays && total > prior)
        label(
          course.ruleId,
          own.map((l) => lineIds.get(l) ?? ''),
        );
      const kept = new Map([...past].filter(([day]) => day > d - 180));
      for (const l of own) kept.set(l.day, Math.max(kept.get(l.day) ?? 0, l.days ?? 1));
      (st.courseUse ??= new Map()).set(code, kept);
    }
    for (const tag of draft.tags) anomaly(tag.type, tag.detail);
    if (total >= LARGE_EXPENDITURE_FEN)
      anomaly('LARGE_EXPENDITURE', { medfee_sumamt_fen: Number(total), injected: draft.diagnoses.length === 2 && mode === '2' });

    // state
    if (mode === '1') {
      st.outDays = st.outDays.filter((x) => x >= d - 40);
      st.outDays.push(d);
    }
    if (mode === '3') {
      st.buyDays = st.buyDays.filter((x) => x >= d - 40);
      st.buyDays.push(d);
    }
    if (mode === '2') {
      st.stayAdm = d;
      st.stayDis = endDay;
      st.discharges = st.discharges.filter(([day]) => day >= d - 40);
      st.discharges.push([endDay, inst.fixmedins_code]);
      st.admDays = st.admDays.filter((x) => x > d - ADMISSION_WINDOW_DAYS);
      st.admDays.push(d);
    }
    const firstLine = draft.lines.filter((l) => FIRST_LINE.has(l.item.code)).map((l) => l.day);
    if (firstLine.length > 0) st.firstLineDays = [...st.firstLineDays.filter((x) => x >= d - 60), ...firstLine];

    this.out.push({ visit, labels, anomalies });
    this.lineCount += lines.length;
    this.visitCount += 1;
    return visit;
  }

  private settle(person: Person, inst: Institution, mode: '1' | '2' | '3', medType: string, total: Fen): SettlementAmounts {
    const employee = person.insutype === '310';
    const level = inst.level;
    let deductible = 0n;
    let permille = 0;
    if (mode === '2') {
      deductible = employee ? [30000n, 30000n, 50000n, 80000n][level] : [20000n, 20000n, 40000n, 60000n][level];
      permille = employee ? [900, 900, 800, 750][level] : [800, 800, 650, 500][level];
    } else if (mode === '1') {
      permille = medType === '14' ? (employee ? 850 : 700) : employee ? [700, 700, 600, 500][level] : [600, 600, 500, 400][level];
    }
    const dedc = total < deductible ? total : deductible;
    const hifp = ratioHalfUp(total - dedc, permille, 1000);
    const psnPart = total - hifp;
    let acct = 0n;
    if (employee && psnPart > 0n && this.rng.chance(mode === '2' ? 0.3 : 0.7)) {
      acct = mode === '2' ? ratioHalfUp(psnPart, this.rng.int(200, 1000), 1000) : psnPart;
    }
    return {
      medfee_sumamt: total,
      fulamt_ownpay_amt: 0n,
      overlmt_selfpay: 0n,
      preselfpay_amt: 0n,
      inscp_scp_amt: total,
      act_pay_dedc: dedc,
      hifp_pay: hifp,
      pool_prop_permille: permille,
      fund_pay_sumamt: hifp,
      psn_part_amt: psnPart,
      acct_pay: acct,
      psn_cash_pay: psnPart - acct,
    };
  }
}

/**
 * The streaming visit generator: a year of settled visits in visit-start-day order, each with the
 * ground-truth labels it carries and any anomaly records it completes. Holds one day of visits and
 * per-person state in memory, never the whole stream.
 */
export function* visits(config: Partial<GeneratorConfig> | GeneratorConfig, city?: City): Generator<VisitEvent> {
  const resolved = resolveConfig(config);
  yield* new Engine(resolved, city ?? generateCity(resolved)).run();
}
