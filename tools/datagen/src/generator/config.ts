/** Options of one generation run. Every field has a default; the same options and seed give the same data. */
export interface GeneratorConfig {
  readonly seed: number;
  /** City (pooling region) code, `xxxx00`. Its counties are generated as `xxxx02`, `xxxx03`, … */
  readonly cityAdmdvs: string;
  readonly cityName: string;
  /** Calendar year of the visits (Asia/Shanghai dates). */
  readonly year: number;
  /** Target number of fee lines; visits are generated until the year's volume reaches it (±1 visit). */
  readonly lines: number;
  /** Per rule: fraction of visit slots turned into a visit that violates exactly that rule. */
  readonly violationRate: number;
  /** Per anomaly kind: fraction of visit slots that start an anomaly event. */
  readonly anomalyRate: number;
  /** Insured persons; default scales with `lines` (about one person per 12 lines, at least 300). */
  readonly persons?: number;
  /** Institutions; default scales with `lines` (at least 5 per county). */
  readonly institutions?: number;
}

export const DEFAULT_CONFIG: GeneratorConfig = {
  seed: 42,
  cityAdmdvs: '430100',
  cityName: '长沙市',
  year: 2026,
  lines: 100_000,
  violationRate: 0.002,
  anomalyRate: 0.0005,
};

export function resolveConfig(partial: Partial<GeneratorConfig> = {}): GeneratorConfig {
  const config = { ...DEFAULT_CONFIG, ...partial };
  if (!/^\d{4}00$/.test(config.cityAdmdvs) || config.cityAdmdvs.endsWith('0000')) throw new Error(`cityAdmdvs must be a city code such as 430100`);
  if (!Number.isSafeInteger(config.lines) || config.lines < 100) throw new Error('lines must be an integer ≥ 100');
  if (!(config.violationRate >= 0 && config.violationRate * 30 <= 0.9)) throw new Error('violationRate must be in [0, 0.03]');
  if (!(config.anomalyRate >= 0 && config.anomalyRate <= 0.01)) throw new Error('anomalyRate must be in [0, 0.01]');
  if (!Number.isSafeInteger(config.seed)) throw new Error('seed must be an integer');
  return config;
}
