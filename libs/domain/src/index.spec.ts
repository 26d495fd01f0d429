import * as domain from './index';

describe('@mi/domain public API (index.ts)', () => {
  it.each([
    'DomainError',
    'ValidationError',
    'Admdvs',
    'PROVINCE_CODES',
    'Money',
    'MONEY_MAX_FEN',
    'divideRounded',
    'IdCard',
    'idCardCheckChar',
    'maskIdNumber',
    'Uscc',
    'usccCheckChar',
    'InstitutionCode',
    'defineDictionary',
    'InsuranceType',
    'BaseMedicalType',
    'MedicalType',
    'baseMedType',
    'TreatmentMode',
    'Gender',
    'ListType',
    'InstitutionType',
    'InstitutionLevel',
    'TriggerScene',
    'Severity',
    'ViolationItemType',
    'ChargeType',
    'ViolationType',
    'OutpatientPoolExclusion',
    'LocalDate',
    'WorkingDayCalendar',
    'defaultCalendar',
    'BUILT_IN_CALENDAR_YEARS',
    'YEAR_2019',
    'YEAR_2026',
    'UuidV7Generator',
    'isUuid',
    'isUuidV7',
    'uuidV7Timestamp',
    'SystemClock',
    'FixedClock',
    'ManualClock',
  ])('exports %s', (name) => {
    expect(domain).toHaveProperty(name);
  });

  it('works end to end through the package entry point', () => {
    const { Money, defaultCalendar, LocalDate, FixedClock } = domain;
    const today = LocalDate.fromInstant(new FixedClock('2024-09-25T10:00:00+08:00').now());
    expect(defaultCalendar().addWorkingDays(today, 10).toString()).toBe('2024-10-14');
    expect(Money.parseYuan('50000.00', 'medfee_sumamt').format()).toBe('¥50,000.00');
  });
});
