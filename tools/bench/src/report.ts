import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** One measured variant of a benchmark (an engine, a path, an anchor). */
export interface Measurement {
  name: string;
  /** Operations (events, claims, checks…) per second. */
  opsPerSec: number;
  /** Latency percentiles in ms, when measured. */
  p50?: number;
  p99?: number;
  note?: string;
}

export interface BenchResult {
  id: string;
  title: string;
  unit: string;
  /** What the ratios are relative to. */
  anchor: string;
  measurements: Measurement[];
  /** Pass/fail of the target, stated plainly. */
  target?: { text: string; met: boolean };
  details?: string[];
}

export function machine(): Record<string, string> {
  const run = (cmd: string, args: string[]): string => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .trim()
        .split('\n')[0];
    } catch {
      return 'n/a';
    }
  };
  return {
    cpu: `${cpus()[0]?.model ?? '?'} × ${cpus().length}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    postgres: run('psql', ['--version']),
    'nats-server': run('nats-server', ['--version']),
    date: new Date().toISOString(),
  };
}

/** A horizontal bar chart (SVG) of throughput per variant, with the ratio to the anchor. */
export function barChart(r: BenchResult): string {
  const width = 640;
  const barH = 22;
  const left = 230;
  const max = Math.max(...r.measurements.map((m) => m.opsPerSec), 1);
  const anchor = r.measurements.find((m) => m.name === r.anchor)?.opsPerSec ?? max;
  const rows = r.measurements.map((m, i) => {
    const w = Math.max(1, Math.round(((width - left - 120) * m.opsPerSec) / max));
    const y = 10 + i * (barH + 8);
    const color = m.name === r.anchor ? '#8c8c8c' : '#1677ff';
    return `<text x="${left - 8}" y="${y + 15}" text-anchor="end" font-size="12">${escape(m.name)}</text><rect x="${left}" y="${y}" width="${w}" height="${barH}" fill="${color}"/><text x="${left + w + 6}" y="${y + 15}" font-size="12">${fmt(m.opsPerSec)}/s (${(m.opsPerSec / anchor).toFixed(2)}×)</text>`;
  });
  const height = 20 + r.measurements.length * (barH + 8);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">${rows.join('')}</svg>`;
}

export function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** The Markdown section of one benchmark: table with ratios, chart, target, details. */
export function section(r: BenchResult, svgFile: string): string {
  const anchor = r.measurements.find((m) => m.name === r.anchor)?.opsPerSec ?? 1;
  const lines = [
    `## ${r.id} — ${r.title}`,
    '',
    `| variant | ${r.unit}/s | ratio to ${r.anchor} | p50 ms | p99 ms | note |`,
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...r.measurements.map(
      (m) =>
        `| ${m.name} | ${fmt(m.opsPerSec)} | ${(m.opsPerSec / anchor).toFixed(2)}× | ${m.p50?.toFixed(2) ?? ''} | ${m.p99?.toFixed(2) ?? ''} | ${m.note ?? ''} |`,
    ),
    '',
    `![${r.id}](${svgFile})`,
    '',
  ];
  if (r.target) lines.push(`Target: ${r.target.text} — **${r.target.met ? 'met' : 'missed'}**`, '');
  for (const d of r.details ?? []) lines.push(`- ${d}`);
  return lines.join('\n');
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))];
}
