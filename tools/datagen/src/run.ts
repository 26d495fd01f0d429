import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_RULES } from '@mi/rules';
import {
  ANOMALY_TYPES,
  cityRecord,
  generateCity,
  INJECTED_RULES,
  personRecord,
  resolveConfig,
  settlementRecord,
  visits,
  type AnomalyType,
  type GeneratorConfig,
} from './generator';
import { csvRow, FileSink } from './output/sink';

export type OutputFormat = 'ndjson' | 'csv' | 'both';

export interface DatagenOptions extends Partial<GeneratorConfig> {
  readonly out: string;
  readonly format?: OutputFormat;
  /** Called after each settlement with the lines written so far. */
  readonly onProgress?: (lines: number) => void;
}

export const FEE_LIST_COLUMNS = [
  'setl_id',
  'mdtrt_id',
  'psn_no',
  'med_type',
  'feedetl_sn',
  'fee_ocur_time',
  'hilist_code',
  'hilist_name',
  'list_type',
  'med_chrgitm_type',
  'cnt',
  'pric',
  'det_item_fee_sumamt',
  'inscp_amt',
  'prd_days',
  'bilg_dept_codg',
  'bilg_dept_name',
  'bilg_dr_codg',
  'vali_flag',
] as const;

export const SETL_COLUMNS = [
  'setl_id',
  'mdtrt_id',
  'psn_no',
  'psn_name',
  'certno',
  'gend',
  'brdy',
  'age',
  'insutype',
  'med_type',
  'med_mdtrt_type',
  'setl_time',
  'begntime',
  'endtime',
  'fixmedins_code',
  'fixmedins_type',
  'hosp_lv',
  'medins_admdvs',
  'dscg_maindiag_code',
  'medfee_sumamt',
  'act_pay_dedc',
  'hifp_pay',
  'pool_prop_selfpay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
] as const;

export interface DatagenSummary {
  readonly generator: string;
  readonly options: Record<string, string | number>;
  readonly city: { admdvs: string; name: string; year: number; counties: number };
  readonly counts: Record<string, number | Record<string, number>>;
  readonly totals_fen: Record<string, number | string>;
  readonly rules: Record<string, number>;
  readonly rules_not_injected: readonly string[];
  readonly anomalies: Record<string, number>;
  readonly files: readonly string[];
}

function fenOf(yuan: string): bigint {
  const [whole, cents] = yuan.split('.');
  return BigInt(whole) * 100n + BigInt(cents ?? '0');
}

function jsonFen(fen: bigint): number | string {
  return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : fen.toString();
}

function bump(map: Record<string, number>, key: string, n = 1): void {
  map[key] = (map[key] ?? 0) + n;
}

/**
 * Generates a city and a year of settlements into `out`: institutions.json, persons.ndjson,
 * settlements.ndjson and/or setl_d.csv + fee_list.csv, ground-truth.ndjson, anomalies.ndjson,
 * summary.json. Same options → byte-identical files.
 */
