import { idCardCheckChar, InstitutionLevel, LocalDate, usccCheckChar, type InstitutionLevelNumber, type InstitutionType } from '@mi/domain';
import type { GeneratorConfig } from './config';
import { DEPARTMENTS, type DepartmentKey } from './catalogue';
import type { City, County, Institution, Person, Practitioner } from './model';
import { Rng } from './prng';
import { formatDay } from './time';

/** 长沙市 districts and counties (GB/T 2260, public administrative codes). Other cities get numbered counties. */
const KNOWN_COUNTIES: Readonly<Record<string, readonly (readonly [string, string, boolean])[]>> = {
  '430100': [
    ['430102', '芙蓉区', true],
    ['430103', '天心区', true],
    ['430104', '岳麓区', true],
    ['430105', '开福区', true],
    ['430111', '雨花区', true],
    ['430112', '望城区', false],
    ['430121', '长沙县', false],
    ['430181', '浏阳市', false],
    ['430182', '宁乡市', false],
  ],
};

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯鹏辉建国建华志强晓婷思雨子涵欣怡梓轩一诺宇轩浩然雨桐佳怡文博嘉怡若曦'.split(
    '',
  );
const PHARMACY_BRANDS = ['老百姓大药房', '益丰大药房', '湘雅大药房', '千金大药房', '康寿堂药店', '仁和大药房'];
const TOWNS = ['东山', '白沙', '黄花', '金井', '青山', '莲花', '丁字', '石燕', '高塘', '龙田', '花明', '双江'];

export function personName(rng: Rng): string {
  const surname = rng.pick(SURNAMES);
  return rng.chance(0.6) ? `${surname}${rng.pick(GIVEN)}${rng.pick(GIVEN)}` : `${surname}${rng.pick(GIVEN)}`;
}

/** 18-character ID number (GB 11643) in the form of @mi/testing `anIdCardNumber` (sequence 0–99), check character included. */
export function idCardNumber(region: string, birthDate: string, gender: '1' | '2', sequence: number): string {
  const genderDigit = gender === '1' ? (sequence % 5) * 2 + 1 : (sequence % 5) * 2;
  const first17 = `${region}${birthDate.replace(/-/g, '')}${String(sequence % 100).padStart(2, '0')}${genderDigit}`;
  return `${first17}${idCardCheckChar(first17)}`;
}

/** Unified social credit code (GB 32100) in the form of @mi/testing `aUscc`. */
export function usccFor(region: string, serial: number): string {
  const first17 = `91${region}MA${String(serial).padStart(7, '0')}`;
  return `${first17}${usccCheckChar(first17)}`;
}

/** National institution code `H`/`P` + admdvs + 5-digit serial (as @mi/testing `anInstitutionCode`). */
export function institutionCodeFor(kind: 'hospital' | 'pharmacy', admdvs: string, serial: number): string {
  return `${kind === 'pharmacy' ? 'P' : 'H'}${admdvs}${String(serial).padStart(5, '0')}`;
}

function counties(config: GeneratorConfig): County[] {
  const known = KNOWN_COUNTIES[config.cityAdmdvs];
  if (known) return known.map(([admdvs, name, urban]) => ({ admdvs, name, urban }));
  const prefix = config.cityAdmdvs.slice(0, 4);
  const names = ['一', '二', '三', '四', '五', '六', '七', '八'];
  return names.map((n, i) => ({ admdvs: `${prefix}${String(i + 2).padStart(2, '0')}`, name: `第${n}区`, urban: i < 4 }));
}

interface InstitutionPlan {
  readonly type: InstitutionType;
  readonly level: InstitutionLevelNumber;
}

/** Each county first gets one of each kind (a level-3 hospital in urban districts, level-2 elsewhere), then a weighted mix. */
function institutionPlans(rng: Rng, county: County, count: number): InstitutionPlan[] {
  const plans: InstitutionPlan[] = [
    { type: 'hospital', level: county.urban ? 3 : 2 },
    { type: 'hospital', level: county.urban ? 2 : 1 },
    { type: 'primary-care', level: 1 },
    { type: 'clinic', level: 0 },
    { type: 'pharmacy', level: 0 },
  ];
  while (plans.length < count) {
    plans.push(
      rng.weighted<InstitutionPlan>([
        [{ type: 'hospital', level: 3 }, county.urban ? 3 : 0.5],
        [{ type: 'hospital', level: 2 }, 4],
        [{ type: 'hospital', level: 1 }, 5],
        [{ type: 'primary-care', level: 1 }, 12],
        [{ type: 'primary-care', level: 0 }, 6],
        [{ type: 'clinic', level: 0 }, 23],
        [{ type: 'pharmacy', level: 0 }, 40],
      ]),
    );
  }
  return plans;
}

const VOLUME: Record<InstitutionType, readonly number[]> = {
  hospital: [0, 8, 20, 45],
  'primary-care': [5, 6, 6, 6],
  clinic: [3, 3, 3, 3],
  pharmacy: [9, 9, 9, 9],
};

function departmentsFor(type: InstitutionType): DepartmentKey[] {
  if (type === 'pharmacy') return ['pharmacy'];
  if (type === 'clinic') return ['general', 'internal', 'tcm'];
  if (type === 'primary-care') return ['general', 'internal', 'paediatrics', 'tcm'];
  return ['internal', 'surgery', 'gyn', 'paediatrics', 'oncology', 'tcm'];
}

