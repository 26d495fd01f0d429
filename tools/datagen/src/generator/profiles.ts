import { DX, ITEMS, OPERATIONS, type DepartmentKey, type DiagnosisInfo, type GenItem } from './catalogue';
import type { AnomalyType, Diagnosis, Institution, Operation, Person, TreatmentModeCode } from './model';
import type { Fen } from './money';
import type { Rng } from './prng';

/**
 * Visit drafts: what was done for whom, before ids, times and amounts are assigned. Each profile
 * builds a *clean* visit under the sample knowledge base's limits (one drug per class, supply days
 * ≤ 30, paracetamol ≤ 2, Ⅰ级护理 once a day at its capped price, sex- and age-appropriate
 * diagnoses, restricted items only at the levels and modes that allow them).
 */
export interface DraftLine {
  readonly item: GenItem;
  day: number;
  qty: number;
  price?: Fen;
  days?: number;
}

export interface Draft {
  readonly person: Person;
  readonly inst: Institution;
  readonly mode: TreatmentModeCode;
  medType: string;
  readonly beginDay: number;
  endDay: number;
  beginSecond?: number;
  diagnoses: Diagnosis[];
  /** 手术操作, the main one first. */
  operations: Operation[];
  dept: DepartmentKey;
  lines: DraftLine[];
  /** Rules the construction violates (non-history rules; history rules are labelled from the generator's state). */
  readonly intended: { ruleId: string; lines: DraftLine[] }[];
  readonly tags: { type: AnomalyType; detail: Record<string, string | number | boolean> }[];
}

export interface Ctx {
  readonly rng: Rng;
  readonly day: number;
  readonly person: Person;
  readonly inst: Institution;
  readonly age: number;
  readonly ageDays: number;
  readonly yearEnd: number;
}

const I = ITEMS;

export function line(item: GenItem, day: number, qty: number, outpatient: boolean): DraftLine {
  return { item, day, qty, ...(outpatient && item.daysPerUnit !== undefined ? { days: item.daysPerUnit * qty } : {}) };
}

function draft(ctx: Ctx, mode: TreatmentModeCode, medType: string, dx: DiagnosisInfo[], dept: DepartmentKey, endDay = ctx.day): Draft {
  return {
    person: ctx.person,
    inst: ctx.inst,
    mode,
    medType,
    beginDay: ctx.day,
    endDay,
    diagnoses: dx.map((d) => ({ code: d.code, name: d.name })),
    operations: [],
    dept,
    lines: [],
    intended: [],
    tags: [],
  };
}

// ---------------------------------------------------------------- outpatient (med_type 11 / 14)

type Builder = (ctx: Ctx) => Draft;
interface Profile {
  readonly name: string;
  readonly weight: number;
  readonly when: (ctx: Ctx) => boolean;
  readonly build: Builder;
}

const female = (ctx: Ctx): boolean => ctx.person.gend === '2';
const male = (ctx: Ctx): boolean => ctx.person.gend === '1';
const hospitalAtLeast = (ctx: Ctx, level: number): boolean => ctx.inst.type === 'hospital' && ctx.inst.level >= level;

function consult(d: Draft, day: number): void {
  d.lines.push(line(I.outpatientConsultation, day, 1, true));
}

export function outpatientUri(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  const d = draft(ctx, '1', '11', [DX.uri], ctx.age < 14 ? 'paediatrics' : 'internal');
  consult(d, day);
  if (ctx.age < 14) {
    d.lines.push(line(I.paediatricColdGranules, day, rng.int(1, 2), true));
    if (rng.chance(0.5)) d.lines.push(line(I.ambroxol, day, 1, true));
    // children's drug (≤ 14 by its label) and 小儿推拿 (限儿童): clean for a child
    if (rng.chance(0.2)) d.lines.push(line(I.paediatricFeverGranules, day, 1, true));
    if (rng.chance(0.15)) d.lines.push(line(I.paediatricTuina, day, 1, true));
  } else {
    // levofloxacin is forbidden under 18 by its label: adults only
    const antibiotic = ctx.age >= 18 && rng.chance(0.2) ? I.levofloxacin : rng.chance(0.5) ? I.lianhua : I.amoxicillin;
    d.lines.push(line(antibiotic, day, rng.int(1, 2), true));
    if (rng.chance(0.6)) d.lines.push(line(I.paracetamol, day, rng.int(1, 2), true));
  }
  if (rng.chance(0.4)) d.lines.push(line(I.bloodCount, day, 1, true));
  return d;
}

