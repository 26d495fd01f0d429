import type { AnomalyDetectedPayload, AnomalyType } from '@mi/contracts';
import { DomainError } from '@mi/domain';

/**
 * The anomaly detectors (智能监控预警, seed 000_…) as pure functions of a trigger settlement, the
 * facts around it and the city's thresholds. Every threshold is inclusive: a figure *at* the
 * threshold raises the alert. Defaults and their sources: docs/anomaly-detectors.md.
 */

/** One settlement as the fact store keeps it (no names, no ID numbers). */
export interface SettlementFact {
  settlementId: string;
  setlId: string;
  psnNo: string;
  institutionCode: string;
  poolarea: string;
  /** yyyy-MM-dd (Asia/Shanghai). */
  setlDate: string;
  /** Epoch milliseconds; null for events without `visit`. */
  setlTime: number | null;
  gend: string | null;
  ageYears: number | null;
  /** 1 outpatient, 2 inpatient, 3 pharmacy, 4 other; null without `visit`. */
  treatmentMode: string | null;
  begndate: string | null;
  enddate: string | null;
  medfeeFen: bigint;
}

export interface DetectorParams {
  PERSON_MANY_SETTLEMENTS: { windowDays: number; minSettlements: number; treatmentModes: string[] };
  LARGE_EXPENDITURE: { minAmountFen: number };
  SETTLEMENT_BURST: { windowMinutes: number; minPersons: number; treatmentModes: string[] };
  OUTPATIENT_DURING_STAY: { treatmentModes: string[]; maxStayDays: number };
  YOUNG_ADULT_INPATIENT_SPIKE: {
    windowDays: number;
    minAge: number;
    maxAge: number;
    treatmentModes: string[];
    minSettlements: number;
    minYoung: number;
    minRatio: number;
  };
  READMISSION_7D: { maxGapDays: number; sameInstitution: boolean };
  /**
   * Units sold beyond what was in stock before an alert (0: any shortfall); without a stocktake an
   * item is judged from zero stock only when `requireStocktake` is false.
   */
  INVENTORY_SALES_EXCEED_STOCK: { toleranceUnits: number; requireStocktake: boolean };
}

/** Platform defaults (a city or province overrides them as data). */
export const DEFAULT_PARAMS: DetectorParams = {
  PERSON_MANY_SETTLEMENTS: { windowDays: 1, minSettlements: 5, treatmentModes: ['1', '3'] },
  LARGE_EXPENDITURE: { minAmountFen: 5_000_000 },
  SETTLEMENT_BURST: { windowMinutes: 40, minPersons: 15, treatmentModes: ['1', '3'] },
  OUTPATIENT_DURING_STAY: { treatmentModes: ['1', '3'], maxStayDays: 180 },
  YOUNG_ADULT_INPATIENT_SPIKE: { windowDays: 14, minAge: 18, maxAge: 44, treatmentModes: ['2'], minSettlements: 8, minYoung: 8, minRatio: 2 },
  READMISSION_7D: { maxGapDays: 7, sameInstitution: true },
  INVENTORY_SALES_EXCEED_STOCK: { toleranceUnits: 0, requireStocktake: true },
};

type ParamSpec = { kind: 'int'; min: number; max: number } | { kind: 'number'; min: number; max: number } | { kind: 'modes' } | { kind: 'boolean' };
const MODES = ['1', '2', '3', '4'];

const SPECS: { [T in AnomalyType]: Record<keyof DetectorParams[T], ParamSpec> } = {
  PERSON_MANY_SETTLEMENTS: {
    windowDays: { kind: 'int', min: 1, max: 31 },
    minSettlements: { kind: 'int', min: 2, max: 1000 },
    treatmentModes: { kind: 'modes' },
  },
  LARGE_EXPENDITURE: { minAmountFen: { kind: 'int', min: 100, max: 1e13 } },
  SETTLEMENT_BURST: {
    windowMinutes: { kind: 'int', min: 1, max: 24 * 60 },
    minPersons: { kind: 'int', min: 2, max: 10_000 },
    treatmentModes: { kind: 'modes' },
  },
  OUTPATIENT_DURING_STAY: { treatmentModes: { kind: 'modes' }, maxStayDays: { kind: 'int', min: 1, max: 3650 } },
  YOUNG_ADULT_INPATIENT_SPIKE: {
    windowDays: { kind: 'int', min: 1, max: 366 },
    minAge: { kind: 'int', min: 0, max: 150 },
    maxAge: { kind: 'int', min: 0, max: 150 },
    treatmentModes: { kind: 'modes' },
    minSettlements: { kind: 'int', min: 1, max: 1_000_000 },
    minYoung: { kind: 'int', min: 1, max: 1_000_000 },
    minRatio: { kind: 'number', min: 1, max: 100 },
  },
  READMISSION_7D: { maxGapDays: { kind: 'int', min: 0, max: 90 }, sameInstitution: { kind: 'boolean' } },
  INVENTORY_SALES_EXCEED_STOCK: { toleranceUnits: { kind: 'number', min: 0, max: 1_000_000 }, requireStocktake: { kind: 'boolean' } },
};

