import { type EvaluatedSettlement, type HitFinding, SimulationReportBuilder } from './simulation-report';

const hit = (ruleId: string, lineIds: string[], amountFen: bigint): HitFinding => ({ ruleId, lineIds, amountFen });
const settlement = (institutionCode: string, o: Partial<Omit<EvaluatedSettlement, 'institutionCode'>> = {}): EvaluatedSettlement => ({
  institutionCode,
  candidate: [],
  published: [],
  shadow: [],
  ...o,
});

describe('SimulationReportBuilder', () => {
  it('counts a settlement once per rule with its distinct lines and summed amounts, and splits added from removed', () => {
    const sut = new SimulationReportBuilder(['A', 'NEW'], ['A', 'OLD']);
    // Both sides flag A; the candidate also flags NEW (two findings on one line + another line).
    sut.add(
      settlement('H1', {
        candidate: [hit('A', ['1'], 100n), hit('NEW', ['1'], 50n), hit('NEW', ['1', '2'], 25n)],
        published: [hit('A', ['1'], 100n)],
      }),
    );
    // Only the published set flagged it (OLD is removed from the candidate).
    sut.add(settlement('H2', { published: [hit('OLD', ['3'], 700n)] }));
    // Nobody flags it.
    sut.add(settlement('H2'));

    const report = sut.build();
    expect(report.settlements).toBe(3);
    const rule = (id: string) => report.byRule.find((r) => r.ruleId === id);
    expect(rule('NEW')).toEqual({
      ruleId: 'NEW',
      presence: 'candidate',
      candidate: { settlements: 1, lines: 2, amountFen: '75' },
      published: { settlements: 0, lines: 0, amountFen: '0' },
      added: { settlements: 1, lines: 2, amountFen: '75' },
      removed: { settlements: 0, lines: 0, amountFen: '0' },
    });
    expect(rule('OLD')).toMatchObject({
      presence: 'published',
      candidate: { settlements: 0 },
      published: { settlements: 1, lines: 1, amountFen: '700' },
      added: { settlements: 0 },
      removed: { settlements: 1, lines: 1, amountFen: '700' },
    });
    expect(rule('A')).toMatchObject({
      presence: 'both',
      candidate: { settlements: 1, amountFen: '100' },
      added: { settlements: 0 },
      removed: { settlements: 0 },
    });

    // Per institution, all rules of a settlement merged: H1 flagged by both sides (lines 1, 2 vs 1).
    expect(report.byInstitution).toEqual([
      {
        institutionCode: 'H1',
        candidate: { settlements: 1, lines: 2, amountFen: '175' },
        published: { settlements: 1, lines: 1, amountFen: '100' },
        added: { settlements: 0, lines: 0, amountFen: '0' },
        removed: { settlements: 0, lines: 0, amountFen: '0' },
      },
      {
        institutionCode: 'H2',
        candidate: { settlements: 0, lines: 0, amountFen: '0' },
        published: { settlements: 1, lines: 1, amountFen: '700' },
        added: { settlements: 0, lines: 0, amountFen: '0' },
        removed: { settlements: 1, lines: 1, amountFen: '700' },
      },
    ]);
    expect(report.totals).toEqual({
      candidate: { settlements: 1, lines: 2, amountFen: '175' },
      published: { settlements: 2, lines: 2, amountFen: '800' },
      added: { settlements: 0, lines: 0, amountFen: '0' },
      removed: { settlements: 1, lines: 1, amountFen: '700' },
    });
  });

  it('lists every rule of either set even without hits, sorted, and tallies stored shadow findings apart', () => {
    const sut = new SimulationReportBuilder(['B', 'A'], ['A']);
    sut.add(settlement('H1', { shadow: [hit('S', ['1'], 10n), hit('S', ['2'], 5n)] }));
    sut.add(settlement('H1', { shadow: [hit('S', ['1'], 1n)] }));
    const report = sut.build();
    expect(report.byRule.map((r) => [r.ruleId, r.presence, r.candidate.settlements])).toEqual([
      ['A', 'both', 0],
      ['B', 'candidate', 0],
    ]);
    expect(report.shadow).toEqual([{ ruleId: 'S', flagged: { settlements: 2, lines: 3, amountFen: '16' } }]);
    expect(report.totals.candidate.settlements).toBe(0);
  });

  it('keeps amounts beyond 2^53 fen exact', () => {
    const sut = new SimulationReportBuilder(['A'], []);
    sut.add(settlement('H1', { candidate: [hit('A', ['1'], 9_007_199_254_740_993n)] }));
    sut.add(settlement('H1', { candidate: [hit('A', ['1'], 1n)] }));
    expect(sut.build().byRule[0].candidate.amountFen).toBe('9007199254740994');
  });
});