export function outpatientGastritis(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  const d = draft(ctx, '1', '11', [DX.gastritis], 'internal');
  consult(d, day);
  d.lines.push(line(rng.chance(0.6) ? I.omeprazole : I.rabeprazole, day, rng.int(1, 2), true));
  if (rng.chance(0.3)) d.lines.push(line(I.ultrasound, day, 1, true));
  return d;
}

export function outpatientHypertension(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  const d = draft(ctx, '1', '11', [DX.hypertension], 'internal');
  consult(d, day);
  d.lines.push(line(I.amlodipine, day, rng.int(1, 2), true));
  if (rng.chance(0.3)) d.lines.push(line(I.aspirin, day, 1, true));
  if (rng.chance(0.3)) d.lines.push(line(I.ecg, day, 1, true));
  return d;
}

export function outpatientLipids(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  const d = draft(ctx, '1', '11', [DX.hyperlipidaemia], 'internal');
  consult(d, day);
  d.lines.push(line(I.atorvastatin, day, rng.int(1, 2), true));
  if (rng.chance(0.5)) {
    d.lines.push(line(I.venousBloodSampling, day, 1, true));
    d.lines.push(line(rng.chance(0.7) ? I.liverPanel : I.alt, day, 1, true));
  }
  return d;
}

export function outpatientDiabetes(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  const d = draft(ctx, '1', '14', [DX.diabetes], 'internal');
  d.lines.push(line(I.metformin, day, rng.int(1, 2), true));
  if (rng.chance(0.3)) d.lines.push(line(I.insulin, day, rng.int(1, 3), true));
  if (rng.chance(0.2)) d.lines.push(line(I.liraglutide, day, 1, true));
  // on the 两病·糖尿病 medication list: a diabetes diagnosis qualifies
  if (rng.chance(0.3)) d.lines.push(line(I.acarbose, day, rng.int(1, 2), true));
  if (rng.chance(0.5)) d.lines.push(line(I.venousBloodSampling, day, rng.int(1, 2), true));
  return d;
}

export function outpatientDialysis(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  const d = draft(ctx, '1', '14', [DX.ckd5], 'internal');
  d.lines.push(line(I.haemodialysis, day, 1, true));
  d.lines.push(line(I.saline, day, rng.int(1, 2), true));
  if (rng.chance(0.4)) d.lines.push(line(I.venousBloodSampling, day, 1, true));
  // on the 门诊慢特病·慢性肾脏病 list as well as 两病·高血压: N18 qualifies
  if (rng.chance(0.3)) d.lines.push(line(I.nifedipine, day, rng.int(1, 2), true));
  return d;
}

function outpatientGynaecology(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  if (ctx.age <= 40 && rng.chance(0.3)) {
    const d = draft(ctx, '1', '11', [DX.threatenedAbortion], 'gyn');
    consult(d, day);
    d.lines.push(line(I.progesterone, day, rng.int(3, 7), true));
    d.lines.push(line(I.injection, day, 1, true));
    d.lines.push(line(I.transvaginalUltrasound, day, 1, true));
    return d;
  }
  const d = draft(ctx, '1', '11', [rng.chance(0.5) ? DX.endometriosis : DX.abdominalPain], 'gyn');
  consult(d, day);
  d.lines.push(line(I.transvaginalUltrasound, day, 1, true));
  // 阴道镜 is limited to 妇产科 (A05): ordered here by gynaecology
  if (rng.chance(0.2)) d.lines.push(line(I.colposcopy, day, 1, true));
  return d;
}

