import { LocalDate } from '@mi/domain';
import { InMemoryPatientHistory, type HistoryEncounter } from '../history/patient-history';
import { aCatalogueLine, aClaim } from '../testing/claim.builder';
import { findingsOf, linesOf } from '../testing/findings.testing';
import { SAMPLE_CODES as C, SAMPLE_KNOWLEDGE_DATA, sampleKnowledgeBase } from '../testing/sample-knowledge.fixture';
import { InMemoryKnowledgeBase } from '../knowledge/knowledge';
import { compileRuleSet } from '../compiler/compile';
import { compileDefaultRules, FREQUENT_ADMISSIONS } from './index';

const sut = compileDefaultRules(sampleKnowledgeBase());
const d = (text: string): LocalDate => LocalDate.parse(text);

function encounter(over: Partial<HistoryEncounter> & Pick<HistoryEncounter, 'claimId' | 'admissionDate'>): HistoryEncounter {
  return { psnNo: 'PSN-0001', institutionCode: 'H43010200001', treatmentMode: '1', medType: '11', ...over };
}

function stay(claimId: string, admission: string, discharge: string | null, institutionCode = 'H43010200001'): HistoryEncounter {
  return encounter({
    claimId,
    treatmentMode: '2',
    medType: '21',
    institutionCode,
    admissionDate: d(admission),
    dischargeDate: discharge === null ? null : d(discharge),
  });
}

