import { catchDomainError, Money } from '@mi/domain';
import type { Finding } from '../evaluator/finding';
import { toNhsaResult } from './to-nhsa-result';

function aFinding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'GZ10000102012000',
    ruleVersion: 2,
    ruleName: '医疗服务项目重复收费',
    severity: '1',
    behaviourType: '03',
    claimId: 'MDTRT-0001',
    lines: [
      { lineId: 'RX-2', itemType: '1', amount: Money.parseYuan('90.00', 'a') },
      { lineId: 'RX-1', itemType: '2', amount: Money.ZERO },
    ],
    amount: Money.parseYuan('90.00', 'a'),
    amountStatus: 'computed',
    facts: {},
    volaCont: '气管插管术已包含在全身麻醉中',
    volaEvid: '价格项目规范',
    ...over,
  };
}

describe('toNhsaResult', () => {
  it('maps a finding onto the 3101/3102 result shape', () => {
    expect(toNhsaResult(aFinding(), { jrId: 'JR-1', patnId: 'PSN-0001', taskId: 'T-9' })).toEqual({
      jr_id: 'JR-1',
      rule_id: 'GZ10000102012000',
      rule_name: '医疗服务项目重复收费',
      vola_cont: '气管插管术已包含在全身麻醉中',
      patn_id: 'PSN-0001',
      mdtrt_id: 'MDTRT-0001',
      judge_result_detail_dtos: [
        { jrd_id: 'JR-1-1', patn_id: 'PSN-0001', mdtrt_id: 'MDTRT-0001', rx_id: 'RX-2', vola_item_type: '1', vola_amt: '90.00' },
        { jrd_id: 'JR-1-2', patn_id: 'PSN-0001', mdtrt_id: 'MDTRT-0001', rx_id: 'RX-1', vola_item_type: '2', vola_amt: '0.00' },
      ],
      vola_amt: '90.00',
      vola_amt_stas: '1',
      sev_deg: '1',
      vola_evid: '价格项目规范',
      vola_bhvr_type: '03',
      task_id: 'T-9',
    });
  });

  it('uses caller detail ids, JSON numbers on request, and 异常 for an unknown amount', () => {
    const result = toNhsaResult(
      aFinding({ amountStatus: 'unknown' }),
      { jrId: 'JR-1', patnId: 'P', detailId: (lineId) => `D-${lineId}` },
      { amountFormat: 'number' },
    );
    expect(result.judge_result_detail_dtos.map((d) => [d.jrd_id, d.vola_amt])).toEqual([
      ['D-RX-2', 90],
      ['D-RX-1', 0],
    ]);
    expect(result.vola_amt).toBe(90);
    expect(result.vola_amt_stas).toBe('0');
    expect(result).not.toHaveProperty('task_id');
  });

  it('refuses a JSON number that would lose digits', () => {
    const huge = Money.parseYuan('99999999999999.99', 'a');
    const error = catchDomainError(() => toNhsaResult(aFinding({ amount: huge, lines: [] }), { jrId: 'J', patnId: 'P' }, { amountFormat: 'number' }));
    expect(error.details.field).toBe('vola_amt');
    expect(toNhsaResult(aFinding({ amount: huge, lines: [] }), { jrId: 'J', patnId: 'P' }).vola_amt).toBe('99999999999999.99');
  });

  it('clips texts to the spec lengths', () => {
    const result = toNhsaResult(aFinding({ volaCont: '违'.repeat(600), ruleName: '名'.repeat(250) }), { jrId: 'J', patnId: 'P' });
    expect([...result.vola_cont]).toHaveLength(500);
    expect(result.vola_cont.endsWith('…')).toBe(true);
    expect([...result.rule_name]).toHaveLength(200);
  });
});