function outpatientProstate(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  const d = draft(ctx, '1', '11', [DX.bph], 'surgery');
  consult(d, day);
  d.lines.push(line(I.tamsulosin, day, rng.int(1, 3), true));
  if (rng.chance(0.2)) d.lines.push(line(I.prostateMassage, day, 1, true));
  return d;
}

function outpatientOsteoporosis(ctx: Ctx): Draft {
  const d = draft(ctx, '1', '11', [DX.osteoporosis], 'internal');
  consult(d, ctx.day);
  d.lines.push(line(I.calcium, ctx.day, 1, true));
  return d;
}

export function outpatientBackPain(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  const d = draft(ctx, '1', '11', [DX.backPain], 'tcm');
  consult(d, day);
  d.lines.push(line(I.acupuncture, day, rng.int(1, 3), true));
  d.lines.push(line(I.astragalus, day, rng.int(60, 200), true));
  if (rng.chance(0.5)) d.lines.push(line(I.angelica, day, rng.int(30, 100), true));
  // 枸杞子 is paid only in a compound: here with astragalus
  if (rng.chance(0.3)) d.lines.push(line(I.wolfberry, day, rng.int(30, 60), true));
  // diazepam is on the elderly potentially-inappropriate list: under 60 only
  if (ctx.age < 60 && rng.chance(0.15)) d.lines.push(line(I.diazepam, day, 1, true));
  return d;
}

export function outpatientOncology(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  const d = draft(ctx, '1', '14', [DX.breastCancer], 'oncology');
  d.lines.push(line(I.trastuzumab, day, 1, true));
  d.lines.push(line(I.saline, day, rng.int(1, 2), true));
  d.lines.push(line(I.infusion, day, 1, true));
  d.lines.push(line(I.infusionSet, day, 1, true));
  return d;
}

function outpatientFrailty(ctx: Ctx): Draft {
  const d = draft(ctx, '1', '11', [DX.frailty], 'general');
  consult(d, ctx.day);
  d.lines.push(line(ctx.rng.chance(0.5) ? I.calcium : I.aspirin, ctx.day, 1, true));
  return d;
}

export function outpatientGastroenteritis(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  const d = draft(ctx, '1', '11', [DX.gastroenteritis], ctx.age < 14 ? 'paediatrics' : 'internal');
  consult(d, day);
  d.lines.push(line(I.saline, day, rng.int(1, 3), true));
  d.lines.push(line(I.infusion, day, 1, true));
  // a child gets the paediatric scalp needle (限儿童), an adult the ordinary set
  d.lines.push(line(ctx.age < 14 ? I.paediatricScalpNeedle : I.infusionSet, day, 1, true));
  if (rng.chance(0.5)) d.lines.push(line(I.bloodCount, day, 1, true));
  return d;
}

/** Kidney stone: 1–2 lithotripsy sessions, within the item's 1,500-yuan cap per visit. */
export function outpatientKidneyStone(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  const d = draft(ctx, '1', '11', [DX.kidneyStone], 'surgery');
  consult(d, day);
  d.lines.push(line(I.urinalysis, day, 1, true));
  d.lines.push(line(I.lithotripsy, day, rng.int(1, 2), true));
  return d;
}

/** Rotator-cuff pain: one shock-wave session (限支付疗程 5 days in 30: the generator's state keeps count). */
export function outpatientShoulder(ctx: Ctx): Draft {
  const d = draft(ctx, '1', '11', [DX.shoulder], 'surgery');
  consult(d, ctx.day);
  d.lines.push(line(I.shockWaveTherapy, ctx.day, 1, true));
  return d;
}

