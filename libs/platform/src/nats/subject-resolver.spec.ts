import { SubjectResolver } from './subject-resolver';

describe('SubjectResolver', () => {
  it('uses plain names in production', () => {
    const r = new SubjectResolver('');
    expect(r.subject('mi.v1.agreement.x')).toBe('mi.v1.agreement.x');
    expect(r.eventsStream).toBe('MI_EVENTS');
    expect(r.deadLetterStream).toBe('MI_DLQ');
  });

  it('prefixes subjects and suffixes streams per test prefix', () => {
    const r = new SubjectResolver('t1a2b.');
    expect(r.subject('evt.agreement.X')).toBe('t1a2b.evt.agreement.X');
    expect(r.unprefixed('t1a2b.evt.agreement.X')).toBe('evt.agreement.X');
    expect(r.eventsStream).toBe('MI_EVENTS_T1A2B');
  });

  it('names one durable per service and event subject', () => {
    expect(new SubjectResolver('').durableName('credit-service', 'evt.agreement.InstitutionRegistered')).toBe(
      'credit-service__evt_agreement_InstitutionRegistered',
    );
  });
});
