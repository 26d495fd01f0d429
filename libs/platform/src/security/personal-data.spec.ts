import type { PortalActor } from './actor';
import { mayReadPersonalData, maskName, personView } from './personal-data';

const user = (roles: PortalActor['roles']): PortalActor => ({ kind: 'user', id: 'u', username: 'u', roles, scope: '430100', sessionId: 's' });
const person = { idNumber: '43010219850412001X', name: '张三丰' };

describe('personal data in views', () => {
  it('shows full values to case workers and masks them for everyone else', () => {
    expect(personView(user(['reviewer']), person)).toEqual({ ...person, masked: false });
    for (const roles of [['auditor'], ['system-operator'], ['health-liaison'], ['province-admin']] as PortalActor['roles'][]) {
      expect(personView(user(roles), person)).toEqual({ idNumber: '4301**********001X', name: '张**', masked: true });
    }
    expect(personView(undefined, person).masked).toBe(true);
  });

  it('lets system and HIS actors read, and masks one-character names entirely', () => {
    expect(mayReadPersonalData({ kind: 'system', id: 'claims-review-service', scope: '' })).toBe(true);
    expect(mayReadPersonalData({ kind: 'his', id: 'c', institutionCode: 'H43010200001', scope: '430102' })).toBe(true);
    expect(maskName('李')).toBe('*');
  });
});
