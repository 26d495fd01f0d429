import type { CreditFileEntryView } from '@mi/contracts';
import { scoreHistory } from './credit-file-page';

const entry = (occurredAt: string, scoreDelta: number): CreditFileEntryView => ({
  kind: 'x',
  sourceEventId: occurredAt,
  occurredAt,
  summary: '',
  scoreDelta,
  scoreAfter: null,
});

describe('credit score history', () => {
  it('rebuilds the score after each entry from the current score, oldest first', () => {
    const sut = scoreHistory(820, [entry('2026-03-01T00:00:00Z', -50), entry('2026-01-01T00:00:00Z', 0), entry('2026-06-01T00:00:00Z', -30)]);
    expect(sut).toEqual([
      { at: '2026-01-01T00:00:00Z', score: 900 },
      { at: '2026-03-01T00:00:00Z', score: 850 },
      { at: '2026-06-01T00:00:00Z', score: 820 },
    ]);
  });
});