const OUTPATIENT: readonly Profile[] = [
  { name: 'uri', weight: 30, when: () => true, build: outpatientUri },
  { name: 'gastroenteritis', weight: 8, when: () => true, build: outpatientGastroenteritis },
  { name: 'gastritis', weight: 12, when: (c) => c.age >= 14, build: outpatientGastritis },
  { name: 'hypertension', weight: 18, when: (c) => c.age >= 35, build: outpatientHypertension },
  { name: 'lipids', weight: 10, when: (c) => c.age >= 35, build: outpatientLipids },
  { name: 'diabetes', weight: 10, when: (c) => c.age >= 30, build: outpatientDiabetes },
  { name: 'dialysis', weight: 3, when: (c) => c.age >= 30 && hospitalAtLeast(c, 1), build: outpatientDialysis },
  { name: 'gynaecology', weight: 6, when: (c) => female(c) && c.age >= 20 && c.age <= 50 && c.inst.type !== 'clinic', build: outpatientGynaecology },
  { name: 'prostate', weight: 5, when: (c) => male(c) && c.age >= 50, build: outpatientProstate },
  { name: 'osteoporosis', weight: 4, when: (c) => female(c) && c.age >= 55, build: outpatientOsteoporosis },
  { name: 'backPain', weight: 8, when: (c) => c.age >= 18, build: outpatientBackPain },
  { name: 'oncology', weight: 2, when: (c) => female(c) && c.age >= 35 && c.age <= 75 && hospitalAtLeast(c, 2), build: outpatientOncology },
  { name: 'frailty', weight: 3, when: (c) => c.age >= 70, build: outpatientFrailty },
  { name: 'kidneyStone', weight: 2, when: (c) => c.age >= 25 && hospitalAtLeast(c, 2), build: outpatientKidneyStone },
  { name: 'shoulder', weight: 2, when: (c) => c.age >= 30 && hospitalAtLeast(c, 2), build: outpatientShoulder },
];

function choose(ctx: Ctx, profiles: readonly Profile[]): Draft {
  const eligible = profiles.filter((p) => p.when(ctx));
  const profile = ctx.rng.weighted(eligible.map((p) => [p, p.weight] as const));
  return profile.build(ctx);
}

export function cleanOutpatient(ctx: Ctx): Draft {
  return choose(ctx, OUTPATIENT);
}

// ---------------------------------------------------------------- pharmacy (med_type 41)

export function cleanPharmacy(ctx: Ctx): Draft {
  const { rng, day } = ctx;
  const options: [string, number][] = [['cold', 30]];
  if (ctx.age >= 14) options.push(['ppi', 15]);
  if (ctx.age >= 35) options.push(['bp', 20], ['statin', 12], ['metformin', 10]);
  if (ctx.age >= 55 && female(ctx)) options.push(['calcium', 6]);
  const kind = rng.weighted(options);
  const dx =
    { cold: DX.uri, ppi: DX.gastritis, bp: DX.hypertension, statin: DX.hyperlipidaemia, metformin: DX.diabetes, calcium: DX.osteoporosis }[kind] ?? DX.uri;
  const d = draft(ctx, '3', '41', [dx], 'pharmacy');
  if (kind === 'cold') {
    if (ctx.age < 14) d.lines.push(line(I.paediatricColdGranules, day, rng.int(1, 2), true));
    else {
      d.lines.push(line(I.lianhua, day, rng.int(1, 2), true));
      if (rng.chance(0.5)) d.lines.push(line(I.paracetamol, day, rng.int(1, 2), true));
    }
  } else if (kind === 'ppi') d.lines.push(line(rng.chance(0.5) ? I.omeprazole : I.rabeprazole, day, rng.int(1, 2), true));
  else if (kind === 'bp') d.lines.push(line(I.amlodipine, day, rng.int(1, 2), true));
  else if (kind === 'statin') d.lines.push(line(I.atorvastatin, day, rng.int(1, 2), true));
  else if (kind === 'metformin') d.lines.push(line(I.metformin, day, rng.int(1, 2), true));
  else d.lines.push(line(I.calcium, day, 1, true));
  if (rng.chance(0.25)) d.lines.push(line(I.gauze, day, rng.int(1, 3), true));
  return d;
}

