import { AgreementSubjects, okReply } from '@mi/contracts';
import { routeHarness } from '../../test/route-harness';

/**
 * The agreement routes added for the lifecycle remainder and 12-point proposals: the gateway
 * validates query and body before anything leaves it, then forwards to agreement-service's subject
 * (a stand-in here; agreement-service's own tests cover the behaviour).
 */
describe('gateway: application list, voluntary termination and points-proposal routes', () => {
  const h = routeHarness({ now: '2026-03-02T01:00:00.000Z', province: '350000' });
  const { call, received } = h;
  h.stub(
    [
      AgreementSubjects.listApplications,
      AgreementSubjects.requestVoluntaryTermination,
      AgreementSubjects.listPointsProposals,
      AgreementSubjects.decidePointsProposal,
      AgreementSubjects.submitInfoChange,
      AgreementSubjects.listInfoChanges,
      AgreementSubjects.withdrawVoluntaryTermination,
      AgreementSubjects.listPublications,
      AgreementSubjects.listInstitutions,
      AgreementSubjects.evaluateApplication,
    ],
    ({ subject }) => okReply({ echo: subject }),
  );

  it('GET /api/v1/applications forwards paging and filters; a bad status or page is 400 and never leaves the gateway', async () => {
    const ok = await call('GET', '/api/v1/applications?status=ACCEPTED&limit=20&offset=40&institutionCode=P35010200011');
    expect(ok).toMatchObject({ status: 200, body: { echo: AgreementSubjects.listApplications } });
    expect(received[AgreementSubjects.listApplications]).toEqual([
      expect.objectContaining({ status: 'ACCEPTED', limit: 20, offset: 40, institutionCode: 'P35010200011' }),
    ]);
    const bad = await call('GET', '/api/v1/applications?status=OPEN&limit=500');
    expect(bad.status).toBe(400);
    expect((bad.body.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort()).toEqual(['limit', 'status']);
    expect(received[AgreementSubjects.listApplications]).toHaveLength(1);
  });

  it('POST /api/v1/applications/:id/evaluation forwards the votes and the on-site record with the id from the path; a bad record is 400 and never leaves the gateway', async () => {
    const id = '01890000-0000-7000-8000-000000000001';
    const team = ['a', 'b', 'c'];
    const votes = team.map((member) => ({ member, inFavour: true }));
    const onSite = { visitedOn: '2026-03-01', membersPresent: ['a', 'b'], findings: '现场核查符合条件' };
    const ok = await call('POST', `/api/v1/applications/${id}/evaluation`, { team, votes, onSite });
    expect(ok).toMatchObject({ status: 200, body: { echo: AgreementSubjects.evaluateApplication } });
    const without = await call('POST', `/api/v1/applications/${id}/evaluation`, { team, votes });
    expect(without.status).toBe(200);
    expect(received[AgreementSubjects.evaluateApplication]).toEqual([
      { id, team, votes, onSite },
      { id, team, votes },
    ]);
    const bad = await call('POST', `/api/v1/applications/${id}/evaluation`, {
      team,
      votes,
      onSite: { visitedOn: 'yesterday', membersPresent: 'a', findings: '', weather: '晴' },
    });
    expect(bad.status).toBe(400);
    expect([...new Set((bad.body.details as { fields: { field: string }[] }).fields.map((f) => f.field))].sort()).toEqual([
      'onSite.findings',
      'onSite.membersPresent',
      'onSite.visitedOn',
      'onSite.weather',
    ]);
    expect(received[AgreementSubjects.evaluateApplication]).toHaveLength(2);
  });

  it('POST /api/v1/agreements/:code/voluntary-termination takes the code from the path and validates the body', async () => {
    const ok = await call('POST', '/api/v1/agreements/P35010200011/voluntary-termination', { effectiveOn: '2026-06-02', reason: '经营调整' });
    expect(ok.status).toBe(200);
    expect(received[AgreementSubjects.requestVoluntaryTermination]).toEqual([
      expect.objectContaining({ institutionCode: 'P35010200011', effectiveOn: '2026-06-02', reason: '经营调整' }),
    ]);
    const bad = await call('POST', '/api/v1/agreements/P35010200011/voluntary-termination', { effectiveOn: 'soon', reason: '', institutionCode: 'H1' });
    expect(bad.status).toBe(400);
    expect((bad.body.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort()).toEqual(['effectiveOn', 'institutionCode', 'reason']);
  });

  it('POST /api/v1/agreements/:code/voluntary-termination/withdrawal forwards the reason with the code from the path', async () => {
    const ok = await call('POST', '/api/v1/agreements/P35010200011/voluntary-termination/withdrawal', { reason: '继续经营' });
    expect(ok).toMatchObject({ status: 200, body: { echo: AgreementSubjects.withdrawVoluntaryTermination } });
    expect(received[AgreementSubjects.withdrawVoluntaryTermination]).toEqual([{ institutionCode: 'P35010200011', reason: '继续经营' }]);
    const bad = await call('POST', '/api/v1/agreements/P35010200011/voluntary-termination/withdrawal', { reason: '', effectiveOn: '2026-06-02' });
    expect(bad.status).toBe(400);
    expect((bad.body.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort()).toEqual(['effectiveOn', 'reason']);
    expect(received[AgreementSubjects.withdrawVoluntaryTermination]).toHaveLength(1);
  });

  it('lists and decides points proposals; the proposal id comes from the path', async () => {
    expect((await call('GET', '/api/v1/agreements/points-proposals?status=PENDING')).status).toBe(200);
    const id = '01a40000-0000-7000-8000-000000000009';
    const ok = await call('POST', `/api/v1/agreements/points-proposals/${id}/decision`, { decision: 'confirm', note: '确认记分' });
    expect(ok.status).toBe(200);
    expect(received[AgreementSubjects.decidePointsProposal]).toEqual([expect.objectContaining({ proposalId: id, decision: 'confirm' })]);
    const bad = await call('POST', `/api/v1/agreements/points-proposals/not-a-uuid/decision`, { decision: 'maybe', note: 'x' });
    expect(bad.status).toBe(400);
  });

  it('POST /api/v1/institutions/:code/info-changes answers 202 with the code from the path; an unknown field or bad date is 400 and never leaves the gateway', async () => {
    const body = {
      changes: [{ field: 'address', value: '福州市鼓楼区五四路1号' }],
      approvedOn: '2026-02-20',
      approvedBy: '福州市市场监督管理局',
      materials: ['变更后的营业执照'],
      reason: '地址变更',
    };
    const ok = await call('POST', '/api/v1/institutions/P35010200011/info-changes', body);
    expect(ok).toMatchObject({ status: 202, body: { echo: AgreementSubjects.submitInfoChange } });
    expect(received[AgreementSubjects.submitInfoChange]).toEqual([expect.objectContaining({ ...body, institutionCode: 'P35010200011' })]);
    const bad = await call('POST', '/api/v1/institutions/P35010200011/info-changes', {
      ...body,
      changes: [{ field: 'colour', value: '红' }],
      approvedOn: '2026-02-30',
      materials: [],
    });
    expect(bad.status).toBe(400);
    expect((bad.body.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort()).toEqual(['approvedOn', 'changes[0].field', 'materials']);
    expect(received[AgreementSubjects.submitInfoChange]).toHaveLength(1);
    const list = await call('GET', '/api/v1/institutions/P35010200011/info-changes?limit=10');
    expect(list.status).toBe(200);
    expect(received[AgreementSubjects.listInfoChanges]).toEqual([{ institutionCode: 'P35010200011', limit: 10 }]);
  });

  it('GET /api/v1/publications forwards kind and paging; an unknown kind is 400', async () => {
    const ok = await call('GET', '/api/v1/publications?kind=TERMINATION&limit=20&offset=20');
    expect(ok).toMatchObject({ status: 200, body: { echo: AgreementSubjects.listPublications } });
    expect(received[AgreementSubjects.listPublications]).toEqual([{ kind: 'TERMINATION', limit: 20, offset: 20 }]);
    const bad = await call('GET', '/api/v1/publications?kind=RUMOUR');
    expect(bad.status).toBe(400);
    expect((bad.body.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['kind']);
    expect(received[AgreementSubjects.listPublications]).toHaveLength(1);
  });

  it('GET /api/v1/institutions forwards every filter and the page; bad filters are 400 and never leave the gateway', async () => {
    const ok = await call('GET', '/api/v1/institutions?type=pharmacy&level=0&admdvs=350102&status=ACTIVE&licenceExpiringBefore=2026-06-30&limit=20&offset=40');
    expect(ok).toMatchObject({ status: 200, body: { echo: AgreementSubjects.listInstitutions } });
    expect(received[AgreementSubjects.listInstitutions]).toEqual([
      { type: 'pharmacy', level: '0', admdvs: '350102', status: 'ACTIVE', licenceExpiringBefore: '2026-06-30', limit: 20, offset: 40 },
    ]);
    const bad = await call('GET', '/api/v1/institutions?type=spa&status=OPEN&licenceExpiringBefore=2026-02-30&limit=500');
    expect(bad.status).toBe(400);
    expect((bad.body.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort()).toEqual([
      'licenceExpiringBefore',
      'limit',
      'status',
      'type',
    ]);
    expect(received[AgreementSubjects.listInstitutions]).toHaveLength(1);
  });

  it('documents the new routes in OpenAPI', async () => {
    const doc = (await (await fetch(`${h.base}/docs/openapi.json`)).json()) as {
      paths: Record<string, { get?: { tags?: string[]; parameters?: { name: string }[] } }>;
    };
    expect(doc.paths['/api/v1/institutions'].get?.tags).toEqual(['institutions']);
    expect(doc.paths['/api/v1/institutions'].get?.parameters?.map((p) => p.name).sort()).toEqual([
      'admdvs',
      'level',
      'licenceExpiringBefore',
      'limit',
      'offset',
      'status',
      'type',
    ]);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/applications',
        '/api/v1/agreements/{code}/voluntary-termination',
        '/api/v1/agreements/points-proposals',
        '/api/v1/agreements/points-proposals/{id}/decision',
        '/api/v1/institutions/{code}/info-changes',
        '/api/v1/agreements/{code}/voluntary-termination/withdrawal',
        '/api/v1/publications',
        '/api/v1/institutions',
      ]),
    );
  });
});
