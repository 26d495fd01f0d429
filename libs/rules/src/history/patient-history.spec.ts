import { LocalDate, Money } from '@mi/domain';
import { Quantity } from '../claim/quantity';
import { InMemoryPatientHistory, NO_HISTORY, type HistoryEncounter } from './patient-history';

const d = (text: string): LocalDate => LocalDate.parse(text);
const range = (from: string, to: string) => ({ from: d(from), to: d(to) });

function encounter(claimId: string, admission: string, over: Partial<HistoryEncounter> = {}): HistoryEncounter {
  return { claimId, psnNo: 'P1', institutionCode: 'H1', treatmentMode: '1', medType: '11', admissionDate: d(admission), ...over };
}

describe('InMemoryPatientHistory', () => {
  const sut = InMemoryPatientHistory.fromEncounters([
    encounter('V1', '2026-03-01'),
    encounter('V2', '2026-03-05', { institutionCode: 'H2', medType: '140101' }),
    encounter('B1', '2026-03-06', { treatmentMode: '3', medType: '41' }),
    encounter('S1', '2026-02-20', { treatmentMode: '2', medType: '21', dischargeDate: d('2026-02-28') }),
    encounter('S2', '2026-03-08', { treatmentMode: '2', medType: '21', dischargeDate: null }),
    encounter('X1', '2026-03-02', { psnNo: 'P2' }),
    encounter('L1', '2026-03-03', {
      lines: [
        { hilistCode: 'A', quantity: Quantity.of(2), amount: Money.fromFen(100), serviceDate: d('2026-03-03') },
        { hilistCode: 'B', quantity: Quantity.of(1), amount: Money.fromFen(50), serviceDate: d('2026-03-04') },
      ],
    }),
  ]);

  it('counts visits by start date, treatment mode, med_type prefix and institution', () => {
    expect(sut.countVisits('P1', range('2026-03-01', '2026-03-31'), {})).toBe(5);
    expect(sut.countVisits('P1', range('2026-03-01', '2026-03-31'), { treatmentModes: ['1'] })).toBe(3);
    expect(sut.countVisits('P1', range('2026-03-01', '2026-03-31'), { medTypes: ['14'] })).toBe(1);
    expect(sut.countVisits('P1', range('2026-03-01', '2026-03-31'), { institutionCode: 'H2' })).toBe(1);
    expect(sut.countVisits('P1', range('2026-03-01', '2026-03-31'), { excludeClaimId: 'V1' })).toBe(4);
    expect(sut.countVisits('P9', range('2026-03-01', '2026-03-31'), {})).toBe(0);
  });

  it('returns lines by date and item', () => {
    expect(sut.linesOf('P1', range('2026-03-01', '2026-03-03'), null).map((l) => l.hilistCode)).toEqual(['A']);
    expect(sut.linesOf('P1', range('2026-03-01', '2026-03-31'), new Set(['B']))).toEqual([
      expect.objectContaining({ claimId: 'L1', institutionCode: 'H1', hilistCode: 'B' }),
    ]);
  });

  it('returns stays overlapping a range, open stays included', () => {
    expect(sut.inpatientStays('P1', range('2026-02-27', '2026-02-27')).map((s) => s.claimId)).toEqual(['S1']);
    expect(sut.inpatientStays('P1', range('2026-03-01', '2026-03-07'))).toEqual([]);
    expect(sut.inpatientStays('P1', range('2027-01-01', '2027-01-01')).map((s) => s.claimId)).toEqual(['S2']);
  });

  it('NO_HISTORY is empty', () => {
    expect(NO_HISTORY.countVisits('P1', range('2026-01-01', '2026-12-31'), {})).toBe(0);
    expect(NO_HISTORY.linesOf('P1', range('2026-01-01', '2026-12-31'), null)).toEqual([]);
    expect(NO_HISTORY.inpatientStays('P1', range('2026-01-01', '2026-12-31'))).toEqual([]);
  });
});