// ---------------------------------------------------------------- inpatient (med_type 21)

function losFor(ctx: Ctx, min: number, max: number): number {
  return Math.max(0, Math.min(ctx.rng.int(min, max), ctx.yearEnd - ctx.day));
}

/** Bed, nursing (Ⅰ级 at its capped price, once a day) and infusion for every day of the stay. */
function dailyCare(ctx: Ctx, d: Draft, nursingLevelOne: boolean, infusion: boolean): void {
  for (let day = d.beginDay; day <= d.endDay; day += 1) {
    d.lines.push(line(I.bed, day, 1, false));
    d.lines.push(line(nursingLevelOne ? I.levelOneNursing : I.levelTwoNursing, day, 1, false));
    if (infusion && day < d.endDay) {
      d.lines.push(line(I.saline, day, ctx.rng.int(1, 2), false));
      d.lines.push(line(I.infusion, day, 1, false));
      d.lines.push(line(I.infusionSet, day, 1, false));
    }
  }
}

export function inpatientPneumonia(ctx: Ctx, options: { meropenem?: 'none' | 'after-first-line' | 'only' } = {}): Draft {
  const { rng } = ctx;
  const d = draft(ctx, '2', '21', [DX.pneumonia], ctx.age < 14 ? 'paediatrics' : 'internal', ctx.day + losFor(ctx, 5, 12));
  const mero = options.meropenem ?? (rng.chance(0.25) ? 'after-first-line' : 'none');
  dailyCare(ctx, d, rng.chance(0.5), true);
  d.lines.push(line(I.bloodCount, d.beginDay, 1, false));
  d.lines.push(line(I.chestXray, d.beginDay, 1, false));
  d.lines.push(line(I.venousBloodSampling, d.beginDay, rng.int(1, 2), false));
  const switchDay = mero === 'only' ? d.beginDay : mero === 'after-first-line' ? d.beginDay + 2 : d.endDay + 1;
  for (let day = d.beginDay; day < d.endDay || day === d.beginDay; day += 1) {
    if (day < switchDay) d.lines.push(line(I.ceftriaxone, day, 2, false));
    else d.lines.push(line(I.meropenem, day, 3, false));
  }
  if (d.endDay - d.beginDay >= 4) d.lines.push(line(I.bloodCount, d.beginDay + 3, 1, false));
  return d;
}

export function inpatientAppendicitis(ctx: Ctx): Draft {
  const { rng } = ctx;
  const d = draft(ctx, '2', '21', [DX.appendicitis], 'surgery', ctx.day + losFor(ctx, 3, 6));
  dailyCare(ctx, d, true, true);
  const day = d.beginDay;
  d.lines.push(line(I.bloodCount, day, 1, false));
  d.lines.push(line(I.ultrasound, day, 1, false));
  d.lines.push(line(I.generalAnaesthesia, day, 1, false));
  d.lines.push(line(I.appendectomy, day, 1, false));
  d.operations.push({ ...OPERATIONS.appendectomy, day });
  d.lines.push(line(I.gauze, day, rng.int(4, 10), false));
  // one stapler stays within its 3,000-yuan cap per stay
  if (rng.chance(0.3)) d.lines.push(line(I.stapler, day, 1, false));
  for (let k = day; k < d.endDay || k === day; k += 1) d.lines.push(line(I.cefotaxime, k, 2, false));
  return d;
}

/**
 * Laparoscopic cholecystectomy; with `hernia` an inguinal hernia repaired the same day — the
 * additional operation at half its price (`discounted`, clean) or in full (`full`, 手术未按规定折价).
 */
