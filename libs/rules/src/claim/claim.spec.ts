import { catchDomainError, LocalDate, Money } from '@mi/domain';
import { aClaimInput, aClaimLine } from '../testing/claim.builder';
import { ageInDays, ageInYears, createClaim } from './claim';
import { Quantity } from './quantity';

function refused(fn: () => unknown): string | undefined {
  const error = catchDomainError(fn);
  expect(error.code).toBe('VALIDATION');
  return error.details.field;
}

describe('createClaim', () => {
  it('normalizes codes, dates, amounts and diagnoses', () => {
    const sut = createClaim(
      aClaimInput({
        medType: 140101,
        mainDiagnosis: 'e11.900',
        diagnoses: ['I10.X00', { code: 'E11.900', name: '2型糖尿病' }, 'i10.x00'],
        lines: [aClaimLine({ quantity: '2.5', unitPrice: '10.01' })],
      } as never),
    );
    expect(sut.medType).toBe('140101');
    expect(sut.diagnoses).toEqual([
      { code: 'E11.900', name: '2型糖尿病', isMain: true },
      { code: 'I10.X00', isMain: false },
    ]);
    expect(sut.mainDiagnosis).toBe('E11.900');
    expect(sut.lines[0].quantity.hundredths).toBe(250);
    expect(sut.lines[0].amount.toYuanString()).toBe('25.03'); // 25.025 rounded half up
    expect(sut.admissionDate.equals(LocalDate.of(2026, 3, 10))).toBe(true);
    expect(Object.isFrozen(sut) && Object.isFrozen(sut.lines) && Object.isFrozen(sut.lines[0])).toBe(true);
  });

  it('normalizes operations: upper case, de-duplicated, the first flagged main one first', () => {
    const sut = createClaim(
      aClaimInput({
        operations: [
          '53.0000',
          { code: '51.2300', name: '腹腔镜下胆囊切除术', isMain: true, date: '2026-03-11' },
          { code: '68.4100x001', isMain: true },
          '53.0000',
        ],
      }),
    );
    expect(sut.operations).toEqual([
      { code: '51.2300', name: '腹腔镜下胆囊切除术', isMain: true, date: LocalDate.of(2026, 3, 11) },
      { code: '53.0000', isMain: false },
      { code: '68.4100X001', isMain: false },
    ]);
    expect(Object.isFrozen(sut.operations) && Object.isFrozen(sut.operations[0])).toBe(true);
    expect(createClaim(aClaimInput()).operations).toEqual([]);
  });

  it('keeps typed values as given', () => {
    const sut = createClaim(
      aClaimInput({
        lines: [aClaimLine({ quantity: Quantity.of(3), unitPrice: Money.fromFen(100), amount: Money.fromFen(299), serviceDate: LocalDate.of(2026, 3, 10) })],
      }),
    );
    expect(sut.lines[0].amount.fenBigInt).toBe(299n);
  });

  it.each([
    [{ claimId: '' }, 'claimId'],
    [{ stage: 'later' }, 'stage'],
    [{ insutype: '320' }, 'insutype'],
    [{ treatmentMode: '9' }, 'treatmentMode'],
    [{ medType: '99' }, 'medType'],
    [{ triggerScene: '11' }, 'triggerScene'],
    [{ admissionDate: '2026-3-10' }, 'admissionDate'],
    [{ dischargeDate: '2026-03-09' }, 'dischargeDate'],
    [{ patient: { gender: '3' } }, 'patient.gender'],
    [{ patient: { birthDate: '2026-03-11' } }, 'patient.birthDate'],
    [{ institution: { level: 4 } }, 'institution.level'],
    [{ institution: { admdvs: '4301' } }, 'institution.admdvs'],
    [{ institution: { type: 'Hospital' } }, 'institution.type'],
    [{ mainDiagnosis: '11.2' }, 'mainDiagnosis'],
    [{ operations: ['47.0900', ' '] }, 'operations[1].code'],
    [{ operations: [{ code: '47.09 00' }] }, 'operations[0].code'],
    [{ operations: [{ code: '47.0900', date: '2026-3-1' }] }, 'operations[0].date'],
    [{ lines: [aClaimLine({ quantity: -1 })] }, 'lines[0].quantity'],
    [{ lines: [aClaimLine({ quantity: '1.005' })] }, 'lines[0].quantity'],
    [{ lines: [aClaimLine({ unitPrice: '-1' })] }, 'lines[0].unitPrice'],
    [{ lines: [aClaimLine({ amount: Money.fromFen(-1) })] }, 'lines[0].amount'],
    [{ lines: [aClaimLine({ listType: '103' })] }, 'lines[0].listType'],
    [{ lines: [aClaimLine({ days: 0 })] }, 'lines[0].days'],
    [{ lines: [aClaimLine(), aClaimLine()] }, 'lines[1].lineId'],
  ])('refuses %p naming %s', (over, field) => {
    expect(refused(() => createClaim(aClaimInput(over as never)))).toBe(field);
  });
});

describe('age', () => {
  it('counts whole years, a birthday counting on the day', () => {
    expect(ageInYears(LocalDate.of(2008, 3, 10), LocalDate.of(2026, 3, 10))).toBe(18);
    expect(ageInYears(LocalDate.of(2008, 3, 11), LocalDate.of(2026, 3, 10))).toBe(17);
    expect(ageInYears(LocalDate.of(2004, 2, 29), LocalDate.of(2026, 2, 28))).toBe(21);
    expect(ageInYears(LocalDate.of(2004, 2, 29), LocalDate.of(2026, 3, 1))).toBe(22);
  });

  it('counts days of life from 0', () => {
    expect(ageInDays(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10))).toBe(0);
    expect(ageInDays(LocalDate.of(2026, 2, 10), LocalDate.of(2026, 3, 10))).toBe(28);
  });
});

describe('Quantity', () => {
  it.each([
    ['2', 200],
    ['2.5', 250],
    ['0.05', 5],
    [1.25, 125],
    ['9999.99', 999999],
  ])('parses %p', (value, hundredths) => {
    expect(Quantity.parse(value, 'cnt').hundredths).toBe(hundredths);
  });

  it.each(['', '1e2', '1,5', ' 1', '01', '1.234', '10000', null, {}])('refuses %p', (value) => {
    expect(refused(() => Quantity.parse(value, 'cnt'))).toBe('cnt');
  });

  it('accepts negatives only when asked, and sums exactly', () => {
    expect(refused(() => Quantity.parse('-1', 'cnt'))).toBe('cnt');
    expect(Quantity.parse('-1.5', 'cnt', { allowNegative: true }).hundredths).toBe(-150);
    const total = Quantity.sum([Quantity.of(0.1), Quantity.of(0.2)]);
    expect(total.toString()).toBe('0.3');
    expect(total.toRational().toDecimalString()).toBe('0.3');
    expect(JSON.stringify({ q: Quantity.of(2.5) })).toBe('{"q":"2.5"}');
  });
});
