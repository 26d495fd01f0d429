import { compileDefaultRules, createClaim, DEFAULT_RULES, evaluate, InMemoryPatientHistory, sampleKnowledgeBase, type HistoryEncounter } from '@mi/rules';
import { claimInputOf, historyEncounterOf } from './claims';
import { generateCity } from './city';
import { resolveConfig } from './config';
import type { AnomalyLabel, RuleLabel } from './model';
import { settlementRecord, type SettlementRecord } from './records';
import { INJECTED_RULES, visits } from './visits';

const config = resolveConfig({ seed: 7, lines: 24_000, violationRate: 0.012, anomalyRate: 0.004 });

interface Run {
  readonly records: SettlementRecord[];
  readonly labels: RuleLabel[];
  readonly anomalies: AnomalyLabel[];
}

function generate(): Run {
  const city = generateCity(config);
  const records: SettlementRecord[] = [];
  const labels: RuleLabel[] = [];
  const anomalies: AnomalyLabel[] = [];
  for (const event of visits(config, city)) {
    records.push(settlementRecord(event.visit));
    labels.push(...event.labels);
    anomalies.push(...event.anomalies);
  }
  return { records, labels, anomalies };
}

const run = generate();

describe('visits() — a year of settlements', () => {
  it('reaches the line target with a couple of thousand visits', () => {
    const lines = run.records.reduce((n, r) => n + r.fee_list.length, 0);
    expect(lines).toBeGreaterThanOrEqual(config.lines);
    expect(lines).toBeLessThan(config.lines + 200);
    expect(run.records.length).toBeGreaterThan(1500);
  });

  it('settlement amounts add up: total = Σ lines = fund + account + cash', () => {
    const fen = (s: string) => Math.round(Number(s) * 100);
    for (const r of run.records) {
      const sum = r.fee_list.reduce((n, l) => n + fen(l.det_item_fee_sumamt), 0);
      expect(fen(r.medfee_sumamt)).toBe(sum);
      expect(fen(r.hifp_pay) + fen(r.acct_pay) + fen(r.psn_cash_pay)).toBe(sum);
      expect(fen(r.psn_part_amt)).toBe(fen(r.acct_pay) + fen(r.psn_cash_pay));
      for (const l of r.fee_list) expect(fen(l.det_item_fee_sumamt)).toBe(Math.round((fen(l.pric) * Number(l.cnt) * 100) / 100));
    }
  });

  it('mixes outpatient, inpatient and pharmacy visits over the whole year', () => {
    const modes = new Map<string, number>();
    for (const r of run.records) modes.set(r.med_mdtrt_type, (modes.get(r.med_mdtrt_type) ?? 0) + 1);
    expect(modes.get('1')).toBeGreaterThan(run.records.length * 0.4);
    expect(modes.get('2')).toBeGreaterThan(run.records.length * 0.04);
    expect(modes.get('3')).toBeGreaterThan(run.records.length * 0.1);
    const months = new Set(run.records.map((r) => r.begndate.slice(0, 7)));
    expect(months.size).toBe(12);
  });

  it('injects every default rule', () => {
    expect([...INJECTED_RULES].sort()).toEqual(DEFAULT_RULES.map((r) => r.id).sort());
    const injected = new Set(run.labels.map((l) => l.rule_id));
    for (const rule of INJECTED_RULES) expect(`${rule}: ${injected.has(rule)}`).toBe(`${rule}: true`);
  });

  it('labels every anomaly kind', () => {
    const kinds = new Set(run.anomalies.map((a) => a.anomaly_type));
    expect([...kinds].sort()).toEqual(
      [
        'GENDER_AGE_INCONSISTENT',
        'LARGE_EXPENDITURE',
        'OUTPATIENT_DURING_STAY',
        'PERSON_MANY_SETTLEMENTS_DAY',
        'READMISSION_7D',
        'SETTLEMENT_BURST',
        'YOUNG_ADULT_INPATIENT_SPIKE',
      ].sort(),
    );
    const ids = new Set(run.records.map((r) => r.setl_id));
    for (const a of run.anomalies) for (const id of a.setl_ids) expect(ids.has(id)).toBe(true);
  });

  it('the default rules find exactly the labelled violations (recall and precision 100%)', () => {
    const ruleSet = compileDefaultRules(sampleKnowledgeBase());
    const history = new Map<string, HistoryEncounter[]>();
    const expected = new Map<string, RuleLabel>();
    for (const l of run.labels) expected.set(`${l.setl_id}|${l.rule_id}`, l);
    const found = new Map<string, Set<string>>();
    for (const record of run.records) {
      const claim = createClaim(claimInputOf(record));
      const past = history.get(record.psn_no) ?? [];
      const findings = evaluate(ruleSet, claim, InMemoryPatientHistory.fromEncounters(past));
      for (const f of findings) {
        const key = `${record.setl_id}|${f.ruleId}`;
        const lines = found.get(key) ?? new Set<string>();
        for (const l of f.lines) lines.add(l.lineId);
        found.set(key, lines);
      }
      past.push(historyEncounterOf(record));
      history.set(record.psn_no, past);
    }
    const unexpected = [...found.keys()].filter((k) => !expected.has(k));
    const missed = [...expected.keys()].filter((k) => !found.has(k));
    expect(unexpected).toEqual([]);
    expect(missed).toEqual([]);
    for (const [key, label] of expected) {
      const lines = found.get(key) ?? new Set<string>();
      for (const id of label.line_ids) expect(`${key}|${id}|${lines.has(id)}`).toBe(`${key}|${id}|true`);
    }
  });
});