export function inpatientCholecystectomy(ctx: Ctx, hernia: 'none' | 'discounted' | 'full' = ctx.rng.chance(0.3) ? 'discounted' : 'none'): Draft {
  const { rng } = ctx;
  const dx = hernia === 'none' ? [DX.cholecystitis] : [DX.cholecystitis, DX.inguinalHernia];
  const d = draft(ctx, '2', '21', dx, 'surgery', ctx.day + losFor(ctx, 3, 7));
  dailyCare(ctx, d, true, true);
  const day = d.beginDay;
  d.lines.push(line(I.bloodCount, day, 1, false));
  d.lines.push(line(I.generalAnaesthesia, day, 1, false));
  d.lines.push(line(I.cholecystectomy, day, 1, false));
  d.operations.push({ ...OPERATIONS.cholecystectomy, day });
  if (hernia !== 'none') {
    const full = I.herniaRepair.prices[ctx.inst.level];
    d.lines.push({ ...line(I.herniaRepair, day, 1, false), price: hernia === 'full' ? full : full / 2n });
    d.operations.push({ ...OPERATIONS.herniaRepair, day });
  }
  d.lines.push(line(I.gauze, day, rng.int(4, 10), false));
  return d;
}

/**
 * Ischaemic stroke. Salvianolate (限支付疗程 14 days in a 30-day window) once a day from admission:
 * by default for at most 14 days of a stay in half the stays; `salvianolateDays` gives the days (the
 * stay lasts at least as long).
 */
export function inpatientStroke(ctx: Ctx, options: { salvianolateDays?: number } = {}): Draft {
  const { rng } = ctx;
  const minLos = options.salvianolateDays ?? 7;
  const d = draft(ctx, '2', '21', [DX.stroke, DX.hypertension], 'internal', ctx.day + losFor(ctx, Math.max(7, minLos), Math.max(18, minLos)));
  dailyCare(ctx, d, rng.chance(0.6), true);
  const infusionDays = options.salvianolateDays ?? (rng.chance(0.5) ? rng.int(7, 14) : 0);
  for (let k = 0; k < infusionDays && d.beginDay + k <= d.endDay; k += 1) d.lines.push(line(I.salvianolate, d.beginDay + k, 1, false));
  d.lines.push(line(I.ctScan, d.beginDay, 1, false));
  d.lines.push(line(I.atorvastatin, d.beginDay, 1, false));
  d.lines.push(line(I.aspirin, d.beginDay, 1, false));
  for (let day = d.beginDay; day <= d.endDay; day += 3) d.lines.push(line(I.venousBloodSampling, day, 1, false));
  if (d.endDay > d.beginDay) d.lines.push(line(I.liverPanel, d.beginDay + 1, 1, false));
  return d;
}

export function inpatientCoPoisoning(ctx: Ctx): Draft {
  const d = draft(ctx, '2', '21', [DX.coPoisoning], 'internal', ctx.day + losFor(ctx, 3, 8));
  dailyCare(ctx, d, true, true);
  for (let day = d.beginDay; day < d.endDay || day === d.beginDay; day += 1) d.lines.push(line(I.hyperbaricOxygen, day, 1, false));
  d.lines.push(line(I.bloodCount, d.beginDay, 1, false));
  return d;
}

export function inpatientDelivery(ctx: Ctx): Draft {
  const d = draft(ctx, '2', '21', [DX.delivery], 'gyn', ctx.day + losFor(ctx, 2, 4));
  dailyCare(ctx, d, false, false);
  d.lines.push(line(I.vaginalDelivery, d.beginDay, 1, false));
  // an obstetric procedure: women only (手术操作编码与性别), and every delivery is a woman's
  d.operations.push({ ...OPERATIONS.vaginalDelivery, day: d.beginDay });
  d.lines.push(line(I.bloodCount, d.beginDay, 1, false));
  d.lines.push(line(I.gauze, d.beginDay, ctx.rng.int(4, 8), false));
  return d;
}

export function inpatientNewborn(ctx: Ctx): Draft {
  const { rng } = ctx;
  const rds = rng.chance(0.5);
  const d = draft(ctx, '2', '21', rds ? [DX.rds, DX.prematurity] : [DX.prematurity], 'paediatrics', ctx.day + losFor(ctx, 3, 10));
  dailyCare(ctx, d, true, false);
  if (rds) d.lines.push(line(I.surfactant, d.beginDay, 1, false));
  if (ctx.ageDays <= 1) d.lines.push(line(I.umbilicalClamp, d.beginDay, 1, false));
  if (rng.chance(0.5)) d.lines.push(line(I.neonatalBilirubin, d.beginDay, 1, false));
  d.lines.push(line(I.venousBloodSampling, d.beginDay, 1, false));
  return d;
}

