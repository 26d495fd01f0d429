import { AgreementSubjects, type AgreementView, type InstitutionListItem, type Page, Subjects } from '@mi/contracts';
import { FixedClock } from '@mi/domain';
import type { MiNatsClient, RunningProcess } from '@mi/platform';
import { asActor, aUscc, aUser, createTestInfra, type TestInfra, testNatsClient } from '@mi/testing';
import { AgreementConfig } from '../src/config';
import { persistence } from '../src/persistence';
import { changsha, designate, maker, registerInstitution, startAgreementService } from './agreement-fixtures';

/**
 * The registry and agreement lists filter for real: several rows in the database, each filter
 * keeps some and leaves the others out, pages cut the rest.
 */
describe('institution list (filters, paging) and the agreement list’s level and region filters', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;
  const institutions = (q: Record<string, unknown>, actor = maker) =>
    asActor(actor, () => client.requestReply<Page<InstitutionListItem>>(AgreementSubjects.listInstitutions, q));
  const codes = async (q: Record<string, unknown>, actor = maker) => {
    const r = await institutions(q, actor);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data.items.map((i) => i.code);
  };
  const agreements = async (q: Record<string, unknown>) => {
    const r = await asActor(maker, () => client.request<Page<AgreementView>>(AgreementSubjects.listAgreements, q));
    return { total: r.total, codes: r.items.map((a) => a.institutionCode) };
  };

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startAgreementService(infra, new FixedClock('2026-03-02T01:00:00.000Z'));
    client = testNatsClient(infra);
    // Designated: two pharmacies in 鼓楼区 (350102), a 3A hospital in 台江区 (350103).
    await designate(client, 'P35010200131');
    await designate(client, 'P35010200135');
    await designate(client, 'H35010300133', { type: 'hospital', admdvs: '350103' });
    // Registered only: a pharmacy whose GSP certificate runs out soon, a 1A clinic in 仓山区, one in Changsha.
    await registerInstitution(client, 'P35010200132');
    await client.request(AgreementSubjects.addLicence, {
      institutionCode: 'P35010200132',
      kind: 'gsp',
      number: 'FJ-GSP-2021-0132',
      issuedOn: '2021-04-01',
      expiresOn: '2026-04-01',
    });
    await client.request(Subjects.agreement.registerInstitution, {
      code: 'H35010400134',
      name: '福州仓山门诊部',
      type: 'clinic',
      level: '1A',
      admdvs: '350104',
      uscc: aUscc({ region: '350104', serial: 134 }),
    });
    await registerInstitution(client, 'P43010200136', 'pharmacy', '430102');
  });

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('lists the caller’s region by code with status and first licence expiry; another city’s institution never shows', async () => {
    const all = await institutions({});
    expect(all.ok && all.data.total).toBe(5);
    expect(all.ok && all.data.items.map((i) => [i.code, i.status, i.firstLicenceExpiry ?? null])).toEqual([
      ['H35010300133', 'ACTIVE', '2030-12-31'],
      ['H35010400134', 'UNDESIGNATED', null],
      ['P35010200131', 'ACTIVE', '2030-12-31'],
      ['P35010200132', 'UNDESIGNATED', '2026-04-01'],
      ['P35010200135', 'ACTIVE', '2030-12-31'],
    ]);
    expect(await codes({}, changsha)).toEqual(['P43010200136']);
    const county = aUser({ id: 'u-c4', scope: '350104', roles: ['county-officer'] });
    expect(await codes({}, county)).toEqual(['H35010400134']);
  });

  it('filters by type, level, region, status and licence expiry, each leaving the others out', async () => {
    expect(await codes({ type: 'pharmacy' })).toEqual(['P35010200131', 'P35010200132', 'P35010200135']);
    expect(await codes({ type: 'clinic' })).toEqual(['H35010400134']);
    expect(await codes({ level: '3A' })).toEqual(['H35010300133']);
    expect(await codes({ level: '1A' })).toEqual(['H35010400134']);
    expect(await codes({ admdvs: '350103' })).toEqual(['H35010300133']);
    expect(await codes({ admdvs: '350100' })).toHaveLength(5);
    // A region outside the caller's scope narrows to nothing, it does not widen it.
    expect(await codes({ admdvs: '430100' })).toEqual([]);
    expect(await codes({ status: 'ACTIVE' })).toEqual(['H35010300133', 'P35010200131', 'P35010200135']);
    expect(await codes({ status: 'UNDESIGNATED' })).toEqual(['H35010400134', 'P35010200132']);
    expect(await codes({ status: 'TERMINATED' })).toEqual([]);
    expect(await codes({ licenceExpiringBefore: '2026-04-02' })).toEqual(['P35010200132']);
    expect(await codes({ licenceExpiringBefore: '2026-04-01' })).toEqual([]);
    expect(await codes({ type: 'pharmacy', status: 'ACTIVE', admdvs: '350102' })).toEqual(['P35010200131', 'P35010200135']);
  });

  it('pages with limit and offset; the total counts every match', async () => {
    const first = await institutions({ limit: 2 });
    const second = await institutions({ limit: 2, offset: 2 });
    const last = await institutions({ limit: 2, offset: 4 });
    expect([first, second, last].map((p) => p.ok && [p.data.total, p.data.items.map((i) => i.code)])).toEqual([
      [5, ['H35010300133', 'H35010400134']],
      [5, ['P35010200131', 'P35010200132']],
      [5, ['P35010200135']],
    ]);
    const filtered = await institutions({ status: 'ACTIVE', limit: 1, offset: 1 });
    expect(filtered.ok && [filtered.data.total, filtered.data.items.map((i) => i.code)]).toEqual([3, ['P35010200131']]);
  });

  it('refuses bad filters naming each field', async () => {
    const bad = await institutions({ type: 'spa', level: '4Z', admdvs: '12', status: 'OPEN', licenceExpiringBefore: '2026-02-30', limit: 0 });
    expect(bad.ok || (bad.error.details?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'admdvs',
      'level',
      'licenceExpiringBefore',
      'limit',
      'status',
      'type',
    ]);
  });

  it('the agreement list filters by level and region and pages', async () => {
    expect(await agreements({})).toMatchObject({ total: 3 });
    expect(await agreements({ level: '3A' })).toEqual({ total: 1, codes: ['H35010300133'] });
    expect(await agreements({ level: '0' })).toMatchObject({ total: 2 });
    expect(await agreements({ admdvs: '350103' })).toEqual({ total: 1, codes: ['H35010300133'] });
    expect((await agreements({ admdvs: '350102' })).codes.sort()).toEqual(['P35010200131', 'P35010200135']);
    expect(await agreements({ admdvs: '350104' })).toEqual({ total: 0, codes: [] });
    const pages = [await agreements({ limit: 2 }), await agreements({ limit: 2, offset: 2 })];
    expect(pages.map((p) => [p.total, p.codes.length])).toEqual([
      [3, 2],
      [3, 1],
    ]);
    expect([...pages[0].codes, ...pages[1].codes].sort()).toEqual(['H35010300133', 'P35010200131', 'P35010200135']);
  });
});
