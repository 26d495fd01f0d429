import { MikroORM } from '@mikro-orm/postgresql';
import { type CreditRankingItemView, type Page, Subjects } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { newUuidV7 } from '@mi/platform';
import { aUser } from '@mi/testing';
import { actorCalls, creditHarness } from './credit-harness';

/** 风险排名: the region's credit files riskiest first, each with what lowered its score lately. */
describe('credit ranking (real PostgreSQL + NATS)', () => {
  const clock = new ManualClock('2026-12-04T02:00:00.000Z');
  const h = creditHarness(clock);
  const { call, refuse, fields } = actorCalls(h);
  const officer = aUser({ id: 'u-cs', roles: ['city-officer'], scope: '430100' });
  const county = aUser({ id: 'u-fr', roles: ['county-officer'], scope: '430102' });
  const rank = (actor = officer, body: Record<string, unknown> = {}) => call<Page<CreditRankingItemView>>(actor, Subjects.credit.creditRanking, body);

  /** A file with entries (score delta, days before now); the score is the base 850 plus the deltas. */
  async function file(code: string, admdvs: string, entries: [kind: string, delta: number, daysAgo: number][], subjectType = 'institution') {
    const em = h.sut.get<MikroORM>(MikroORM).em.fork();
    const id = newUuidV7();
    const score = 850 + entries.reduce((s, [, d]) => s + d, 0);
    const level = score >= 900 ? 'A' : score >= 800 ? 'B' : score >= 650 ? 'C' : 'D';
    await em.execute(`insert into credit.credit_file (id, subject_type, subject_code, admdvs, opened_at, score, level) values (?, ?, ?, ?, ?, ?, ?)`, [
      id,
      subjectType,
      code,
      admdvs,
      new Date('2026-01-02T00:00:00Z'),
      score,
      level,
    ]);
    for (const [kind, delta, daysAgo] of entries) {
      await em.execute(
        `insert into credit.credit_file_entry (id, file_id, kind, source_event_id, occurred_at, summary, score_delta) values (?, ?, ?, ?, ?, ?, ?)`,
        [newUuidV7(), id, kind, newUuidV7(), new Date(clock.now().getTime() - daysAgo * 86_400_000), `${kind} of ${code}`, delta],
      );
    }
  }

  beforeAll(async () => {
    await file('H43010200001', '430102', [['DEDUCTION', -20, 200]]); // 830, nothing lately
    await file('H43010200002', '430102', [
      ['VIOLATION', -30, 10],
      ['DEDUCTION', -20, 5],
    ]); // 800, 50 lost lately
    await file('H43010200003', '430102', [['SUSPENDED', -50, 300]]); // 800, nothing lately
    await file('H43010300001', '430103', [
      ['PENALTY', -200, 20],
      ['REGISTERED', 0, 340],
    ]); // 650
    await file('H43010300002', '430103', []); // 850, clean
    await file('H43020200001', '430202', [['BLACKLISTED', -200, 3]]); // another city
    await file('D43010200001', '430102', [['VIOLATION', -30, 1]], 'practitioner');
  });

  it('ranks the city’s institutions: lowest score first, then the most lost lately, each with its latest reason', async () => {
    const page = await rank();
    expect(page.total).toBe(5);
    expect(page.items.map((i) => [i.rank, i.subjectCode, i.score, i.level, i.recentNegativeEntries, i.recentScoreLost])).toEqual([
      [1, 'H43010300001', 650, 'C', 1, 200],
      [2, 'H43010200002', 800, 'B', 2, 50],
      [3, 'H43010200003', 800, 'B', 0, 0],
      [4, 'H43010200001', 830, 'B', 0, 0],
      [5, 'H43010300002', 850, 'B', 0, 0],
    ]);
    expect(page.items[1].lastNegative).toMatchObject({
      kind: 'DEDUCTION',
      summary: 'DEDUCTION of H43010200002',
      scoreDelta: -20,
      occurredAt: '2026-11-29T02:00:00.000Z',
    });
    expect(page.items[2].lastNegative).toMatchObject({ kind: 'SUSPENDED', scoreDelta: -50 });
    expect(page.items[4].lastNegative).toBeNull();
  });

  it('pages, filters by level and subject type, and keeps to the caller’s region', async () => {
    const second = await rank(officer, { limit: 2, offset: 2 });
    expect([second.total, second.items.map((i) => [i.rank, i.subjectCode])]).toEqual([
      5,
      [
        [3, 'H43010200003'],
        [4, 'H43010200001'],
      ],
    ]);
    expect((await rank(officer, { level: 'C' })).items.map((i) => i.subjectCode)).toEqual(['H43010300001']);
    expect((await rank(officer, { subjectType: 'practitioner' })).items.map((i) => i.subjectCode)).toEqual(['D43010200001']);
    expect((await rank(county)).items.map((i) => i.subjectCode)).toEqual(['H43010200002', 'H43010200003', 'H43010200001']);
  });

  it('refuses bad paging and non-readers', async () => {
    expect(fields(await refuse(officer, Subjects.credit.creditRanking, { limit: 0, level: 'E' }))).toEqual(expect.arrayContaining(['limit', 'level']));
    const his = aUser({ id: 'u-his', roles: [], scope: '430102' });
    expect((await refuse(his, Subjects.credit.creditRanking, {})).code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
  });
});