export function inpatientOncology(ctx: Ctx): Draft {
  const { rng } = ctx;
  const d = draft(ctx, '2', '21', [DX.breastCancer], 'oncology', ctx.day + losFor(ctx, 3, 6));
  dailyCare(ctx, d, false, true);
  d.lines.push(line(I.trastuzumab, d.beginDay, 1, false));
  if (rng.chance(0.3)) d.lines.push(line(I.albumin, d.beginDay, rng.int(1, 2), false));
  d.lines.push(line(I.bloodCount, d.beginDay, 1, false));
  return d;
}

export function inpatientCopd(ctx: Ctx): Draft {
  const { rng } = ctx;
  const d = draft(ctx, '2', '21', [DX.copd], 'internal', ctx.day + losFor(ctx, 7, 14));
  dailyCare(ctx, d, rng.chance(0.5), true);
  const drug = rng.chance(0.5) ? I.ceftriaxone : I.cefotaxime;
  for (let day = d.beginDay; day < d.endDay || day === d.beginDay; day += 1) d.lines.push(line(drug, day, 2, false));
  d.lines.push(line(I.ambroxol, d.beginDay, 2, false));
  d.lines.push(line(I.chestXray, d.beginDay, 1, false));
  if (rng.chance(0.15)) d.lines.push(line(I.albumin, d.beginDay + 1 <= d.endDay ? d.beginDay + 1 : d.beginDay, 2, false));
  return d;
}

export function inpatientGastroenteritis(ctx: Ctx): Draft {
  const d = draft(ctx, '2', '21', [DX.gastroenteritis], 'internal', ctx.day + losFor(ctx, 3, 5));
  dailyCare(ctx, d, false, true);
  // one cannula on admission (at most one a day)
  d.lines.push(line(I.ivCannula, d.beginDay, 1, false));
  d.lines.push(line(I.bloodCount, d.beginDay, 1, false));
  d.lines.push(line(I.urinalysis, d.beginDay, 1, false));
  return d;
}

const INPATIENT: readonly Profile[] = [
  { name: 'pneumonia', weight: 25, when: (c) => c.age >= 1, build: (c) => inpatientPneumonia(c) },
  { name: 'gastroenteritis', weight: 10, when: () => true, build: inpatientGastroenteritis },
  { name: 'appendicitis', weight: 10, when: (c) => c.age >= 10 && c.age <= 65 && c.inst.type === 'hospital', build: inpatientAppendicitis },
  { name: 'stroke', weight: 15, when: (c) => c.age >= 50, build: inpatientStroke },
  { name: 'coPoisoning', weight: 2, when: (c) => c.age >= 12 && hospitalAtLeast(c, 2), build: inpatientCoPoisoning },
  { name: 'delivery', weight: 10, when: (c) => female(c) && c.age >= 20 && c.age <= 40, build: inpatientDelivery },
  { name: 'oncology', weight: 5, when: (c) => female(c) && c.age >= 30 && c.age <= 75 && hospitalAtLeast(c, 2), build: inpatientOncology },
  { name: 'copd', weight: 12, when: (c) => c.age >= 55, build: inpatientCopd },
  { name: 'cholecystectomy', weight: 6, when: (c) => c.age >= 30 && c.age <= 80 && hospitalAtLeast(c, 1), build: (c) => inpatientCholecystectomy(c) },
];

export function cleanInpatient(ctx: Ctx): Draft {
  if (ctx.ageDays <= 10 && hospitalAtLeast(ctx, 2)) return inpatientNewborn(ctx);
  return choose(ctx, INPATIENT);
}
