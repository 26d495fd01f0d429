import { errorReply, okReply, SimulationSubjects } from '@mi/contracts';
import { routeHarness } from '../../test/route-harness';

const JOB_ID = '01a20000-0000-7000-8000-00000000beef';

/**
 * The simulation routes: the gateway checks role and input, then forwards to claims-review-service's
 * subjects (stand-ins here; the service's own int-spec covers behaviour, scope and the report).
 */
describe('gateway: /api/v1/review/simulations', () => {
  const { call, stub } = routeHarness({ now: '2026-05-02T01:00:00.000Z' });
  const calls = stub(Object.values(SimulationSubjects), ({ subject, body }) =>
    subject === SimulationSubjects.get && body.id !== JOB_ID
      ? errorReply({ code: 'NOT_FOUND', message: `simulation ${String(body.id)} not found`, details: {} })
      : okReply({ forwarded: subject }),
  );

  it('starts (202), lists and reads simulations; bad input is 400 naming the field and never leaves the gateway', async () => {
    const body = {
      poolarea: '430100',
      from: '2026-01-01',
      to: '2026-03-31',
      rules: [{ ruleId: 'GZ10000301004000', version: 2 }],
      remove: ['GZ10000101007000'],
      reason: '拟发布新版本',
    };
    expect(await call('POST', '/api/v1/review/simulations', body)).toMatchObject({ status: 202, body: { forwarded: SimulationSubjects.start } });
    expect(calls.at(-1)?.body).toEqual(body);
    expect(await call('GET', '/api/v1/review/simulations?poolarea=430100&limit=5')).toMatchObject({
      status: 200,
      body: { forwarded: SimulationSubjects.list },
    });
    expect(calls.at(-1)?.body).toEqual({ poolarea: '430100', limit: 5 });
    expect(await call('GET', `/api/v1/review/simulations/${JOB_ID}`)).toMatchObject({ status: 200, body: { forwarded: SimulationSubjects.get } });
    expect((await call('GET', '/api/v1/review/simulations/01a20000-0000-7000-8000-000000000000')).status).toBe(404);
    expect(await call('GET', `/api/v1/review/settlements/${JOB_ID}/findings`)).toMatchObject({
      status: 200,
      body: { forwarded: SimulationSubjects.settlementFindings },
    });
    expect(calls.at(-1)?.body).toEqual({ settlementId: JOB_ID });

    const before = calls.length;
    const badDate = await call('POST', '/api/v1/review/simulations', { ...body, from: '2026-02-30' });
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(badDate.body)).toMatch(/from/);
    const badRule = await call('POST', '/api/v1/review/simulations', { ...body, rules: [{ ruleId: 'GZ10000301004000', version: 0 }] });
    expect(badRule.status).toBe(400);
    expect(JSON.stringify(badRule.body)).toMatch(/version/);
    expect((await call('POST', '/api/v1/review/simulations', { ...body, reason: undefined })).status).toBe(400);
    expect((await call('POST', '/api/v1/review/simulations', { ...body, remove: ['not a rule id!'] })).status).toBe(400);
    expect((await call('GET', '/api/v1/review/simulations?poolarea=43')).status).toBe(400);
    expect((await call('GET', '/api/v1/review/simulations/not-a-uuid')).status).toBe(400);
    expect(calls).toHaveLength(before);
  });

  it('documents the routes with their response shapes', async () => {
    const doc = await call('GET', '/docs/openapi.json');
    const paths = doc.body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/api/v1/review/simulations', '/api/v1/review/simulations/{id}', '/api/v1/review/settlements/{id}/findings']),
    );
    expect(Object.keys(paths['/api/v1/review/simulations'].post.responses)).toContain('202');
    const schemas = (doc.body.components as { schemas: Record<string, { properties: Record<string, unknown> }> }).schemas;
    expect(Object.keys(schemas.SimulationReportDto.properties)).toEqual(['settlements', 'totals', 'byRule', 'byInstitution', 'shadow']);
    expect(Object.keys(schemas.SimulationRuleRowDto.properties)).toEqual(
      expect.arrayContaining(['ruleId', 'presence', 'candidate', 'published', 'added', 'removed']),
    );
    expect(Object.keys(schemas.SettlementFindingDto.properties)).toContain('shadow');
  });
});
