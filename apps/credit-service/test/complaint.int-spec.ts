import { MikroORM } from '@mikro-orm/postgresql';
import { type ComplaintView, CreditComplaintSubjects, type Page } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { newUuidV7, type PortalActor } from '@mi/platform';
import { anIdCardNumber, asActor, aUser } from '@mi/testing';
import { creditHarness } from './credit-harness';

const HOSPITAL = 'H43010300071';

/** 举报: anonymous or protected reporters, routing by region, working-day deadline, reward in fen. */
describe('complaints and rewards (举报奖励)', () => {
  const clock = new ManualClock('2026-09-28T02:00:00.000Z'); // Monday before the National Day holidays
  const h = creditHarness(clock);
  const city: PortalActor = aUser({ id: 'u-cs', username: 'cs-officer', scope: '430100', roles: ['city-officer'] });
  const county: PortalActor = aUser({ id: 'u-kf', username: 'kf-officer', scope: '430102', roles: ['county-officer'] });
  const call = <T>(actor: PortalActor, subject: string, body: unknown): Promise<T> => asActor(actor, () => h.client.request<T>(subject, body));
  async function refuse(actor: PortalActor, subject: string, body: unknown) {
    const r = await asActor(actor, () => h.client.requestReply(subject, body));
    if (r.ok) throw new Error(`expected ${subject} to be refused`);
    return r.error as { code: string; message: string; details?: Record<string, unknown> };
  }
  const fieldsOf = (e: { details?: Record<string, unknown> }) =>
    (e.details?.fields as { field: string }[] | undefined)?.map((f) => f.field) ?? [e.details?.field as string];
  const idNumber = anIdCardNumber({ region: '430103', sequence: 71 });
  const complaint = (over: Record<string, unknown> = {}) => ({
    admdvs: '430100',
    channel: 'hotline',
    subjectType: 'institution',
    subjectCode: HOSPITAL,
    subjectName: '长沙某民营医院',
    content: '该院组织免费体检后以住院名义虚构诊疗项目套取医保基金。',
    anonymous: false,
    reporter: { name: '王小明', phone: '13812345678', idNumber },
    ...over,
  });
  let named: ComplaintView;

  beforeAll(async () => {
    await h.sut
      .get(MikroORM)
      .em.fork()
      .execute(
        `insert into credit.credit_file (id, subject_type, subject_code, admdvs, opened_at, score, level) values (?, 'institution', ?, '430103', now(), 850, 'B')`,
        [newUuidV7(), HOSPITAL],
      );
  });

  it('routes a complaint to the region of the subject’s file; the reporter is stored encrypted and shown masked everywhere', async () => {
    named = await call<ComplaintView>(city, CreditComplaintSubjects.submit, complaint());
    expect(named).toMatchObject({ admdvs: '430103', status: 'RECEIVED', anonymous: false, receivedOn: '2026-09-28' });
    // 15 working days in Changsha, across the National Day holidays and the 10 October 调休 working Saturday.
    expect(named.dueOn).toBe('2026-10-23');
    expect(named.reporter).toEqual({ name: '王**', phone: '138****5678', idNumber: expect.stringMatching(/^4301\*+[0-9X]{4}$/) });
    const em = h.sut.get(MikroORM).em.fork();
    const [row] = await em.execute<{ t: string }[]>(`select row_to_json(c)::text as t from credit.complaint c where id = ?`, [named.id]);
    for (const secret of ['王小明', '13812345678', idNumber]) expect(row.t).not.toContain(secret);
    const logged = await em.execute<{ t: string }[]>(
      `select coalesce(string_agg(envelope::text, ''), '') || (select coalesce(string_agg(coalesce(detail::text, ''), ''), '') from credit.audit_log) as t from credit.outbox`,
    );
    for (const secret of ['王小明', '13812345678', idNumber]) expect(logged[0].t).not.toContain(secret);
    const got = await call<ComplaintView>(city, CreditComplaintSubjects.get, { id: named.id });
    expect(got.reporter?.name).toBe('王**');
  });

  it('takes anonymous complaints without a reporter; otherwise the reporter is required; bad input names the field', async () => {
    const anon = await call<ComplaintView>(
      city,
      CreditComplaintSubjects.submit,
      complaint({ anonymous: true, reporter: undefined, subjectType: 'other', subjectCode: undefined, admdvs: '430102' }),
    );
    expect(anon).toMatchObject({ admdvs: '430102', anonymous: true, reporter: null });
    expect(fieldsOf(await refuse(city, CreditComplaintSubjects.submit, complaint({ reporter: undefined })))).toEqual(['reporter']);
    expect(fieldsOf(await refuse(city, CreditComplaintSubjects.submit, complaint({ reporter: { name: '王', phone: '12345' } })))).toEqual(['reporter.phone']);
    expect(fieldsOf(await refuse(city, CreditComplaintSubjects.submit, complaint({ subjectCode: undefined })))).toEqual(['subjectCode']);
    // The county of Kaifu sees its own complaint only; the city sees both.
    expect((await refuse(county, CreditComplaintSubjects.get, { id: named.id })).code).toBe('NOT_FOUND');
    expect((await call<Page<ComplaintView>>(county, CreditComplaintSubjects.list, {})).items.map((c) => c.id)).toEqual([anon.id]);
    expect((await call<Page<ComplaintView>>(city, CreditComplaintSubjects.list, {})).total).toBe(2);
  });

  it('a substantiated complaint earns the reward by the rule, in fen; concluded once; overdue ones are flagged', async () => {
    expect(
      fieldsOf(await refuse(city, CreditComplaintSubjects.conclude, { id: named.id, substantiated: true, recoveredFen: '12.50', findings: '查实' })),
    ).toEqual(['recoveredFen']);
    expect(
      fieldsOf(await refuse(city, CreditComplaintSubjects.conclude, { id: named.id, substantiated: false, recoveredFen: '100', findings: '未查实' })),
    ).toEqual(['recoveredFen']);
    expect((await refuse(county, CreditComplaintSubjects.conclude, { id: named.id, substantiated: true, recoveredFen: '1', findings: '查实' })).code).toBe(
      'NOT_FOUND',
    );
    const done = await call<ComplaintView>(city, CreditComplaintSubjects.conclude, {
      id: named.id,
      substantiated: true,
      recoveredFen: '50000000',
      findings: '查实虚构住院 37 人次，追回基金 50 万元',
    });
    // 100,000 yuan × 4 % + 400,000 yuan × 2 % = 12,000 yuan.
    expect(done).toMatchObject({
      status: 'CONCLUDED',
      substantiated: true,
      recoveredFen: '50000000',
      rewardFen: '1200000',
      concludedOn: '2026-09-28',
      overdue: false,
    });
    expect(done.rewardBasis).toContain('医保发〔2022〕22号');
    expect((await refuse(city, CreditComplaintSubjects.conclude, { id: named.id, substantiated: false, recoveredFen: '0', findings: '再次' })).code).toBe(
      'COMPLAINT.CONCLUDED',
    );
    clock.set('2026-11-20T02:00:00.000Z');
    const open = await call<Page<ComplaintView>>(city, CreditComplaintSubjects.list, { status: 'RECEIVED' });
    expect(open.items.map((c) => [c.admdvs, c.overdue])).toEqual([['430102', true]]);
  });
});
