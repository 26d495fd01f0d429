import {
  checkParams,
  DEFAULT_PARAMS,
  endOfDay,
  largeExpenditure,
  mergeParams,
  outpatientDuringStay,
  personManySettlements,
  readmission,
  type SettlementFact,
  settlementBurst,
  startOfDay,
  youngAdultSpike,
  youngAdultSpikeAround,
} from './detectors';

let seq = 0;
function fact(over: Partial<SettlementFact> = {}): SettlementFact {
  seq += 1;
  const setlDate = over.setlDate ?? '2026-03-10';
  return {
    settlementId: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    setlId: `S${seq}`,
    psnNo: 'P1',
    institutionCode: 'H43010200001',
    poolarea: '430100',
    setlDate,
    setlTime: Date.parse(`${setlDate}T02:00:00Z`),
    gend: '1',
    ageYears: 60,
    treatmentMode: '1',
    begndate: setlDate,
    enddate: setlDate,
    medfeeFen: 10_000n,
    ...over,
  };
}

describe('day boundaries (Asia/Shanghai)', () => {
  it('maps a date to its Beijing day as instants', () => {
    expect(startOfDay('2026-03-10')).toBe('2026-03-09T16:00:00.000Z');
    expect(endOfDay('2026-03-10')).toBe('2026-03-10T15:59:59.999Z');
  });
});

describe('PERSON_MANY_SETTLEMENTS 单人多次结算', () => {
  const p = { windowDays: 3, minSettlements: 4, treatmentModes: ['1', '3'] };

  it('fires at the threshold inside the window, not one below', () => {
    const three = [fact({ setlDate: '2026-03-08' }), fact({ setlDate: '2026-03-09' }), fact({ setlDate: '2026-03-10' })];
    expect(personManySettlements(three[2], three, p)).toBeNull();
    const four = [...three, fact({ setlDate: '2026-03-10', institutionCode: 'P43010200002', treatmentMode: '3' })];
    const alert = personManySettlements(four[3], four, p);
    expect(alert).toMatchObject({
      type: 'PERSON_MANY_SETTLEMENTS',
      psnNo: 'P1',
      institutionCode: null,
      subjectKey: 'P:P1',
      from: startOfDay('2026-03-08'),
      to: endOfDay('2026-03-10'),
      measured: { value: 4, institutions: 2 },
      threshold: { value: 4, windowDays: 3 },
    });
    expect(alert?.settlementIds).toEqual(four.map((f) => f.settlementId));
    expect(alert?.explanation).toBe('参保人P1在2026-03-08至2026-03-10的3天内门诊/购药结算4次（涉及2家机构），达到单人多次结算预警阈值4次');
  });

  it('does not count a settlement one day outside the window', () => {
    const facts = [fact({ setlDate: '2026-03-07' }), fact({ setlDate: '2026-03-09' }), fact({ setlDate: '2026-03-10' }), fact({ setlDate: '2026-03-10' })];
    expect(personManySettlements(facts[3], facts, p)).toBeNull();
  });

  it('ignores treatment modes outside its scope (inpatient stays)', () => {
    const facts = [1, 2, 3, 4].map(() => fact({ treatmentMode: '2' }));
    expect(personManySettlements(facts[0], facts, p)).toBeNull();
    const mixed = [fact(), fact(), fact(), fact({ treatmentMode: '2' })];
    expect(personManySettlements(mixed[0], mixed, p)).toBeNull();
  });

  it('with the default (5 in one day) names the day', () => {
    const five = [1, 2, 3, 4, 5].map(() => fact({ setlDate: '2026-04-01', treatmentMode: '3', institutionCode: 'P43010200002' }));
    const alert = personManySettlements(five[0], five, DEFAULT_PARAMS.PERSON_MANY_SETTLEMENTS);
    expect(alert?.institutionCode).toBe('P43010200002');
    expect(alert?.explanation).toBe('参保人P1在2026-04-01当日门诊/购药结算5次（涉及1家机构），达到单人多次结算预警阈值5次');
    expect(personManySettlements(five[0], five.slice(0, 4), DEFAULT_PARAMS.PERSON_MANY_SETTLEMENTS)).toBeNull();
  });
});

