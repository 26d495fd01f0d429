import { IdCard, InstitutionCode, Uscc } from '@mi/domain';
import { anIdCardNumber, anInstitutionCode, aUscc } from '@mi/testing';
import { generateCity, idCardNumber, institutionCodeFor, usccFor } from './city';
import { resolveConfig } from './config';
import { Rng } from './prng';
import { formatDay } from './time';

describe('Rng', () => {
  it('is deterministic by seed and independent per fork label', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect(Array.from({ length: 5 }, () => a.uint32())).toEqual(Array.from({ length: 5 }, () => b.uint32()));
    expect(new Rng(42).fork('x').next()).not.toBe(new Rng(42).fork('y').next());
    const r = new Rng(1);
    for (let i = 0; i < 1000; i += 1) {
      const n = r.int(3, 7);
      expect(n >= 3 && n <= 7).toBe(true);
    }
  });
});

describe('generateCity', () => {
  const city = generateCity(resolveConfig({ seed: 3, lines: 60_000 }));

  it('has counties of the city and institutions of every type and level', () => {
    expect(city.counties.map((c) => c.admdvs)).toContain('430102');
    for (const c of city.counties) expect(c.admdvs.startsWith('4301')).toBe(true);
    const kinds = new Set(city.institutions.map((i) => `${i.type}:${i.level}`));
    for (const k of ['hospital:1', 'hospital:2', 'hospital:3', 'primary-care:1', 'clinic:0', 'pharmacy:0']) expect(kinds).toContain(k);
    for (const i of city.institutions) {
      const code = InstitutionCode.parse(i.fixmedins_code);
      expect(code.kind).toBe(i.type === 'pharmacy' ? 'pharmacy' : 'hospital');
      expect(code.admdvs.code).toBe(i.admdvs);
      expect(Uscc.parse(i.uscc).value).toBe(i.uscc);
    }
    expect(new Set(city.institutions.map((i) => i.fixmedins_code)).size).toBe(city.institutions.length);
    expect(city.practitioners.length).toBeGreaterThan(city.institutions.length);
  });

  it('has insured persons with valid, unique ID numbers matching gender and birth date', () => {
    expect(city.persons.length).toBeGreaterThanOrEqual(300);
    const certnos = new Set<string>();
    for (const p of city.persons) {
      const id = IdCard.parse(p.certno);
      expect(id.gender).toBe(p.gend);
      expect(id.birthDate.toString()).toBe(formatDay(p.brdy));
      expect(['310', '390']).toContain(p.insutype);
      certnos.add(p.certno);
    }
    expect(certnos.size).toBe(city.persons.length);
    expect(new Set(city.persons.map((p) => p.psn_no)).size).toBe(city.persons.length);
  });

  it('builds identifiers exactly as the @mi/testing builders do', () => {
    for (const sequence of [0, 7, 42, 99]) {
      expect(idCardNumber('430104', '1990-02-28', '2', sequence)).toBe(anIdCardNumber({ region: '430104', birthDate: '1990-02-28', gender: '2', sequence }));
      expect(idCardNumber('430102', '1975-11-03', '1', sequence)).toBe(anIdCardNumber({ region: '430102', birthDate: '1975-11-03', gender: '1', sequence }));
    }
    expect(usccFor('430103', 17)).toBe(aUscc({ region: '430103', serial: 17 }));
    expect(institutionCodeFor('pharmacy', '430105', 3)).toBe(anInstitutionCode({ kind: 'pharmacy', admdvs: '430105', serial: 3 }));
  });
});
