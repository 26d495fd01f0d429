import type { CreditFileEntryView, CreditFileView } from '@mi/contracts';
import { screen, within } from '@testing-library/react';
import { fakeFetch } from '../test/fake-fetch';
import { renderAt } from '../test/render';
import { signInAs } from '../test/review-fixtures';
import { CreditFilePage, scoreHistory } from './credit-file-page';

// jsdom has no canvas: the score chart is a plain element here.
jest.mock('../shell/echart', () => ({ EChart: () => <div /> }));

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

describe('credit file page', () => {
  it('labels penalty and list entries and links to the subject’s penalty decisions', async () => {
    const at = (d: string) => `2026-${d}T02:00:00Z`;
    const file: CreditFileView = {
      subjectType: 'institution',
      subjectCode: 'H43010200001',
      admdvs: '430102',
      openedAt: at('01-02'),
      score: 620,
      level: 'C',
      entries: [
        { kind: 'PENALTY', sourceEventId: 'e1', occurredAt: at('11-20'), summary: '行政处罚（长医保罚〔2026〕3号）', scoreDelta: -80, scoreAfter: 920 },
        { kind: 'BLACKLISTED', sourceEventId: 'e2', occurredAt: at('11-21'), summary: '列入严重失信名单', scoreDelta: -200, scoreAfter: 720 },
        { kind: 'RED_LISTED', sourceEventId: 'e3', occurredAt: at('11-22'), summary: '红名单', scoreDelta: 0, scoreAfter: 720 },
        { kind: 'DELISTED', sourceEventId: 'e4', occurredAt: at('11-23'), summary: '移出', scoreDelta: 0, scoreAfter: 720 },
        { kind: 'SOMETHING_NEW', sourceEventId: 'e5', occurredAt: at('11-24'), summary: '?', scoreDelta: -100, scoreAfter: 620 },
      ],
    };
    signInAs('cs.officer', ['city-officer']);
    const { calls } = fakeFetch([{ method: 'GET', path: '/api/v1/credit-files/institution/H43010200001', status: 200, body: file }]);
    renderAt(<CreditFilePage />, '/credit/H43010200001', '/credit/:code');
    const link = await screen.findByTestId('subject-penalties');
    expect(calls[0].url).toBe('/api/v1/credit-files/institution/H43010200001');
    expect(link.getAttribute('href')).toBe('/credit/penalties?subjectType=institution&subjectCode=H43010200001');
    const rows = [...document.querySelectorAll('tbody tr[data-row-key]')].map((r) => within(r as HTMLElement).getAllByRole('cell')[1].textContent);
    expect(rows).toEqual(['行政处罚', '列入严重失信名单（黑名单）', '列入守信激励名单（红名单）', '移出名单', 'SOMETHING_NEW']);
  });
});
