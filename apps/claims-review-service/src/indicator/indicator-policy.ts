import type {
  AgreementIndicators,
  AnyIndicatorMeasureView,
  CostIndicator,
  IndicatorMeasureView,
  IndicatorOutcome,
  IndicatorRatioMeasureView,
  IndicatorTargetSpanView,
  RatioIndicator,
} from '@mi/contracts';
import { divideRounded, DomainError, ListType, LocalDate, parseDecimalFraction } from '@mi/domain';

/** 次均三费超5% (001_…, 9th article): the tolerance over the agreement's target before a deduction. */
export const DEFAULT_TOLERANCE_PERMILLE = 50;
/** A city may set its own tolerance (per mille), by poolarea. */
export const CITY_TOLERANCE_PERMILLE: Record<string, number> = {};

export function tolerancePermille(poolarea: string): number {
  return CITY_TOLERANCE_PERMILLE[poolarea] ?? DEFAULT_TOLERANCE_PERMILLE;
}

/**
 * 药占比's numerator: fee lines of the catalogue's drug categories (目录类别 101 西药中成药, 106 中药颗粒,
 * the `drug` category of the list-type dictionary, as the rules count drugs). 中药饮片 (102) is left out,
 * as the national 药占比 (不含中药饮片) does; a city counting it would add it here.
 */
export const DRUG_LIST_TYPES: readonly string[] = ListType.codes.filter((c) => ListType.entry(c).category === 'drug');

/** `2026-10` → [2026-10-01, 2026-11-01); `2026-Q4` → [2026-10-01, 2027-01-01). */
export function periodRange(period: string): { from: LocalDate; to: LocalDate } {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!q && !m) throw new DomainError('VALIDATION', 'period must be yyyy-MM or yyyy-Qn', { field: 'period' });
  const year = Number((q ?? m)![1]);
  const firstMonth = q ? (Number(q[2]) - 1) * 3 + 1 : Number(m![2]);
  const months = q ? 3 : 1;
  const from = LocalDate.of(year, firstMonth, 1);
  const endMonth = firstMonth + months;
  const to = endMonth > 12 ? LocalDate.of(year + 1, endMonth - 12, 1) : LocalDate.of(year, endMonth, 1);
  return { from, to };
}

// ---- cost indicators (money) -----------------------------------------------------------------

/** One agreement's share of a cost measure: its target, and the units and cost settled while it was in force. */
export interface CostPart {
  targetFen: bigint;
  units: number;
  totalFen: bigint;
}

/**
 * One cost indicator of one institution: actual = total / units (half up); the tolerance allows
 * Σ units × target × (1000 + tolerance) / 1000 over the agreements in force, rounded up once (in
 * the institution's favour); what the period cost beyond that is the excess. Exact in fen. With two
 * agreements the target shown is the unit-weighted one (half up).
 */
export function costMeasure(indicator: CostIndicator, parts: CostPart[], tolerance: number): IndicatorMeasureView {
  const units = parts.reduce((s, p) => s + p.units, 0);
  const u = BigInt(units);
  const total = parts.reduce((s, p) => s + p.totalFen, 0n);
  const weighted = parts.reduce((s, p) => s + BigInt(p.units) * p.targetFen, 0n);
  const target = units > 0 ? divideRounded(weighted, u, 'HALF_UP') : (parts[0]?.targetFen ?? 0n);
  const actual = units > 0 ? divideRounded(total, u, 'HALF_UP') : 0n;
  const allowed = divideRounded(weighted * BigInt(1000 + tolerance), 1000n, 'UP');
  const excess = total > allowed ? total - allowed : 0n;
  const overPermille = target > 0n ? Number(divideRounded((actual - target) * 1000n, target, 'DOWN')) : 0;
  return {
    indicator,
    consequence: 'DEDUCTION',
    status: excess > 0n ? 'BREACHED' : 'WITHIN',
    targetFen: target.toString(),
    units,
    totalFen: total.toString(),
    actualFen: actual.toString(),
    overPermille,
    allowedFen: allowed.toString(),
    excessFen: excess.toString(),
  };
}

/** {@link costMeasure} against one target. */
export function measure(indicator: CostIndicator, targetFen: bigint, units: number, totalFen: bigint, tolerance: number): IndicatorMeasureView {
  return costMeasure(indicator, [{ targetFen, units, totalFen }], tolerance);
}