describe('LARGE_EXPENDITURE 单次大额支出', () => {
  const p = { minAmountFen: 5_000_000 };

  it('fires at exactly the threshold, not one fen below', () => {
    expect(largeExpenditure(fact({ medfeeFen: 4_999_999n }), p)).toBeNull();
    const f = fact({ medfeeFen: 5_000_000n, setlDate: '2026-05-02' });
    expect(largeExpenditure(f, p)).toMatchObject({
      type: 'LARGE_EXPENDITURE',
      subjectKey: `S:${f.settlementId}`,
      settlementIds: [f.settlementId],
      measured: { value: '50000.00', fen: '5000000' },
      threshold: { value: '50000.00', fen: '5000000' },
      explanation: '参保人P1于2026-05-02在H43010200001单次结算医疗费用50000.00元，达到单次大额支出预警阈值50000.00元',
    });
  });

  it('works without the visit (older events): the window is the settlement day', () => {
    const f = fact({ medfeeFen: 6_000_001n, setlTime: null, treatmentMode: null, begndate: null, enddate: null });
    expect(largeExpenditure(f, p)).toMatchObject({ from: startOfDay('2026-03-10'), to: endOfDay('2026-03-10'), measured: { value: '60000.01' } });
  });
});

describe('SETTLEMENT_BURST 多人集中时间段结算', () => {
  const p = { windowMinutes: 20, minPersons: 3, treatmentModes: ['1', '3'] };
  const at = (minute: number, psnNo: string, over: Partial<SettlementFact> = {}) =>
    fact({ psnNo, setlTime: Date.parse('2026-03-10T12:00:00Z') + minute * 60_000, ...over });

  it('fires when distinct persons reach the threshold within the window (inclusive end)', () => {
    const facts = [at(0, 'A'), at(10, 'B'), at(20, 'C')];
    const alert = settlementBurst(facts[2], facts, p);
    expect(alert).toMatchObject({
      type: 'SETTLEMENT_BURST',
      institutionCode: 'H43010200001',
      psnNo: null,
      subjectKey: 'I:H43010200001',
      from: '2026-03-10T12:00:00.000Z',
      to: '2026-03-10T12:20:00.000Z',
      measured: { value: 3, settlements: 3, minutes: 20 },
    });
    expect(alert?.explanation).toBe(
      'H43010200001在2026-03-10 20:00至2026-03-10 20:20（20分钟）内有3名不同参保人门诊/购药结算，达到多人集中时间段结算预警阈值（20分钟内3人）',
    );
  });

  it('does not fire one millisecond wider, for repeat persons, other institutions or inpatients', () => {
    const wide = [at(0, 'A'), at(10, 'B'), fact({ psnNo: 'C', setlTime: Date.parse('2026-03-10T12:20:00.001Z') })];
    expect(settlementBurst(wide[2], wide, p)).toBeNull();
    const repeat = [at(0, 'A'), at(5, 'A'), at(10, 'B')];
    expect(settlementBurst(repeat[2], repeat, p)).toBeNull();
    const elsewhere = [at(0, 'A'), at(5, 'B'), at(10, 'C', { institutionCode: 'H43010200009' })];
    expect(settlementBurst(elsewhere[1], elsewhere, p)).toBeNull();
    const inpatient = [at(0, 'A'), at(5, 'B'), at(10, 'C', { treatmentMode: '2' })];
    expect(settlementBurst(inpatient[1], inpatient, p)).toBeNull();
  });

  it('finds the burst whichever member arrives last (the window only has to contain the trigger)', () => {
    const facts = [at(30, 'C'), at(10, 'A'), at(25, 'B')];
    expect(settlementBurst(facts[1], facts, p)?.measured.value).toBe(3);
  });
});