describe('GZ10000201008000 计费日期与住院时间不符', () => {
  const claim = (serviceDate: string, dischargeDate: string | null = '2026-03-08') =>
    aClaim({
      treatmentMode: '2',
      medType: '21',
      admissionDate: '2026-03-01',
      dischargeDate,
      lines: [aCatalogueLine(C.ceftriaxone, { lineId: 'X1', unitPrice: '30.00', serviceDate })],
    });

  it.each(['2026-02-28', '2026-03-09'])('fires for a charge on %s', (date) => {
    const [finding] = findingsOf(sut, 'GZ10000201008000', claim(date));
    expect(linesOf(finding)).toEqual([['X1', '1', '30.00']]);
    expect(finding.volaCont).toBe(`注射用头孢曲松钠计费日期${date}不在住院期间（2026-03-01至2026-03-08），涉及金额30.00元`);
  });

  it.each(['2026-03-01', '2026-03-08'])('accepts a charge on the admission or discharge day (%s)', (date) => {
    expect(findingsOf(sut, 'GZ10000201008000', claim(date))).toEqual([]);
  });

  it('checks an open stay against its admission only', () => {
    expect(findingsOf(sut, 'GZ10000201008000', claim('2026-03-20', null))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000201008000', claim('2026-02-20', null))).toHaveLength(1);
  });

  it('ignores outpatient claims', () => {
    expect(findingsOf(sut, 'GZ10000201008000', aClaim({ lines: [aCatalogueLine(C.ceftriaxone, { lineId: 'X1', serviceDate: '2026-03-11' })] }))).toEqual([]);
  });
});

describe('GZ10000201003000 疾病诊断编码异常', () => {
  it('fires for a well-formed code the ICD-10 医保版 table does not have, as a warning', () => {
    const [finding, ...rest] = findingsOf(sut, 'GZ10000201003000', aClaim({ mainDiagnosis: 'K29.700', diagnoses: ['K29.799'] }));
    expect(rest).toHaveLength(0);
    expect(finding.severity).toBe('3');
    expect(finding.lines).toEqual([]);
    expect(finding.amount.isZero()).toBe(true);
    expect(finding.volaCont).toBe(
      '诊断编码K29.799不是有效的医保疾病诊断编码：格式不符—，编码库中不存在K29.799，请按《医疗保障疾病诊断分类与代码》（ICD-10医保版）核实后上传',
    );
    expect(finding.volaEvid).toContain('疾病诊断编码异常”（GZ10000201003000）');
  });

  it('fires for an incomplete code (category only, or one digit after the dot)', () => {
    const [finding] = findingsOf(sut, 'GZ10000201003000', aClaim({ mainDiagnosis: 'I63', diagnoses: ['I63.9', 'I10.X00'] }));
    expect(finding.facts['capture.abnormal']).toEqual(['I63', 'I63.9']);
    expect(finding.volaCont).toContain('格式不符I63、I63.9，编码库中不存在—');
  });

  it('does not fire for listed codes, whatever their case', () => {
    expect(findingsOf(sut, 'GZ10000201003000', aClaim())).toEqual([]);
    expect(findingsOf(sut, 'GZ10000201003000', aClaim({ mainDiagnosis: 'i10.x00', diagnoses: ['e11.900'] }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000201003000', aClaim({ mainDiagnosis: undefined }))).toEqual([]);
  });

  it('checks only the shape when the knowledge snapshot has no code table', () => {
    const withoutTable = compileDefaultRules(InMemoryKnowledgeBase.from({ ...SAMPLE_KNOWLEDGE_DATA, version: 'no-codes', diagnosisCodes: [] }));
    expect(findingsOf(withoutTable, 'GZ10000201003000', aClaim({ diagnoses: ['K29.799'] }))).toEqual([]);
    expect(findingsOf(withoutTable, 'GZ10000201003000', aClaim({ diagnoses: ['K29.799', 'K29'] }))).toHaveLength(1);
  });
});

describe('GZ10000201005000 手术操作编码与性别不符', () => {
  const surgery = (gender: string, operations: NonNullable<Parameters<typeof aClaim>[0]>['operations']) =>
    aClaim({ treatmentMode: '2', medType: '21', admissionDate: '2026-03-01', dischargeDate: '2026-03-06', patient: { gender }, operations });

  it('fires for a man with a uterine operation, naming the operation kind, without an amount', () => {
    const [finding] = findingsOf(sut, 'GZ10000201005000', surgery('1', [{ code: '51.2300', isMain: true }, '68.4100']));
    expect(finding.severity).toBe('2');
    expect(finding.lines).toEqual([]);
    expect(finding.facts['capture.mismatched']).toEqual(['68.4100']);
    expect(finding.volaCont).toBe('手术操作编码68.4100（子宫切开术和切除术）与患者性别（男）不符，请核实手术操作编码或就医人身份');
    expect(finding.volaEvid).toContain('手术操作编码与性别不符”（GZ10000201005000）');
  });

  it('fires for a woman with a prostate operation', () => {
    const [finding] = findingsOf(sut, 'GZ10000201005000', surgery('2', ['60.2900']));
    expect(finding.volaCont).toBe('手术操作编码60.2900（前列腺和精囊手术）与患者性别（女）不符，请核实手术操作编码或就医人身份');
  });

  it('does not fire for the right sex, an unrecorded sex, an unconstrained operation or no operation', () => {
    expect(findingsOf(sut, 'GZ10000201005000', surgery('2', ['68.4100', '74.1x00']))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000201005000', surgery('9', ['68.4100']))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000201005000', surgery('1', ['47.0900', '53.0000']))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000201005000', surgery('1', []))).toEqual([]);
  });
});

describe('GZ10000204006000 诊断与患者性别不符', () => {
  it('fires for a man with a pregnancy diagnosis, without an amount', () => {
    const [finding] = findingsOf(sut, 'GZ10000204006000', aClaim({ mainDiagnosis: 'K29.700', diagnoses: ['O80.001'] }));
    expect(finding.lines).toEqual([]);
    expect(finding.amount.isZero()).toBe(true);
    expect(finding.facts['capture.mismatched']).toEqual(['O80.001']);
    expect(finding.volaCont).toBe('诊断O80.001与患者性别（男）不符，请核实诊断编码或就医人身份');
  });

  it('fires for a woman with a prostate diagnosis', () => {
    expect(findingsOf(sut, 'GZ10000204006000', aClaim({ patient: { gender: '2' }, mainDiagnosis: 'N40.X00' }))).toHaveLength(1);
  });

  it('does not fire when sex and diagnosis agree, or the sex is not recorded', () => {
    expect(findingsOf(sut, 'GZ10000204006000', aClaim({ patient: { gender: '2' }, mainDiagnosis: 'O80.001' }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000204006000', aClaim({ patient: { gender: '9' }, mainDiagnosis: 'O80.001' }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000204006000', aClaim({ mainDiagnosis: 'I10.X00' }))).toEqual([]);
  });
});

describe('GZ10000204007000 诊断与患者年龄不符', () => {
  it('fires below the minimum age', () => {
    const [finding] = findingsOf(sut, 'GZ10000204007000', aClaim({ mainDiagnosis: 'R54.X00' }));
    expect(finding.volaCont).toBe('诊断R54.X00与患者年龄（45岁）不符，请核实诊断编码或就医人身份');
  });

  it('fires above the maximum age', () => {
    expect(findingsOf(sut, 'GZ10000204007000', aClaim({ mainDiagnosis: 'P07.300' }))).toHaveLength(1);
  });

  it('does not fire inside the range or without a constraint', () => {
    expect(findingsOf(sut, 'GZ10000204007000', aClaim({ patient: { birthDate: '1950-01-01' }, mainDiagnosis: 'R54.X00' }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000204007000', aClaim({ patient: { birthDate: '2025-06-01' }, mainDiagnosis: 'P07.300' }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000204007000', aClaim({ mainDiagnosis: 'I10.X00' }))).toEqual([]);
  });

  it('only the bound that exists is checked (M81.0: min 40, no max)', () => {
    expect(findingsOf(sut, 'GZ10000204007000', aClaim({ patient: { gender: '2', birthDate: '1930-01-01' }, mainDiagnosis: 'M81.000' }))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000204007000', aClaim({ patient: { gender: '2', birthDate: '1990-01-01' }, mainDiagnosis: 'M81.000' }))).toHaveLength(1);
  });
});

describe('GZ10000204002000 频繁门诊', () => {
  const visits = (count: number, firstDay: string, over: Partial<HistoryEncounter> = {}): HistoryEncounter[] =>
    Array.from({ length: count }, (_, i) => encounter({ claimId: `V${i}`, admissionDate: d(firstDay).plusDays(i), ...over }));

  it('fires on the 11th outpatient visit within 30 days', () => {
    const history = InMemoryPatientHistory.fromEncounters(visits(10, '2026-02-09'));
    const [finding] = findingsOf(sut, 'GZ10000204002000', aClaim(), history);
    expect(finding.severity).toBe('3');
    expect(finding.lines).toEqual([]);
    expect(finding.volaCont).toBe('参保人30日内门诊就诊11次（含本次），超过10次');
  });

  it('does not fire on the 10th', () => {
    expect(findingsOf(sut, 'GZ10000204002000', aClaim(), InMemoryPatientHistory.fromEncounters(visits(9, '2026-02-09')))).toEqual([]);
  });

  it('counts only outpatient visits inside the window, and not this claim twice', () => {
    const history = InMemoryPatientHistory.fromEncounters([
      ...visits(5, '2026-02-01'), // 2026-02-01..05: outside the 30 days ending 2026-03-10
      ...visits(5, '2026-02-20', { treatmentMode: '3', medType: '41' }),
      ...visits(5, '2026-03-01').map((e, i) => ({ ...e, claimId: `W${i}` })),
      encounter({ claimId: 'MDTRT-0001', admissionDate: d('2026-03-10') }),
    ]);
    expect(findingsOf(sut, 'GZ10000204002000', aClaim(), history)).toEqual([]);
  });

  it('runs at settlement and after, not before', () => {
    const history = InMemoryPatientHistory.fromEncounters(visits(10, '2026-02-09'));
    expect(findingsOf(sut, 'GZ10000204002000', aClaim({ stage: 'post' }), history)).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000204002000', aClaim({ stage: 'pre' }), history)).toEqual([]);
  });
});

describe('GZ10000204001000 分解住院', () => {
  const admission = (admissionDate: string) => aClaim({ claimId: 'STAY-2', treatmentMode: '2', medType: '21', admissionDate, mainDiagnosis: 'J18.900' });

  it('fires for readmission 10 days after discharge at the same institution', () => {
    const history = InMemoryPatientHistory.fromEncounters([stay('STAY-1', '2026-02-25', '2026-03-10')]);
    const [finding] = findingsOf(sut, 'GZ10000204001000', admission('2026-03-20'), history);
    expect(finding.facts['let.gap']).toBe(10);
    expect(finding.volaCont).toBe('参保人于本机构出院10天后再次入院（入院日期2026-03-20），间隔不超过15天，疑似分解住院');
    expect(finding.behaviourType).toBe('01');
  });

  it('includes a gap of exactly 15 days and excludes 16', () => {
    const history = InMemoryPatientHistory.fromEncounters([stay('STAY-1', '2026-02-25', '2026-03-05')]);
    expect(findingsOf(sut, 'GZ10000204001000', admission('2026-03-20'), history)).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000204001000', admission('2026-03-21'), history)).toEqual([]);
  });

  it('ignores stays at other institutions and the claim itself', () => {
    const history = InMemoryPatientHistory.fromEncounters([stay('STAY-1', '2026-03-01', '2026-03-10', 'H43010200999'), stay('STAY-2', '2026-03-20', null)]);
    expect(findingsOf(sut, 'GZ10000204001000', admission('2026-03-20'), history)).toEqual([]);
  });

  it('does not fire without history', () => {
    expect(findingsOf(sut, 'GZ10000204001000', admission('2026-03-20'))).toEqual([]);
  });
});

describe('GZ10000204004000 频繁住院', () => {
  const admission = (over: Parameters<typeof aClaim>[0] = {}) =>
    aClaim({
      claimId: 'STAY-9',
      treatmentMode: '2',
      medType: '21',
      admissionDate: '2026-06-30',
      dischargeDate: '2026-07-06',
      mainDiagnosis: 'J18.900',
      ...over,
    });
  // three earlier stays at three institutions, a month apart (none is 分解住院)
  const earlier = [
    stay('STAY-1', '2026-03-02', '2026-03-09', 'H43010200001'),
    stay('STAY-2', '2026-04-10', '2026-04-18', 'H43010200002'),
    stay('STAY-3', '2026-05-20', '2026-05-27', 'H43010200003'),
  ];

  it('fires on the 4th admission within 180 days, at any institution, without an amount', () => {
    const [finding] = findingsOf(sut, 'GZ10000204004000', admission(), InMemoryPatientHistory.fromEncounters(earlier));
    expect(finding.severity).toBe('3');
    expect(finding.lines).toEqual([]);
    expect(finding.amount.isZero()).toBe(true);
    expect(finding.facts['let.visits']).toBe(4);
    expect(finding.volaCont).toBe('参保人180日内住院4次（含本次，入院日期2026-06-30），超过3次，疑似频繁住院');
  });

  it('does not fire on the 3rd admission', () => {
    expect(findingsOf(sut, 'GZ10000204004000', admission(), InMemoryPatientHistory.fromEncounters(earlier.slice(1)))).toEqual([]);
  });

  it('counts an admission 179 days back and not one 180 days back (the window is 180 days ending on the admission)', () => {
    const within = [stay('STAY-0', '2026-01-02', '2026-01-08'), ...earlier.slice(1)]; // 2026-06-30 − 179 days
    const outside = [stay('STAY-0', '2026-01-01', '2026-01-08'), ...earlier.slice(1)];
    expect(findingsOf(sut, 'GZ10000204004000', admission(), InMemoryPatientHistory.fromEncounters(within))).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000204004000', admission(), InMemoryPatientHistory.fromEncounters(outside))).toEqual([]);
  });

  it('counts neither outpatient visits nor pharmacy purchases, nor this stay twice', () => {
    const history = InMemoryPatientHistory.fromEncounters([
      ...earlier.slice(1),
      encounter({ claimId: 'OUT-1', admissionDate: d('2026-06-01') }),
      encounter({ claimId: 'BUY-1', treatmentMode: '3', medType: '41', institutionCode: 'P43010200001', admissionDate: d('2026-06-02') }),
      stay('STAY-9', '2026-06-30', '2026-07-06'),
    ]);
    expect(findingsOf(sut, 'GZ10000204004000', admission(), history)).toEqual([]);
  });

  it('leaves outpatient claims alone and runs at settlement and after, not before', () => {
    const history = InMemoryPatientHistory.fromEncounters(earlier);
    expect(findingsOf(sut, 'GZ10000204004000', aClaim({ admissionDate: '2026-06-30' }), history)).toEqual([]);
    expect(findingsOf(sut, 'GZ10000204004000', admission({ stage: 'post' }), history)).toHaveLength(1);
    expect(findingsOf(sut, 'GZ10000204004000', admission({ stage: 'pre' }), history)).toEqual([]);
  });

  it('honours the thresholds a city sets', () => {
    const city = compileRuleSet([{ ...FREQUENT_ADMISSIONS, params: { windowDays: 90, maxVisits: 2 } }], { knowledge: sampleKnowledgeBase() });
    expect(findingsOf(city, 'GZ10000204004000', admission(), InMemoryPatientHistory.fromEncounters(earlier.slice(1)))).toHaveLength(1);
    expect(findingsOf(city, 'GZ10000204004000', admission(), InMemoryPatientHistory.fromEncounters(earlier.slice(2)))).toEqual([]);
  });
});

describe('MI-OUTPATIENT-DURING-STAY 住院期间门诊结算', () => {
  const outpatient = aClaim({
    lines: [aCatalogueLine(C.omeprazole, { lineId: 'O1', unitPrice: '25.80' }), aCatalogueLine(C.outpatientConsultation, { lineId: 'O2', unitPrice: '10.00' })],
  });

  it('fires for a visit strictly inside a stay; the whole claim is the amount', () => {
    const history = InMemoryPatientHistory.fromEncounters([stay('STAY-1', '2026-03-05', '2026-03-15', 'H43010200999')]);
    const [finding] = findingsOf(sut, 'MI-OUTPATIENT-DURING-STAY', outpatient, history);
    expect(linesOf(finding)).toEqual([
      ['O1', '1', '25.80'],
      ['O2', '1', '10.00'],
    ]);
    expect(finding.volaCont).toBe('参保人2026-03-10门诊/购药结算时处于住院期间，门诊费用35.80元不应由门诊统筹支付');
  });

  it('fires during an open stay', () => {
    const history = InMemoryPatientHistory.fromEncounters([stay('STAY-1', '2026-03-08', null)]);
    expect(findingsOf(sut, 'MI-OUTPATIENT-DURING-STAY', outpatient, history)).toHaveLength(1);
  });

  it.each([
    ['admission day', '2026-03-10', '2026-03-15'],
    ['discharge day', '2026-03-01', '2026-03-10'],
    ['after discharge', '2026-03-01', '2026-03-05'],
  ])('does not fire on the %s', (_label, admission, discharge) => {
    const history = InMemoryPatientHistory.fromEncounters([stay('STAY-1', admission, discharge)]);
    expect(findingsOf(sut, 'MI-OUTPATIENT-DURING-STAY', outpatient, history)).toEqual([]);
  });

  it('leaves inpatient claims alone', () => {
    const history = InMemoryPatientHistory.fromEncounters([stay('STAY-1', '2026-03-05', '2026-03-15')]);
    const inpatient = aClaim({ claimId: 'STAY-2', treatmentMode: '2', medType: '21', admissionDate: '2026-03-10' });
    expect(findingsOf(sut, 'MI-OUTPATIENT-DURING-STAY', inpatient, history)).toEqual([]);
  });
});

describe('GZ10000204003000 频繁购药', () => {
  const purchase = aClaim({ treatmentMode: '3', medType: '41', institution: { code: 'P43010200001', level: 0, type: 'pharmacy' } });
  const purchases = (count: number, firstDay: string, over: Partial<HistoryEncounter> = {}): HistoryEncounter[] =>
    Array.from({ length: count }, (_, i) =>
      encounter({ claimId: `B${i}`, treatmentMode: '3', medType: '41', institutionCode: 'P43010200001', admissionDate: d(firstDay).plusDays(i), ...over }),
    );

  it('fires on the 9th pharmacy purchase within 30 days', () => {
    const [finding] = findingsOf(sut, 'GZ10000204003000', purchase, InMemoryPatientHistory.fromEncounters(purchases(8, '2026-02-09')));
    expect(finding.severity).toBe('3');
    expect(finding.volaCont).toBe('参保人30日内定点药店购药结算9次（含本次），超过8次，疑似囤药、倒卖药品');
  });

  it('does not fire on the 8th, nor count outpatient visits or purchases before the window', () => {
    expect(findingsOf(sut, 'GZ10000204003000', purchase, InMemoryPatientHistory.fromEncounters(purchases(7, '2026-02-09')))).toEqual([]);
    const history = InMemoryPatientHistory.fromEncounters([
      ...purchases(4, '2026-02-01'),
      ...purchases(4, '2026-02-20', { treatmentMode: '1', medType: '11' }).map((e, i) => ({ ...e, claimId: `O${i}` })),
      ...purchases(4, '2026-03-01').map((e, i) => ({ ...e, claimId: `N${i}` })),
    ]);
    expect(findingsOf(sut, 'GZ10000204003000', purchase, history)).toEqual([]);
    expect(findingsOf(sut, 'GZ10000204002000', purchase, InMemoryPatientHistory.fromEncounters(purchases(12, '2026-02-20')))).toEqual([]);
  });
});

describe('GZ10000202004000 药品种类超标', () => {
  const drugs = [C.omeprazole, C.atorvastatin, C.paracetamol, C.liraglutide, C.tamsulosin, C.ceftriaxone];
  const visit = (codes: readonly string[], over: Parameters<typeof aClaim>[0] = {}) =>
    aClaim({ mainDiagnosis: 'E11.900', ...over, lines: codes.map((code, i) => aCatalogueLine(code, { lineId: `D${i + 1}` })) });

  it('fires for six distinct drugs on one outpatient visit', () => {
    const [finding] = findingsOf(sut, 'GZ10000202004000', visit(drugs));
    expect(finding.lines).toEqual([]);
    expect(finding.volaCont).toBe(
      '本次门诊开具西药、中成药6种（奥美拉唑肠溶胶囊、阿托伐他汀钙片、对乙酰氨基酚片、利拉鲁肽注射液、盐酸坦索罗辛缓释胶囊、注射用头孢曲松钠），超过每张处方5种',
    );
  });

  it('does not fire for five, for repeated lines of one drug, for TCM pieces or services, nor for a stay', () => {
    expect(findingsOf(sut, 'GZ10000202004000', visit(drugs.slice(0, 5)))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000202004000', visit([...drugs.slice(0, 5), C.omeprazole]))).toEqual([]);
    expect(findingsOf(sut, 'GZ10000202004000', visit([...drugs.slice(0, 5), C.wolfberry, C.outpatientConsultation]))).toEqual([]);
    const stay = visit(drugs, { treatmentMode: '2', medType: '21', admissionDate: '2026-03-01', dischargeDate: '2026-03-10' });
    expect(findingsOf(sut, 'GZ10000202004000', stay)).toEqual([]);
  });
});