// ---- ratio indicators (findings) -------------------------------------------------------------

/** Percent to 0.01 % (scale 2, ×10,000 of the fraction); days to 0.1 day (scale 1). */
const RATIO_UNIT: Record<RatioIndicator, { unit: 'percent' | 'days'; decimals: number; factor: bigint }> = {
  drugShare: { unit: 'percent', decimals: 2, factor: 10_000n },
  selfPayRatio: { unit: 'percent', decimals: 2, factor: 10_000n },
  averageStay: { unit: 'days', decimals: 1, factor: 10n },
};

/** One agreement's share of a ratio measure: its target (scaled), the numerator and denominator while it was in force. */
export interface RatioPart {
  /** Hundredths of a percent, or tenths of a day. */
  target: bigint;
  numerator: bigint;
  denominator: bigint;
  units: number;
}

/**
 * One ratio indicator: actual = numerator / denominator, rounded half up to the target's precision
 * (0.01 % or 0.1 day); that shown figure is compared with the target (≤), so an institution never
 * reads "超出 0.00". No tolerance: the 5 % belongs to the cost indicators. With two agreements the
 * target is weighted by the denominator (half up). NO_DATA when the denominator is 0.
 */
export function ratioMeasure(indicator: RatioIndicator, parts: RatioPart[]): Omit<IndicatorRatioMeasureView, 'spans' | 'explanation'> {
  const { unit, decimals, factor } = RATIO_UNIT[indicator];
  const num = parts.reduce((s, p) => s + p.numerator, 0n);
  const den = parts.reduce((s, p) => s + p.denominator, 0n);
  const units = parts.reduce((s, p) => s + p.units, 0);
  const target =
    den > 0n
      ? divideRounded(
          parts.reduce((s, p) => s + p.denominator * p.target, 0n),
          den,
          'HALF_UP',
        )
      : (parts[0]?.target ?? 0n);
  const base = {
    indicator,
    consequence: 'FINDING' as const,
    unit,
    target: scaled(target, decimals),
    numerator: num.toString(),
    denominator: den.toString(),
    units,
  };
  if (den === 0n) return { ...base, status: 'NO_DATA', actual: null, over: null };
  const actual = divideRounded(num * factor, den, 'HALF_UP');
  return { ...base, status: actual > target ? 'BREACHED' : 'WITHIN', actual: scaled(actual, decimals), over: scaled(actual - target, decimals) };
}

/** An agreement target (a number with at most `decimals` decimals) as an integer of 10^-decimals, half up beyond. */
export function scaleTarget(value: number, decimals: number, field: string): bigint {
  const f = parseDecimalFraction(value, field);
  const want = 10n ** BigInt(decimals);
  return divideRounded(f.numerator * want, f.denominator, 'HALF_UP');
}

/** `-327`, 2 → `-3.27`. */
export function scaled(v: bigint, decimals: number): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const unit = 10n ** BigInt(decimals);
  return `${neg ? '-' : ''}${a / unit}.${(a % unit).toString().padStart(decimals, '0')}`;
}

// ---- one institution's period ------------------------------------------------------------------

/** The reviewed, unreversed inpatient settlements of one institution, one settlement date and insurance type. */
export interface DayFigures {
  date: string;
  insutype: string;
  admissions: number;
  /** Σ max(enddate − begndate, 1). */
  bedDays: number;
  totalFen: bigint;
  /** 统筹基金支付. */
  fundFen: bigint;
  /** Fee lines of {@link DRUG_LIST_TYPES}. */
  drugFen: bigint;
  /** Settlements that carried `fulamt_ownpay_amt` (the self-pay ratio is measured on them only) … */
  selfPayAdmissions: number;
  /** … their cost … */
  selfPayTotalFen: bigint;
  /** … and their 全自费 + 超限价自费 (`fulamt_ownpay_amt` + `overlmt_selfpay`). */
  selfPayFen: bigint;
}

/** An agreement in force during (part of) the period, as agreement-service answers it. */
export interface AgreementInForce {
  number: string;
  /** First and last day in force, inclusive. */
  from: string;
  to: string;
  indicators: AgreementIndicators;
}