describe('OUTPATIENT_DURING_STAY 住院期间门诊结算', () => {
  const p = DEFAULT_PARAMS.OUTPATIENT_DURING_STAY;
  const stay = () => fact({ treatmentMode: '2', begndate: '2026-03-05', enddate: '2026-03-15', setlDate: '2026-03-15', medfeeFen: 800_000n });
  const visit = (day: string, mode = '3') => fact({ treatmentMode: mode, begndate: day, enddate: day, setlDate: day, institutionCode: 'P43010200002' });

  it('fires for a visit strictly inside the stay, from either side', () => {
    const s = stay();
    const v = visit('2026-03-06');
    const fromVisit = outpatientDuringStay(v, [s, v], p);
    expect(fromVisit).toHaveLength(1);
    expect(fromVisit[0]).toMatchObject({
      type: 'OUTPATIENT_DURING_STAY',
      institutionCode: 'H43010200001',
      psnNo: 'P1',
      subjectKey: `P:P1|STAY:${s.settlementId}`,
      from: startOfDay('2026-03-05'),
      to: endOfDay('2026-03-15'),
      settlementIds: [s.settlementId, v.settlementId],
      measured: { value: 1, stayDays: 10 },
      explanation:
        '参保人P1于2026-03-05至2026-03-15在H43010200001住院期间，另有1笔门诊/购药结算（2026-03-06，P43010200002），住院期间门诊费用不应由门诊统筹支付',
    });
    expect(outpatientDuringStay(s, [s, v], p)).toEqual(fromVisit);
  });

  it.each([
    ['the admission day', '2026-03-05'],
    ['the discharge day', '2026-03-15'],
    ['the day before admission', '2026-03-04'],
  ])('does not fire on %s', (_label, day) => {
    const s = stay();
    const v = visit(day, '1');
    expect(outpatientDuringStay(v, [s, v], p)).toEqual([]);
  });

  it('leaves another person and inpatient-only history alone', () => {
    const s = stay();
    const other = fact({ psnNo: 'P2', treatmentMode: '1', begndate: '2026-03-08', setlDate: '2026-03-08' });
    expect(outpatientDuringStay(other, [s, other], p)).toEqual([]);
    expect(outpatientDuringStay(s, [s], p)).toEqual([]);
  });

  it('an open stay reaches maxStayDays', () => {
    const open = fact({ treatmentMode: '2', begndate: '2026-03-05', enddate: null });
    const v = visit('2026-03-20');
    expect(outpatientDuringStay(v, [open, v], { ...p, maxStayDays: 16 })).toHaveLength(1);
    expect(outpatientDuringStay(v, [open, v], { ...p, maxStayDays: 15 })).toEqual([]);
  });
});