export async function runDatagen(options: DatagenOptions): Promise<DatagenSummary> {
  const { out, format = 'both', onProgress, ...partial } = options;
  const config = resolveConfig(partial);
  await mkdir(out, { recursive: true });
  const city = generateCity(config);
  const files: string[] = [];
  const file = (name: string) => {
    files.push(name);
    return path.join(out, name);
  };

  await writeFile(file('institutions.json'), `${JSON.stringify(cityRecord(city), null, 2)}\n`);
  const persons = new FileSink(file('persons.ndjson'));
  for (const p of city.persons) await persons.write(`${JSON.stringify(personRecord(p))}\n`);
  await persons.close();

  const ndjson = format !== 'csv' ? new FileSink(file('settlements.ndjson')) : undefined;
  const setlCsv = format !== 'ndjson' ? new FileSink(file('setl_d.csv')) : undefined;
  const feeCsv = format !== 'ndjson' ? new FileSink(file('fee_list.csv')) : undefined;
  const truth = new FileSink(file('ground-truth.ndjson'));
  const anomalies = new FileSink(file('anomalies.ndjson'));
  await setlCsv?.write(csvRow(SETL_COLUMNS));
  await feeCsv?.write(csvRow(FEE_LIST_COLUMNS));

  const byMedType: Record<string, number> = {};
  const byMode: Record<string, number> = {};
  const rules: Record<string, number> = Object.fromEntries(INJECTED_RULES.map((r) => [r, 0]));
  const anomalyCounts: Record<string, number> = Object.fromEntries(ANOMALY_TYPES.map((a) => [a, 0]));
  const totals = { medfee_sumamt: 0n, hifp_pay: 0n, acct_pay: 0n, psn_cash_pay: 0n, violation_lines_amount: 0n };
  let settlements = 0;
  let lines = 0;
  let labelledSettlements = 0;

  for (const event of visits(config, city)) {
    const r = settlementRecord(event.visit);
    settlements += 1;
    lines += r.fee_list.length;
    bump(byMedType, r.med_type);
    bump(byMode, r.med_mdtrt_type);
    totals.medfee_sumamt += event.visit.amounts.medfee_sumamt;
    totals.hifp_pay += event.visit.amounts.hifp_pay;
    totals.acct_pay += event.visit.amounts.acct_pay;
    totals.psn_cash_pay += event.visit.amounts.psn_cash_pay;
    if (ndjson) await ndjson.write(`${JSON.stringify(r)}\n`);
    if (setlCsv && feeCsv) {
      const row = r as unknown as Record<string, string | number | undefined>;
      await setlCsv.write(csvRow(SETL_COLUMNS.map((c) => row[c])));
      for (const l of r.fee_list) {
        const line = l as unknown as Record<string, string | number | undefined>;
        await feeCsv.write(csvRow(FEE_LIST_COLUMNS.map((c) => line[c])));
      }
    }
    if (event.labels.length > 0) labelledSettlements += 1;
    for (const label of event.labels) {
      bump(rules, label.rule_id);
      const ids = new Set(label.line_ids);
      for (const l of r.fee_list) if (ids.has(l.feedetl_sn)) totals.violation_lines_amount += fenOf(l.det_item_fee_sumamt);
      await truth.write(`${JSON.stringify(label)}\n`);
    }
    for (const a of event.anomalies) {
      bump(anomalyCounts, a.anomaly_type as AnomalyType);
      await anomalies.write(`${JSON.stringify(a)}\n`);
    }
    onProgress?.(lines);
  }
  for (const sink of [ndjson, setlCsv, feeCsv, truth, anomalies]) await sink?.close();

  const institutionsByKind: Record<string, number> = {};
  for (const i of city.institutions) bump(institutionsByKind, `${i.type}:${i.level}`);
  const summary: DatagenSummary = {
    generator: 'tools/datagen 1',
    options: {
      seed: config.seed,
      city: config.cityAdmdvs,
      year: config.year,
      lines: config.lines,
      violation_rate: config.violationRate,
      anomaly_rate: config.anomalyRate,
      format,
    },
    city: { admdvs: city.admdvs, name: city.name, year: city.year, counties: city.counties.length },
    counts: {
      institutions: city.institutions.length,
      institutions_by_type_level: institutionsByKind,
      practitioners: city.practitioners.length,
      persons: city.persons.length,
      settlements,
      fee_lines: lines,
      settlements_by_med_type: byMedType,
      settlements_by_med_mdtrt_type: byMode,
      labelled_settlements: labelledSettlements,
    },
    totals_fen: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, jsonFen(v)])),
    rules,
    rules_not_injected: DEFAULT_RULES.map((r) => r.id).filter((id) => !(INJECTED_RULES as readonly string[]).includes(id)),
    anomalies: anomalyCounts,
    files: [...files, 'summary.json'],
  };
  await writeFile(file('summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