/**
 * Checks a (partial) parameter set of one detector: unknown names, wrong types and values out of
 * range are refused with the field's path (`params.minSettlements`). Returns the checked values.
 */
export function checkParams<T extends AnomalyType>(type: T, params: Record<string, unknown>): Partial<DetectorParams[T]> {
  const spec = SPECS[type] as Record<string, ParamSpec>;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    const field = `params.${name}`;
    const s = spec[name];
    const fail = (reason: string): never => {
      throw new DomainError('VALIDATION', `${field}: ${reason}`, { field, reason });
    };
    if (!s) fail(`unknown parameter of ${type} (known: ${Object.keys(spec).join(', ')})`);
    if (s.kind === 'modes') {
      if (!Array.isArray(value) || value.length === 0 || value.some((m) => !MODES.includes(m as string)) || new Set(value).size !== value.length)
        fail(`must be a non-empty list of distinct treatment modes out of ${MODES.join(', ')}`);
      out[name] = [...(value as string[])].sort();
    } else if (s.kind === 'boolean') {
      if (typeof value !== 'boolean') fail('must be true or false');
      out[name] = value;
    } else {
      if (typeof value !== 'number' || !Number.isFinite(value) || (s.kind === 'int' && !Number.isInteger(value)))
        fail(`must be ${s.kind === 'int' ? 'an integer' : 'a number'}`);
      if ((value as number) < s.min || (value as number) > s.max) fail(`must be between ${s.min} and ${s.max}`);
      out[name] = value;
    }
  }
  return out as Partial<DetectorParams[T]>;
}

/** The complete parameters after merging layers (defaults ← province ← city); cross-field checks. */
export function mergeParams<T extends AnomalyType>(type: T, ...layers: Partial<DetectorParams[T]>[]): DetectorParams[T] {
  const merged = Object.assign({}, DEFAULT_PARAMS[type], ...layers) as DetectorParams[T];
  if (type === 'YOUNG_ADULT_INPATIENT_SPIKE') {
    const p = merged as DetectorParams['YOUNG_ADULT_INPATIENT_SPIKE'];
    if (p.minAge > p.maxAge) throw new DomainError('VALIDATION', 'params.minAge: must not exceed maxAge', { field: 'params.minAge', reason: 'above maxAge' });
    if (p.minYoung > p.minSettlements)
      throw new DomainError('VALIDATION', 'params.minYoung: must not exceed minSettlements', { field: 'params.minYoung', reason: 'above minSettlements' });
  }
  return merged;
}