describe('YOUNG_ADULT_INPATIENT_SPIKE 青壮年病人结算偏多', () => {
  const p = { windowDays: 14, minAge: 18, maxAge: 44, treatmentModes: ['2'], minSettlements: 10, minYoung: 4, minRatio: 2 };
  const stay = (age: number, setlDate = '2026-03-10') => fact({ treatmentMode: '2', ageYears: age, setlDate, psnNo: `P${age}-${seq}` });
  // 10 stays at the institution, 4 by 18–44-year-olds: share 40 %.
  const inst = () => [18, 44, 30, 25, 45, 17, 60, 70, 80, 65].map((a) => stay(a));

  it('fires when the share is exactly minRatio times the rest of the city, not just below', () => {
    const facts = inst();
    const alert = youngAdultSpike(facts[0], facts, { total: 100, young: 20 }, p); // city 20 % → 2.00×
    expect(alert).toMatchObject({
      type: 'YOUNG_ADULT_INPATIENT_SPIKE',
      institutionCode: 'H43010200001',
      subjectKey: 'I:H43010200001',
      from: startOfDay('2026-02-25'),
      to: endOfDay('2026-03-10'),
      measured: { value: '2.00', settlements: 10, young: 4, share: '40.0%', cityShare: '20.0%' },
      threshold: { value: 2, ageBand: '18-44' },
    });
    expect(alert?.settlementIds).toHaveLength(4);
    expect(alert?.explanation).toBe(
      'H43010200001在2026-02-25至2026-03-10（按入院/就诊日期）的住院结算10笔中，18–44岁青壮年4笔，占40.0%，为全市其他机构同期占比20.0%的2.00倍，达到青壮年病人结算偏多预警阈值2倍',
    );
    expect(youngAdultSpike(facts[0], facts, { total: 1000, young: 201 }, p)).toBeNull(); // 1.99×
  });

  it('needs minSettlements and minYoung at the institution', () => {
    const facts = inst();
    expect(youngAdultSpike(facts[0], facts.slice(0, 9), { total: 100, young: 1 }, p)).toBeNull();
    const fewYoung = [18, 44, 30, 50, 45, 17, 60, 70, 80, 65].map((a) => stay(a));
    expect(youngAdultSpike(fewYoung[0], fewYoung, { total: 100, young: 1 }, p)).toBeNull();
  });

  it('counts only the window’s days and the configured mode; a city without young patients counts any share', () => {
    const facts = [...inst().slice(0, 9), stay(30, '2026-02-24')];
    expect(youngAdultSpike(facts[0], facts, { total: 10, young: 0 }, p)).toBeNull(); // only 9 in the window
    const inWindow = [...inst().slice(0, 9), stay(30, '2026-02-25')];
    expect(youngAdultSpike(inWindow[0], inWindow, { total: 10, young: 0 }, p)?.measured.value).toBe('Infinity');
    // A stay counts on its admission day: admitted the day before the window, settled inside it, it is out.
    const admittedBefore = [...inst().slice(0, 9), fact({ treatmentMode: '2', ageYears: 30, begndate: '2026-02-24', setlDate: '2026-03-01' })];
    expect(youngAdultSpike(admittedBefore[0], admittedBefore, { total: 10, young: 0 }, p)).toBeNull();
    const outpatient = fact({ treatmentMode: '1', ageYears: 30 });
    expect(youngAdultSpike(outpatient, inWindow, { total: 10, young: 0 }, p)).toBeNull();
  });

  it('judges the windows after the trigger too: an early admission settled last completes a later window', () => {
    // Nine stays admitted 03-05…03-13, judged as they came: 9 < minSettlements. The tenth, admitted
    // 03-01 and settled (at discharge) last, completes the window 02-28…03-13 — which ends after its own day.
    const later = [18, 44, 30, 60, 70, 80, 65, 50, 55].map((a, i) => stay(a, `2026-03-${String(5 + i).padStart(2, '0')}`));
    const early = stay(25, '2026-03-01');
    const facts = [...later, early];
    const day = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);
    const restByDay = new Map([
      [day('2026-03-01'), { total: 50, young: 5 }],
      [day('2026-03-13'), { total: 50, young: 5 }],
    ]);
    expect(youngAdultSpike(early, facts, { total: 50, young: 5 }, p)).toBeNull(); // the window ending 03-01 holds one stay
    const alert = youngAdultSpikeAround(early, facts, restByDay, p);
    expect(alert).toMatchObject({
      from: startOfDay('2026-02-28'),
      to: endOfDay('2026-03-13'),
      measured: { value: '4.00', settlements: 10, young: 4, share: '40.0%', cityShare: '10.0%' },
    });
    // Windows ending more than windowDays − 1 after the trigger's day do not contain it: not judged for it.
    const farther = [...later.map((f) => ({ ...f, begndate: '2026-03-20', setlDate: '2026-03-20' })), early];
    expect(youngAdultSpikeAround(early, farther, restByDay, p)).toBeNull();
    // In admission order nothing changes: the latest admission's own window is the one that fires.
    expect(youngAdultSpikeAround(later[8], facts, restByDay, p)?.to).toBe(endOfDay('2026-03-13'));
  });
});