/** A synthetic city: counties, institutions of each type and level, practitioners and insured persons. Pure and seeded. */
export function generateCity(config: GeneratorConfig): City {
  const root = new Rng(config.seed);
  const rngInst = root.fork('institutions');
  const rngPeople = root.fork('persons');
  const list = counties(config);
  const institutionCount = Math.min(5000, Math.max(list.length * 5, config.institutions ?? Math.round(config.lines / 3000)));
  const perCounty = Math.max(5, Math.round(institutionCount / list.length));

  const institutions: Institution[] = [];
  const practitioners: Practitioner[] = [];
  let usccSerial = 1;
  for (const county of list) {
    let hSerial = 1;
    let pSerial = 1;
    let dSerial = 1;
    const hospitalsInCounty = [0, 0, 0, 0];
    for (const plan of institutionPlans(rngInst, county, perCounty)) {
      const kind = plan.type === 'pharmacy' ? 'pharmacy' : 'hospital';
      const code = institutionCodeFor(kind, county.admdvs, kind === 'pharmacy' ? pSerial++ : hSerial++);
      let name: string;
      if (plan.type === 'hospital') {
        hospitalsInCounty[plan.level] += 1;
        const n = hospitalsInCounty[plan.level];
        const base = plan.level === 3 ? `${config.cityName}${county.name}中心医院` : plan.level === 2 ? `${county.name}人民医院` : `${county.name}康复医院`;
        name = n === 1 ? base : `${base}第${n}分院`;
      } else if (plan.type === 'primary-care') {
        name = `${county.name}${rngInst.pick(TOWNS)}${county.urban ? '社区卫生服务中心' : '镇卫生院'}`;
      } else if (plan.type === 'clinic') {
        name = `${county.name}${rngInst.pick(SURNAMES)}氏${rngInst.chance(0.5) ? '诊所' : '门诊部'}`;
      } else {
        name = `${rngInst.pick(PHARMACY_BRANDS)}（${county.name}${pSerial - 1}店）`;
      }
      const grade = plan.level === 0 ? null : rngInst.chance(0.7) ? '甲' : '乙';
      const institution: Institution = {
        fixmedins_code: code,
        fixmedins_name: name,
        uscc: usccFor(county.admdvs, usccSerial++),
        type: plan.type,
        level: plan.level,
        hosp_lv: InstitutionLevel.of(plan.level, grade),
        admdvs: county.admdvs,
        poolarea: config.cityAdmdvs,
        beds: plan.type === 'hospital' ? [0, 60, 300, 1200][plan.level] : plan.type === 'primary-care' && plan.level === 1 ? 40 : 0,
        weight: VOLUME[plan.type][plan.level] * (0.6 + rngInst.next() * 0.8),
      };
      institutions.push(institution);
      const staff = plan.type === 'hospital' ? [0, 5, 8, 12][plan.level] : plan.type === 'primary-care' ? 4 : 2;
      const depts = departmentsFor(plan.type);
      for (let i = 0; i < staff; i += 1) {
        const pharmacist = plan.type === 'pharmacy';
        practitioners.push({
          prac_code: `${pharmacist ? 'Y' : 'D'}${county.admdvs}${String(dSerial++).padStart(5, '0')}`,
          prac_name: personName(rngInst),
          prac_type: pharmacist ? 'pharmacist' : 'doctor',
          fixmedins_code: code,
          dept_codg: DEPARTMENTS[depts[i % depts.length]][0],
          credit_points: 12,
        });
      }
    }
  }

  const personCount = config.persons ?? Math.min(300_000, Math.max(300, Math.round(config.lines / 25)));
  const persons: Person[] = [];
  const used = new Map<string, number>();
  const yearStart = LocalDate.of(config.year, 1, 1).toEpochDay();
  const yearEnd = LocalDate.of(config.year, 12, 31).toEpochDay();
  const countyWeights = list.map((c) => [c, c.urban ? 3 : 2] as const);
  for (let i = 0; i < personCount; i += 1) {
    const gend = rngPeople.chance(0.5) ? '1' : '2';
    const band = rngPeople.weighted<[number, number]>([
      [[-1, -1], 0.01], // born during the year (newborns)
      [[0, 17], 0.15],
      [[18, 40], 0.3],
      [[41, 60], 0.29],
      [[61, 90], 0.25],
    ]);
    const brdy = band[0] < 0 ? rngPeople.int(yearStart, yearEnd - 20) : yearStart - rngPeople.int(band[0] * 365 + 1, band[1] * 365 + 364) + rngPeople.int(0, 1);
    const age = config.year - LocalDate.fromEpochDay(brdy).year;
    const insutype: '310' | '390' = age >= 18 && age <= 75 && rngPeople.chance(age > 60 ? 0.5 : 0.62) ? '310' : '390';
    const county = rngPeople.weighted(countyWeights);
    const birth = formatDay(brdy);
    let certno = '';
    for (let k = 0; k < list.length; k += 1) {
      const region = list[(list.indexOf(county) + k) % list.length].admdvs;
      const key = `${region}${birth}${gend}`;
      const seq = used.get(key) ?? 0;
      if (seq >= 100) continue;
      used.set(key, seq + 1);
      certno = idCardNumber(region, birth, gend, seq);
      break;
    }
    if (certno === '') throw new Error('datagen: ran out of ID sequences for a birth date');
    persons.push({
      index: i,
      psn_no: `${config.cityAdmdvs}${String(i + 1).padStart(10, '0')}`,
      psn_name: personName(rngPeople),
      certno,
      gend,
      brdy,
      insutype,
      admdvs: county.admdvs,
    });
  }
  return { admdvs: config.cityAdmdvs, name: config.cityName, year: config.year, counties: list, institutions, practitioners, persons };
}
