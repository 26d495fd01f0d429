import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors, STRICT_VALIDATION_OPTIONS } from '../validation/strict-dto';
import { ProposeSigningRequest, ProposeTerminationRequest } from './agreement.messages';
import { BindTerminalRequest } from './registry.messages';

const errorsOf = (cls: new () => object, input: unknown) =>
  flattenValidationErrors(validateSync(plainToInstance(cls, input) as object, STRICT_VALIDATION_OPTIONS));
const uuid = '01a206ef-8368-75e7-ae5a-68b830ca9ee0';

describe('agreement messages', () => {
  it('types the quantified indicators: percentages, fen as integer strings, days', () => {
    expect(
      errorsOf(ProposeSigningRequest, {
        applicationId: uuid,
        indicators: { westernStockingRatePct: 85.5, drugSharePct: 30, costPerAdmissionFen: '1250000', averageStayDays: 9.5, transferRatePct: 2 },
        reason: '签约',
      }),
    ).toEqual([]);
    const bad = errorsOf(ProposeSigningRequest, {
      applicationId: 'x',
      validFrom: '2026-02-30',
      indicators: { selfPayRatioPct: 100.001, costPerBedDayFen: 300, averageStayDays: -1, surprise: 1 },
      reason: '',
    });
    expect([...new Set(bad.map((e) => e.field))].sort()).toEqual([
      'applicationId',
      'indicators.averageStayDays',
      'indicators.costPerBedDayFen',
      'indicators.selfPayRatioPct',
      'indicators.surprise',
      'reason',
      'validFrom',
    ]);
  });

  it('accepts the 14 termination grounds only', () => {
    expect(errorsOf(ProposeTerminationRequest, { institutionCode: 'P35010200001', ground: 14, reason: 'x' })).toEqual([]);
    expect(errorsOf(ProposeTerminationRequest, { institutionCode: 'P35010200001', ground: 0, reason: 'x' }).map((e) => e.field)).toEqual(['ground']);
  });

  it('binds a terminal only with an IPv4 address and a hex PSAM number', () => {
    expect(errorsOf(BindTerminalRequest, { institutionCode: 'P35010200001', ip: '192.168.0.1', psamNo: '0123456789AB', cashier: 'c' })).toEqual([]);
    expect(
      errorsOf(BindTerminalRequest, { institutionCode: 'P35010200001', ip: '256.1.1.1', psamNo: '0123456789ab', cashier: 'c' })
        .map((e) => e.field)
        .sort(),
    ).toEqual(['ip', 'psamNo']);
  });
});