describe('READMISSION_7D 7日再入院', () => {
  const p = DEFAULT_PARAMS.READMISSION_7D;
  const stay = (begndate: string, enddate: string, over: Partial<SettlementFact> = {}) =>
    fact({ treatmentMode: '2', begndate, enddate, setlDate: enddate, ...over });

  it('fires at exactly 7 days after discharge, not 8, from either stay', () => {
    const first = stay('2026-03-01', '2026-03-05');
    const seventh = stay('2026-03-12', '2026-03-15');
    const [alert] = readmission(seventh, [first, seventh], p);
    expect(alert).toMatchObject({
      type: 'READMISSION_7D',
      institutionCode: 'H43010200001',
      psnNo: 'P1',
      subjectKey: `P:P1|STAY:${first.settlementId}`,
      from: startOfDay('2026-03-01'),
      to: endOfDay('2026-03-15'),
      settlementIds: [first.settlementId, seventh.settlementId],
      measured: { value: 7 },
      threshold: { value: 7 },
      explanation: '参保人P1于2026-03-05从H43010200001出院后第7天（2026-03-12）再次在H43010200001入院，达到7日内再入院预警阈值，需核查是否分解住院或提前出院',
    });
    expect(readmission(first, [first, seventh], p)).toEqual([alert]);
    const eighth = stay('2026-03-13', '2026-03-15');
    expect(readmission(eighth, [first, eighth], p)).toEqual([]);
  });

  it('counts a readmission on the discharge day; leaves other hospitals (by default), outpatients and other persons alone', () => {
    const first = stay('2026-03-01', '2026-03-05');
    expect(readmission(stay('2026-03-05', '2026-03-08'), [first], p)).toHaveLength(1);
    const elsewhere = stay('2026-03-07', '2026-03-09', { institutionCode: 'H43010200009' });
    expect(readmission(elsewhere, [first, elsewhere], p)).toEqual([]);
    expect(readmission(elsewhere, [first, elsewhere], { ...p, sameInstitution: false })).toHaveLength(1);
    const visit = fact({ treatmentMode: '1', begndate: '2026-03-06', setlDate: '2026-03-06' });
    expect(readmission(visit, [first, visit], p)).toEqual([]);
    const other = stay('2026-03-07', '2026-03-09', { psnNo: 'P2' });
    expect(readmission(other, [first, other], p)).toEqual([]);
  });
});

describe('thresholds as data', () => {
  it('checks each parameter and names the field', () => {
    expect(checkParams('LARGE_EXPENDITURE', { minAmountFen: 3_000_000 })).toEqual({ minAmountFen: 3_000_000 });
    expect(() => checkParams('LARGE_EXPENDITURE', { minAmountFen: 99 })).toThrow('params.minAmountFen: must be between 100 and 10000000000000');
    expect(() => checkParams('SETTLEMENT_BURST', { minPersons: 2.5 })).toThrow('params.minPersons: must be an integer');
    expect(() => checkParams('SETTLEMENT_BURST', { treatmentModes: ['1', '7'] })).toThrow(/params.treatmentModes/);
    expect(() => checkParams('PERSON_MANY_SETTLEMENTS', { maxVisits: 3 })).toThrow(/params.maxVisits: unknown parameter/);
    expect(() => checkParams('READMISSION_7D', { sameInstitution: 'yes' })).toThrow('params.sameInstitution: must be true or false');
    expect(checkParams('READMISSION_7D', { maxGapDays: 0, sameInstitution: false })).toEqual({ maxGapDays: 0, sameInstitution: false });
  });

  it('merges defaults ← province ← city and refuses an inverted age band', () => {
    expect(mergeParams('SETTLEMENT_BURST', { minPersons: 20 }, { windowMinutes: 30 })).toEqual({
      windowMinutes: 30,
      minPersons: 20,
      treatmentModes: ['1', '3'],
    });
    expect(() => mergeParams('YOUNG_ADULT_INPATIENT_SPIKE', { minAge: 50 })).toThrow('params.minAge: must not exceed maxAge');
  });
});