export interface InstitutionAssessment {
  outcome: IndicatorOutcome;
  admissions: number;
  measures: AnyIndicatorMeasureView[];
  proposedFen: bigint;
  byInsutype: Record<string, string>;
  explanation: string;
}

interface Span {
  agreement: AgreementInForce;
  from: string;
  to: string;
  days: DayFigures[];
}

const COST_TARGET: Record<CostIndicator, { key: 'costPerAdmissionFen' | 'costPerBedDayFen'; units: (d: DayFigures) => number }> = {
  costPerAdmission: { key: 'costPerAdmissionFen', units: (d) => d.admissions },
  costPerBedDay: { key: 'costPerBedDayFen', units: (d) => d.bedDays },
};

const RATIO_TARGET: Record<
  RatioIndicator,
  { key: 'drugSharePct' | 'selfPayRatioPct' | 'averageStayDays'; part: (d: DayFigures) => Omit<RatioPart, 'target'> }
> = {
  drugShare: { key: 'drugSharePct', part: (d) => ({ numerator: d.drugFen, denominator: d.totalFen, units: d.admissions }) },
  selfPayRatio: { key: 'selfPayRatioPct', part: (d) => ({ numerator: d.selfPayFen, denominator: d.selfPayTotalFen, units: d.selfPayAdmissions }) },
  averageStay: { key: 'averageStayDays', part: (d) => ({ numerator: BigInt(d.bedDays), denominator: BigInt(d.admissions), units: d.admissions }) },
};

/**
 * Assesses one institution's period against the agreements in force during it: each settlement
 * date falls under the agreement in force that day (the later one where two overlap); an indicator
 * is measured on the settlements under agreements that set it. Cost measures lead to the proposed
 * deduction (the larger excess, capped by what the pooled fund paid, split over insurance types);
 * ratio measures are findings.
 */
