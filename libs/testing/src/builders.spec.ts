import { IdCard, InstitutionCode, Uscc } from '@mi/domain';
import { aUscc, anIdCardNumber, anInstitutionCode, anInstitutionRegistration } from './builders';

describe('builders produce values the kernel accepts', () => {
  it('ID card numbers with the asked birth date and gender', () => {
    for (const gender of ['1', '2'] as const) {
      for (let seq = 0; seq < 30; seq++) {
        const id = IdCard.parse(anIdCardNumber({ gender, birthDate: '2019-06-01', sequence: seq }));
        expect(id.gender).toBe(gender);
        expect(id.birthDate.toString()).toBe('2019-06-01');
      }
    }
  });

  it('USCCs and institution codes', () => {
    for (let i = 0; i < 50; i++) expect(() => Uscc.parse(aUscc({ serial: i, region: '350102' }))).not.toThrow();
    expect(InstitutionCode.parse(anInstitutionCode({ kind: 'pharmacy', admdvs: '350102', serial: 7 })).value).toBe('P35010200007');
    expect(anInstitutionRegistration({ admdvs: '350102' })).toMatchObject({ code: 'H35010200001', admdvs: '350102' });
  });
});
