import { idCardCheckChar, usccCheckChar } from '@mi/domain';

/**
 * Builders for kernel values with valid check characters, so tests state only what matters
 * (`anIdCardNumber({ gender: '2', birthDate: '2019-06-01' })`). Synthetic: never a real person.
 */
export function anIdCardNumber(o: { region?: string; birthDate?: string; gender?: '1' | '2'; sequence?: number } = {}): string {
  const region = o.region ?? '430102';
  const birth = (o.birthDate ?? '1985-04-12').replace(/-/g, '');
  const seq = o.sequence ?? 12;
  // The 17th digit carries the gender: odd male (1), even female (2).
  const genderDigit = (o.gender ?? '1') === '1' ? (seq % 5) * 2 + 1 : (seq % 5) * 2;
  const first17 = `${region}${birth}${String(seq % 100).padStart(2, '0')}${genderDigit}`;
  return `${first17}${idCardCheckChar(first17)}`;
}

/** A unified social credit code (GB 32100) registered in `region`; `serial` varies the organisation part. */
export function aUscc(o: { region?: string; serial?: number } = {}): string {
  const region = o.region ?? '430102';
  const org = `MA${String(o.serial ?? 1).padStart(7, '0')}`; // 9-character organisation code
  const first17 = `91${region}${org}`;
  return `${first17}${usccCheckChar(first17)}`;
}

/** A national institution code: `H`/`P` + admdvs + 5-digit serial. */
export function anInstitutionCode(o: { kind?: 'hospital' | 'pharmacy'; admdvs?: string; serial?: number } = {}): string {
  return `${o.kind === 'pharmacy' ? 'P' : 'H'}${o.admdvs ?? '430102'}${String(o.serial ?? 1).padStart(5, '0')}`;
}

/** A valid `RegisterInstitutionRequest` body, overridable field by field. */
export function anInstitutionRegistration(over: Partial<Record<'code' | 'name' | 'type' | 'level' | 'admdvs' | 'uscc', string>> = {}): Record<string, string> {
  const admdvs = over.admdvs ?? '430102';
  return {
    code: anInstitutionCode({ admdvs }),
    name: '长沙市第一人民医院',
    type: 'hospital',
    level: '3A',
    admdvs,
    uscc: aUscc({ region: admdvs }),
    ...over,
  };
}