/** What a detector found; the service turns it into an alert (or extends an overlapping one). */
export type AlertCandidate = Omit<AnomalyDetectedPayload, 'alertId'> & {
  /** Identifies the subject within the type: `P:<psnNo>`, `I:<code>`, `S:<settlementId>`, `P:<psnNo>|STAY:<id>`. */
  subjectKey: string;
};

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of a yyyy-MM-dd date. */
export function epochDay(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function dateOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant of a Beijing date, ISO. */
export function startOfDay(date: string): string {
  return new Date(epochDay(date) * DAY_MS - BEIJING_MS).toISOString();
}

/** The last millisecond of a Beijing date, ISO. */
export function endOfDay(date: string): string {
  return new Date((epochDay(date) + 1) * DAY_MS - BEIJING_MS - 1).toISOString();
}

function beijingTime(ms: number): string {
  return new Date(ms + BEIJING_MS).toISOString().slice(0, 16).replace('T', ' ');
}

function yuan(fen: bigint | number): string {
  const f = BigInt(fen);
  const sign = f < 0n ? '-' : '';
  const a = f < 0n ? -f : f;
  return `${sign}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

function percent(n: number, d: number): string {
  return d === 0 ? '0.0%' : `${((n * 100) / d).toFixed(1)}%`;
}

const MODE_NAMES: Record<string, string> = { '1': '门诊', '2': '住院', '3': '购药', '4': '其他' };
const modeNames = (modes: string[]): string => modes.map((m) => MODE_NAMES[m] ?? m).join('/');

/**
 * The window of length `width` (in the key's unit) that contains the trigger and covers the most
 * distinct values of `countKey`; ties go to the earliest. `items` must include the trigger.
 */
function densestWindow<F>(items: F[], key: (f: F) => number, countKey: (f: F) => string, trigger: number, width: number): F[] {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  let best: F[] = [];
  let bestCount = -1;
  for (let i = 0; i < sorted.length; i += 1) {
    const start = key(sorted[i]);
    if (start > trigger || start < trigger - width) continue;
    const inWindow = sorted.filter((f) => key(f) >= start && key(f) <= start + width);
    const count = new Set(inWindow.map(countKey)).size;
    if (count > bestCount) {
      best = inWindow;
      bestCount = count;
    }
  }
  return best;
}

/**
 * 单人多次结算 — the person's settlements (of the configured treatment modes) on `windowDays`
 * consecutive settlement dates that include the trigger's. `personFacts`: the same person's
 * settlements within `windowDays` of the trigger (reversed ones already left out), trigger included.
 */
export function personManySettlements(
  trigger: SettlementFact,
  personFacts: SettlementFact[],
  p: DetectorParams['PERSON_MANY_SETTLEMENTS'],
): AlertCandidate | null {
  if (!trigger.treatmentMode || !p.treatmentModes.includes(trigger.treatmentMode)) return null;
  const facts = personFacts.filter((f) => f.psnNo === trigger.psnNo && f.treatmentMode !== null && p.treatmentModes.includes(f.treatmentMode));
  const window = densestWindow(
    facts,
    (f) => epochDay(f.setlDate),
    (f) => f.settlementId,
    epochDay(trigger.setlDate),
    p.windowDays - 1,
  );
  if (window.length < p.minSettlements) return null;
  const first = window[0].setlDate;
  const last = window[window.length - 1].setlDate;
  const institutions = new Set(window.map((f) => f.institutionCode)).size;
  const days = p.windowDays === 1 ? `${first}当日` : `${first}至${dateOfEpochDay(epochDay(first) + p.windowDays - 1)}的${p.windowDays}天内`;
  return {
    type: 'PERSON_MANY_SETTLEMENTS',
    poolarea: trigger.poolarea,
    institutionCode: institutions === 1 ? window[0].institutionCode : null,
    psnNo: trigger.psnNo,
    subjectKey: `P:${trigger.psnNo}`,
    from: startOfDay(first),
    to: endOfDay(last),
    settlementIds: window.map((f) => f.settlementId),
    measured: { value: window.length, institutions },
    threshold: { value: p.minSettlements, windowDays: p.windowDays },
    explanation: `参保人${trigger.psnNo}在${days}${modeNames(p.treatmentModes)}结算${window.length}次（涉及${institutions}家机构），达到单人多次结算预警阈值${p.minSettlements}次`,
  };
}

/** 单次大额支出 — one settlement whose total (medfee_sumamt) is at or above `minAmountFen`. */
export function largeExpenditure(trigger: SettlementFact, p: DetectorParams['LARGE_EXPENDITURE']): AlertCandidate | null {
  if (trigger.medfeeFen < BigInt(p.minAmountFen)) return null;
  const at = trigger.setlTime !== null ? new Date(trigger.setlTime).toISOString() : startOfDay(trigger.setlDate);
  return {
    type: 'LARGE_EXPENDITURE',
    poolarea: trigger.poolarea,
    institutionCode: trigger.institutionCode,
    psnNo: trigger.psnNo,
    subjectKey: `S:${trigger.settlementId}`,
    from: at,
    to: trigger.setlTime !== null ? at : endOfDay(trigger.setlDate),
    settlementIds: [trigger.settlementId],
    measured: { value: yuan(trigger.medfeeFen), fen: trigger.medfeeFen.toString() },
    threshold: { value: yuan(p.minAmountFen), fen: String(p.minAmountFen) },
    explanation: `参保人${trigger.psnNo}于${trigger.setlDate}在${trigger.institutionCode}单次结算医疗费用${yuan(trigger.medfeeFen)}元，达到单次大额支出预警阈值${yuan(p.minAmountFen)}元`,
  };
}

/**
 * 多人集中时间段结算 — distinct persons settling at one institution within `windowMinutes`.
 * `institutionFacts`: the institution's settlements within `windowMinutes` of the trigger, trigger included.
 */
export function settlementBurst(trigger: SettlementFact, institutionFacts: SettlementFact[], p: DetectorParams['SETTLEMENT_BURST']): AlertCandidate | null {
  if (trigger.setlTime === null || !trigger.treatmentMode || !p.treatmentModes.includes(trigger.treatmentMode)) return null;
  const facts = institutionFacts.filter(
    (f) => f.institutionCode === trigger.institutionCode && f.setlTime !== null && f.treatmentMode !== null && p.treatmentModes.includes(f.treatmentMode),
  );
  const window = densestWindow(
    facts,
    (f) => f.setlTime as number,
    (f) => f.psnNo,
    trigger.setlTime,
    p.windowMinutes * 60_000,
  );
  const persons = new Set(window.map((f) => f.psnNo)).size;
  if (persons < p.minPersons) return null;
  const from = window[0].setlTime as number;
  const to = window[window.length - 1].setlTime as number;
  const minutes = Math.round((to - from) / 60_000);
  return {
    type: 'SETTLEMENT_BURST',
    poolarea: trigger.poolarea,
    institutionCode: trigger.institutionCode,
    psnNo: null,
    subjectKey: `I:${trigger.institutionCode}`,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    settlementIds: window.map((f) => f.settlementId),
    measured: { value: persons, settlements: window.length, minutes },
    threshold: { value: p.minPersons, windowMinutes: p.windowMinutes },
    explanation: `${trigger.institutionCode}在${beijingTime(from)}至${beijingTime(to)}（${minutes}分钟）内有${persons}名不同参保人${modeNames(p.treatmentModes)}结算，达到多人集中时间段结算预警阈值（${p.windowMinutes}分钟内${p.minPersons}人）`,
  };
}

/** Whether an outpatient visit on `day` lies strictly inside a stay (admission and discharge days excluded). */
function inside(day: number, stay: SettlementFact, maxStayDays: number): boolean {
  const adm = epochDay(stay.begndate as string);
  const dis = stay.enddate ? epochDay(stay.enddate) : adm + maxStayDays;
  return day > adm && day < dis;
}

const visitDay = (f: SettlementFact): number => epochDay(f.begndate ?? f.setlDate);

/**
 * 住院期间门诊结算 — outpatient or pharmacy settlements of a person dated strictly inside one of
 * their inpatient stays (as rule MI-OUTPATIENT-DURING-STAY: admission and discharge days are not
 * inside). One candidate per stay concerned. `personFacts`: the person's settlements around the
 * trigger (stays and outpatient visits), trigger included.
 */
export function outpatientDuringStay(trigger: SettlementFact, personFacts: SettlementFact[], p: DetectorParams['OUTPATIENT_DURING_STAY']): AlertCandidate[] {
  if (!trigger.treatmentMode || !trigger.begndate) return [];
  const facts = personFacts.filter((f) => f.psnNo === trigger.psnNo && f.treatmentMode !== null && f.begndate !== null);
  const isStay = (f: SettlementFact): boolean => f.treatmentMode === '2';
  const isVisit = (f: SettlementFact): boolean => p.treatmentModes.includes(f.treatmentMode as string) && f.treatmentMode !== '2';
  let stays: SettlementFact[];
  if (isStay(trigger)) stays = [trigger];
  else if (isVisit(trigger)) stays = facts.filter((s) => isStay(s) && inside(visitDay(trigger), s, p.maxStayDays));
  else return [];
  const out: AlertCandidate[] = [];
  for (const stay of stays) {
    const visits = facts.filter((v) => isVisit(v) && inside(visitDay(v), stay, p.maxStayDays)).sort((a, b) => visitDay(a) - visitDay(b));
    if (visits.length === 0) continue;
    const end = stay.enddate ?? '（未出院）';
    const days = [...new Set(visits.map((v) => v.begndate ?? v.setlDate))].join('、');
    out.push({
      type: 'OUTPATIENT_DURING_STAY',
      poolarea: stay.poolarea,
      institutionCode: stay.institutionCode,
      psnNo: stay.psnNo,
      subjectKey: `P:${stay.psnNo}|STAY:${stay.settlementId}`,
      from: startOfDay(stay.begndate as string),
      to: endOfDay(stay.enddate ?? dateOfEpochDay(epochDay(stay.begndate as string) + p.maxStayDays)),
      settlementIds: [stay.settlementId, ...visits.map((v) => v.settlementId)],
      measured: { value: visits.length, stayDays: stay.enddate ? epochDay(stay.enddate) - epochDay(stay.begndate as string) : -1 },
      threshold: { value: 1 },
      explanation: `参保人${stay.psnNo}于${stay.begndate}至${end}在${stay.institutionCode}住院期间，另有${visits.length}笔门诊/购药结算（${days}，${[...new Set(visits.map((v) => v.institutionCode))].join('、')}），住院期间门诊费用不应由门诊统筹支付`,
    });
  }
  return out;
}

/** Settlement counts of a group (an institution or the rest of the city) in the window. */
export interface ShareCounts {
  total: number;
  young: number;
}

/**
 * 青壮年病人结算偏多 — in the `windowDays` ending on the trigger's visit day (admission day for a
 * stay, else the settlement date), the share of
 * settlements (of the configured treatment modes) by patients aged `minAge`–`maxAge` at the
 * institution, against the same share in the rest of the city. Raised when the institution has at
 * least `minSettlements` such settlements, at least `minYoung` of them young, and its share is at
 * least `minRatio` times the rest of the city's (any young share counts when the city's is 0).
 * `institutionFacts`: the institution's settlements in that window; `rest`: counts of the rest of the city.
 * `end`: the window's last day (epoch day), by default the trigger's visit day.
 */
export function youngAdultSpike(
  trigger: SettlementFact,
  institutionFacts: SettlementFact[],
  rest: ShareCounts,
  p: DetectorParams['YOUNG_ADULT_INPATIENT_SPIKE'],
  end = visitDay(trigger),
): AlertCandidate | null {
  if (!trigger.treatmentMode || !p.treatmentModes.includes(trigger.treatmentMode)) return null;
  const isYoung = (f: SettlementFact): boolean => f.ageYears !== null && f.ageYears >= p.minAge && f.ageYears <= p.maxAge;
  const facts = institutionFacts.filter(
    (f) =>
      f.institutionCode === trigger.institutionCode &&
      f.treatmentMode !== null &&
      f.ageYears !== null &&
      p.treatmentModes.includes(f.treatmentMode) &&
      visitDay(f) <= end &&
      visitDay(f) > end - p.windowDays,
  );
  const young = facts.filter(isYoung);
  if (facts.length < p.minSettlements || young.length < p.minYoung) return null;
  // young/total ≥ minRatio × restYoung/restTotal, without dividing.
  if (rest.young > 0 && young.length * rest.total < p.minRatio * rest.young * facts.length) return null;
  const from = dateOfEpochDay(end - p.windowDays + 1);
  const ratio = rest.young === 0 ? 'Infinity' : ((young.length * rest.total) / (rest.young * facts.length)).toFixed(2);
  return {
    type: 'YOUNG_ADULT_INPATIENT_SPIKE',
    poolarea: trigger.poolarea,
    institutionCode: trigger.institutionCode,
    psnNo: null,
    subjectKey: `I:${trigger.institutionCode}`,
    from: startOfDay(from),
    to: endOfDay(dateOfEpochDay(end)),
    settlementIds: young.sort((a, b) => visitDay(a) - visitDay(b) || a.settlementId.localeCompare(b.settlementId)).map((f) => f.settlementId),
    measured: {
      value: ratio,
      settlements: facts.length,
      young: young.length,
      share: percent(young.length, facts.length),
      cityShare: percent(rest.young, rest.total),
    },
    threshold: { value: p.minRatio, minSettlements: p.minSettlements, minYoung: p.minYoung, ageBand: `${p.minAge}-${p.maxAge}`, windowDays: p.windowDays },
    explanation: `${trigger.institutionCode}在${from}至${dateOfEpochDay(end)}（按入院/就诊日期）的${modeNames(p.treatmentModes)}结算${facts.length}笔中，${p.minAge}–${p.maxAge}岁青壮年${young.length}笔，占${percent(young.length, facts.length)}，为全市其他机构同期占比${percent(rest.young, rest.total)}的${ratio === 'Infinity' ? '无穷' : ratio}倍，达到青壮年病人结算偏多预警阈值${p.minRatio}倍`,
  };
}

/**
 * {@link youngAdultSpike} over every window the trigger belongs to: the one ending on its visit day,
 * then those ending on a later visit day of the institution's (less than `windowDays` later). Stays
 * settle at discharge, so admissions arrive out of order — a stay admitted on the 2nd and settled on
 * the 12th joins windows ending after admissions already judged; looking only backwards, the window
 * it completes would never be judged again. The first window that fires is raised.
 * `restByDay`: the rest of the city's counts per visit day (epoch day) over those windows.
 */
export function youngAdultSpikeAround(
  trigger: SettlementFact,
  institutionFacts: SettlementFact[],
  restByDay: ReadonlyMap<number, ShareCounts>,
  p: DetectorParams['YOUNG_ADULT_INPATIENT_SPIKE'],
): AlertCandidate | null {
  if (!trigger.treatmentMode || !p.treatmentModes.includes(trigger.treatmentMode)) return null;
  const day = visitDay(trigger);
  const later = new Set<number>();
  for (const f of institutionFacts) {
    const v = visitDay(f);
    if (v > day && v < day + p.windowDays) later.add(v);
  }
  for (const end of [day, ...[...later].sort((a, b) => a - b)]) {
    const rest: ShareCounts = { total: 0, young: 0 };
    for (let d = end - p.windowDays + 1; d <= end; d += 1) {
      const c = restByDay.get(d);
      if (c) {
        rest.total += c.total;
        rest.young += c.young;
      }
    }
    const alert = youngAdultSpike(trigger, institutionFacts, rest, p, end);
    if (alert) return alert;
  }
  return null;
}

/**
 * 7日再入院 — a stay of the person beginning 0…`maxGapDays` days after the discharge of an earlier
 * stay (at the same institution when `sameInstitution`). One candidate per earlier stay
 * concerned; found whichever of the two arrives last. `personFacts`: the person's settlements
 * around the trigger, trigger included.
 */
export function readmission(trigger: SettlementFact, personFacts: SettlementFact[], p: DetectorParams['READMISSION_7D']): AlertCandidate[] {
  const isStay = (f: SettlementFact): boolean => f.treatmentMode === '2' && f.begndate !== null && f.enddate !== null;
  if (!isStay(trigger)) return [];
  const stays = personFacts.filter(
    (f) =>
      isStay(f) &&
      f.psnNo === trigger.psnNo &&
      f.settlementId !== trigger.settlementId &&
      (!p.sameInstitution || f.institutionCode === trigger.institutionCode),
  );
  const gap = (first: SettlementFact, then: SettlementFact): number => epochDay(then.begndate as string) - epochDay(first.enddate as string);
  const pairs: [SettlementFact, SettlementFact][] = [];
  for (const other of stays) {
    if (gap(other, trigger) >= 0 && gap(other, trigger) <= p.maxGapDays) pairs.push([other, trigger]);
    else if (gap(trigger, other) >= 0 && gap(trigger, other) <= p.maxGapDays) pairs.push([trigger, other]);
  }
  return pairs.map(([first, then]) => ({
    type: 'READMISSION_7D',
    poolarea: then.poolarea,
    institutionCode: then.institutionCode,
    psnNo: then.psnNo,
    subjectKey: `P:${then.psnNo}|STAY:${first.settlementId}`,
    from: startOfDay(first.begndate as string),
    to: endOfDay(then.enddate as string),
    settlementIds: [first.settlementId, then.settlementId],
    measured: { value: gap(first, then) },
    threshold: { value: p.maxGapDays },
    explanation: `参保人${then.psnNo}于${first.enddate}从${first.institutionCode}出院后第${gap(first, then)}天（${then.begndate}）再次在${then.institutionCode}入院，达到${p.maxGapDays}日内再入院预警阈值，需核查是否分解住院或提前出院`,
  }));
}
