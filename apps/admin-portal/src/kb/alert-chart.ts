import type { AlertDetailView, AlertSettlementView } from '@mi/contracts';
import type { EChartsCoreOption } from 'echarts/core';
import type { KbMessageKey } from '../i18n/kb-messages';

/** What the chart of an alert's window draws: points over time and the threshold they are held against. */
export interface WindowSeries {
  kind: 'cumulative' | 'bars';
  label: KbMessageKey;
  /** [ISO instant, value]; reversed (冲正) settlements no longer count and are left out. */
  points: [string, number][];
  threshold?: number;
}

const DAY_MS = 86_400_000;

/** The instant of a settlement: its time, or the start of its (Beijing) date. */
function instantOf(s: AlertSettlementView): string {
  return s.setlTime ?? new Date(Date.parse(`${s.setlDate}T00:00:00+08:00`)).toISOString();
}

function figure(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A running count of the settlements for which `counts` says yes (it sees them in time order). */
function cumulative(settlements: AlertSettlementView[], counts: (s: AlertSettlementView) => boolean): [string, number][] {
  let n = 0;
  return settlements.filter(counts).map((s) => [instantOf(s), ++n]);
}

/**
 * The window that fired, as the detector saw it (docs/anomaly-detectors.md): counts grow towards
 * their threshold (settlements of one person, different persons at one institution, visits inside a
 * stay, young-adult admissions), a large expenditure is a bar against the amount threshold, a
 * readmission the gap in days against the longest allowed gap.
 */
export function windowSeries(a: AlertDetailView): WindowSeries {
  const live = a.settlements.filter((s) => !s.reversed).sort((x, y) => instantOf(x).localeCompare(instantOf(y)));
  const threshold = figure(a.threshold.value);
  switch (a.type) {
    case 'LARGE_EXPENDITURE':
      return {
        kind: 'bars',
        label: 'alert.chart.amount',
        // Drawn as yuan on the axis only; amounts shown as text are formatted from fen.
        points: live.map((s) => [instantOf(s), Number(s.medfeeSumamtFen) / 100]),
        threshold: figure(a.threshold.fen) === undefined ? threshold : (figure(a.threshold.fen) as number) / 100,
      };
    case 'READMISSION_7D': {
      const stays = live.filter((s) => s.begndate).sort((x, y) => String(x.begndate).localeCompare(String(y.begndate)));
      const points: [string, number][] = [];
      for (let i = 1; i < stays.length; i++) {
        const before = stays[i - 1].enddate;
        if (!before) continue;
        const gap = Math.round((Date.parse(`${stays[i].begndate}T00:00:00Z`) - Date.parse(`${before}T00:00:00Z`)) / DAY_MS);
        points.push([instantOf(stays[i]), gap]);
      }
      return { kind: 'bars', label: 'alert.chart.gap', points, threshold };
    }
    case 'SETTLEMENT_BURST': {
      const seen = new Set<string>();
      const firstOfPerson = (s: AlertSettlementView) => {
        if (seen.has(s.psnNo)) return false;
        seen.add(s.psnNo);
        return true;
      };
      return { kind: 'cumulative', label: 'alert.chart.persons', points: cumulative(live, firstOfPerson), threshold };
    }
    case 'OUTPATIENT_DURING_STAY':
      return { kind: 'cumulative', label: 'alert.chart.cumulative', points: cumulative(live, (s) => s.treatmentMode !== '2'), threshold };
    case 'YOUNG_ADULT_INPATIENT_SPIKE': {
      const [min, max] = String(a.threshold.ageBand ?? '18-44')
        .split('-')
        .map(Number);
      const young = (s: AlertSettlementView) => s.ageYears !== null && s.ageYears >= min && s.ageYears <= max;
      return { kind: 'cumulative', label: 'alert.chart.young', points: cumulative(live, young), threshold: figure(a.threshold.minYoung) };
    }
    default:
      return { kind: 'cumulative', label: 'alert.chart.cumulative', points: cumulative(live, () => true), threshold };
  }
}

/** The ECharts option of a window series: a step line or bars over the window, the threshold as a dashed red line. */
export function windowChartOption(a: AlertDetailView, s: WindowSeries, text: { series: string; threshold: string }): EChartsCoreOption {
  const values = s.points.map((p) => p[1]);
  const top = Math.max(...values, s.threshold ?? 0);
  // A window of one instant (a single large settlement) still gets an hour either side to be seen in.
  const from = Date.parse(a.from);
  const to = Date.parse(a.to);
  const pad = Math.max((to - from) * 0.05, 3_600_000);
  return {
    grid: { left: 56, right: 96, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time', min: new Date(from - pad).toISOString(), max: new Date(to + pad).toISOString() },
    yAxis: { type: 'value', name: text.series, max: Math.ceil(top * 1.15) || 1, minInterval: s.kind === 'cumulative' ? 1 : undefined },
    series: [
      {
        name: text.series,
        type: s.kind === 'cumulative' ? 'line' : 'bar',
        step: s.kind === 'cumulative' ? 'end' : undefined,
        barMaxWidth: 24,
        data: s.points,
        markLine:
          s.threshold === undefined
            ? undefined
            : {
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#cf1322' },
                label: { formatter: text.threshold, position: 'end' },
                data: [{ yAxis: s.threshold }],
              },
      },
    ],
  };
}