export function assessInstitution(
  period: string,
  range: { from: LocalDate; to: LocalDate },
  days: DayFigures[],
  agreements: AgreementInForce[],
  tolerance: number,
): InstitutionAssessment {
  const first = range.from.toString();
  const last = range.to.minusDays(1).toString();
  const spans: Span[] = agreements
    .map((a) => ({ agreement: a, from: a.from > first ? a.from : first, to: a.to < last ? a.to : last, days: [] as DayFigures[] }))
    .filter((s) => s.from <= s.to);
  for (const d of days) {
    const span = spans.reduce<Span | undefined>((best, s) => (s.from <= d.date && d.date <= s.to && (!best || s.from >= best.from) ? s : best), undefined);
    span?.days.push(d);
  }
  const admissions = days.reduce((s, d) => s + d.admissions, 0);
  const fund = days.reduce((s, d) => s + d.fundFen, 0n);

  const costs: IndicatorMeasureView[] = [];
  for (const indicator of ['costPerAdmission', 'costPerBedDay'] as const) {
    const { key, units } = COST_TARGET[indicator];
    const set = spans.filter((s) => present(s.agreement.indicators[key]));
    if (set.length === 0 || set.every((s) => s.days.length === 0)) continue;
    const parts = set.map((s) => ({
      targetFen: BigInt(s.agreement.indicators[key] as string),
      units: s.days.reduce((n, d) => n + units(d), 0),
      totalFen: s.days.reduce((n, d) => n + d.totalFen, 0n),
    }));
    const m = costMeasure(indicator, parts, tolerance);
    m.spans = set.map((s, i) => spanView(s, parts[i].targetFen.toString(), String(parts[i].units)));
    m.explanation = `${costSentence(m, tolerance)}。${COST_BASIS}`;
    costs.push(m);
  }
  const ratios: IndicatorRatioMeasureView[] = [];
  const ratioSentences: string[] = [];
  for (const indicator of ['drugShare', 'selfPayRatio', 'averageStay'] as const) {
    const { key, part } = RATIO_TARGET[indicator];
    const { decimals } = RATIO_UNIT[indicator];
    const set = spans.filter((s) => present(s.agreement.indicators[key]));
    if (set.length === 0 || set.every((s) => s.days.length === 0)) continue;
    const parts = set.map((s) => {
      const sum = s.days
        .map(part)
        .reduce((a, b) => ({ numerator: a.numerator + b.numerator, denominator: a.denominator + b.denominator, units: a.units + b.units }), {
          numerator: 0n,
          denominator: 0n,
          units: 0,
        });
      return { ...sum, target: scaleTarget(s.agreement.indicators[key] as number, decimals, key) };
    });
    const under = set.reduce((n, s) => n + s.days.reduce((k, d) => k + d.admissions, 0), 0);
    const m = ratioMeasure(indicator, parts);
    const spansView = set.map((s, i) => spanView(s, scaled(parts[i].target, decimals), parts[i].denominator.toString()));
    const withSpans = { ...m, spans: spansView };
    const sentence = ratioSentence(withSpans, under);
    ratioSentences.push(sentence);
    ratios.push({ ...withSpans, explanation: `${sentence}。${FINDING_BASIS}` });
  }

  const measures: AnyIndicatorMeasureView[] = [...costs, ...ratios];
  const excess = costs.reduce((mx, c) => (BigInt(c.excessFen) > mx ? BigInt(c.excessFen) : mx), 0n);
  const proposed = excess < fund ? excess : fund;
  const measured = measures.filter((m) => m.status !== 'NO_DATA');
  const outcome: IndicatorOutcome = measured.length === 0 ? 'NO_TARGET' : measured.some((m) => m.status === 'BREACHED') ? 'BREACHED' : 'WITHIN';
  const costByInsutype: Record<string, bigint> = {};
  for (const d of days) costByInsutype[d.insutype] = (costByInsutype[d.insutype] ?? 0n) + d.totalFen;
  return {
    outcome,
    admissions,
    measures,
    proposedFen: proposed,
    byInsutype: splitByInsutype(proposed, costByInsutype),
    explanation: explainInstitution(period, spans, costs, ratioSentences, proposed, tolerance, fund),
  };
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

function spanView(s: Span, target: string, weight: string): IndicatorTargetSpanView {
  return { agreementNumber: s.agreement.number, from: s.from, to: s.to, target, weight };
}

/**
 * Splits `amount` over the insurance types in proportion to their cost, by largest remainder, so
 * the parts add up to the fen (ties: the insurance type with the smaller code first).
 */
export function splitByInsutype(amount: bigint, costByInsutype: Record<string, bigint>): Record<string, string> {
  const entries = Object.entries(costByInsutype).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((s, [, c]) => s + c, 0n);
  if (amount === 0n || total === 0n) return {};
  const parts = entries.map(([k, c]) => ({ k, base: (amount * c) / total, rem: (amount * c) % total }));
  let left = amount - parts.reduce((s, p) => s + p.base, 0n);
  for (const p of [...parts].sort((a, b) => (b.rem > a.rem ? 1 : b.rem < a.rem ? -1 : a.k.localeCompare(b.k)))) {
    if (left === 0n) break;
    p.base += 1n;
    left -= 1n;
  }
  return Object.fromEntries(parts.filter((p) => p.base > 0n).map((p) => [p.k, p.base.toString()]));
}

// ---- what the institution reads ----------------------------------------------------------------

const yuan = (fen: bigint | string): string => scaled(BigInt(fen), 2);

const LABEL: Record<CostIndicator | RatioIndicator, string> = {
  costPerAdmission: '次均住院费用',
  costPerBedDay: '床日费用',
  drugShare: '药占比',
  selfPayRatio: '个人自费比例',
  averageStay: '平均住院日',
};

const COST_BASIS = '依据：协议量化指标，次均费用超目标5%以上部分不予支付（001_… 第九条）。';
/**
 * The sources give money only for 次均三费超5% (001_… 第九篇: 扣款性指标 are 选择性执行按病种付费、同病同价、
 * 次均三费超5%); the other quantified indicators are written into the agreement for the agency's
 * assessment, whose results count for admission, exit and the credit grade (第七篇).
 */
const FINDING_BASIS =
  '依据：协议量化指标列入协议供医保经办机构考核，考核结果与定点准入、退出及信誉等级挂钩（001_… 第七篇）；扣款性指标为次均三费超5%（001_… 第九篇），本项记入协议考核，不扣款。';

/** `10000.00 元`, or with two agreements `10000.00 元（协议 …，2026-07-01至2026-08-15）、9000.00 元（…），加权 9375.00 元`. */
function targetText(spans: IndicatorTargetSpanView[] | undefined, weighted: string, fmt: (v: string) => string): string {
  if (!spans || spans.length <= 1) return fmt(weighted);
  return `${spans.map((s) => `${fmt(s.target)}（协议 ${s.agreementNumber}，${s.from}至${s.to}）`).join('、')}，加权 ${fmt(weighted)}`;
}

function costSentence(m: IndicatorMeasureView, tolerance: number): string {
  return (
    `${LABEL[m.indicator]}：目标 ${targetText(m.spans, m.targetFen, (v) => `${yuan(v)} 元`)}，实际 ${yuan(m.actualFen)} 元（${m.units}${m.indicator === 'costPerAdmission' ? '人次' : '床日'}，` +
    `${m.overPermille >= 0 ? '超出' : '低于'} ${(Math.abs(m.overPermille) / 10).toFixed(1)}%）` +
    (BigInt(m.excessFen) > 0n ? `，超过容差 ${tolerance / 10}% 部分 ${yuan(m.excessFen)} 元` : '')
  );
}

function ratioSentence(m: Omit<IndicatorRatioMeasureView, 'explanation'>, admissionsUnder: number): string {
  const pct = m.unit === 'percent';
  const fmt = (v: string) => (pct ? `${v}%` : `${v} 天`);
  const head = `${LABEL[m.indicator]}：目标不高于 ${targetText(m.spans, m.target, fmt)}`;
  if (m.status === 'NO_DATA') {
    return m.indicator === 'selfPayRatio'
      ? `${head}，本期 ${admissionsUnder} 人次结算均未上报全自费金额（fulamt_ownpay_amt），无法计算`
      : `${head}，本期无可计算的结算，无法计算`;
  }
  const basis =
    m.indicator === 'drugShare'
      ? `药品费用 ${yuan(m.numerator)} 元 / 医疗费用 ${yuan(m.denominator)} 元，${m.units}人次`
      : m.indicator === 'selfPayRatio'
        ? `全自费及超限价自费 ${yuan(m.numerator)} 元 / 医疗费用 ${yuan(m.denominator)} 元，${m.units}人次` +
          (m.units < admissionsUnder ? `；另 ${admissionsUnder - m.units} 人次未上报全自费金额，未计入` : '')
        : `${m.numerator}床日 / ${m.denominator}人次`;
  const over = m.over as string;
  const diff = over.startsWith('-') ? over.slice(1) : over;
  const unit = pct ? ' 个百分点' : ' 天';
  const verdict = m.status === 'BREACHED' ? `超出 ${diff}${unit}，未达标` : BigInt(over.replace('.', '')) === 0n ? '达标' : `低于目标 ${diff}${unit}，达标`;
  return `${head}，实际 ${fmt(m.actual as string)}（${basis}），${verdict}`;
}

/** The sentence an officer and the institution read: each indicator, target, actual, how much over, what is withheld, and why. */
function explainInstitution(
  period: string,
  spans: Span[],
  costs: IndicatorMeasureView[],
  ratioSentences: string[],
  proposedFen: bigint,
  tolerance: number,
  fundPaidFen: bigint,
): string {
  if (costs.length === 0 && ratioSentences.length === 0) {
    if (spans.length === 0) return `${period} 本期无有效的定点协议，不作指标考核。`;
    const setAny = spans.some((s) => [...Object.values(COST_TARGET), ...Object.values(RATIO_TARGET)].some((t) => present(s.agreement.indicators[t.key])));
    return setAny
      ? `${period} 本期结算均不在设定考核指标的协议有效期内，不作指标考核。`
      : `${period} 协议未设定次均住院费用、床日费用、药占比、个人自费比例或平均住院日指标，不作指标考核。`;
  }
  const parts: string[] = [];
  if (costs.length > 0) {
    const tail =
      proposedFen > 0n ? `；拟扣款 ${yuan(proposedFen)} 元（取较大超额${proposedFen < fundPaidFen ? '' : '，以统筹基金支付额为限'}）` : '；未超过容差，不扣款';
    parts.push(`${costs.map((m) => costSentence(m, tolerance)).join('；')}${tail}。${COST_BASIS}`);
  }
  if (ratioSentences.length > 0) parts.push(`${ratioSentences.join('；')}。${FINDING_BASIS}`);
  return `${period} ${parts.join('')}`;
}
