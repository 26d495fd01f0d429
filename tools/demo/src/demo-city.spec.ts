import type { GeneratedCity } from '@mi/testing';
import { asDemoCity, DEMO_MARK, demoRemittances, endedMonths, initialPassword, shanghaiTime } from './demo-city';

const city = (): GeneratedCity => ({
  admdvs: '430100',
  name: '长沙市',
  institutions: [{ fixmedins_code: 'H43010200001', fixmedins_name: '芙蓉区人民医院', fixmedins_type: 'hospital', hosp_lv: '2A', uscc: 'x', admdvs: '430102' }],
  practitioners: [],
  settlements: [
    { setl_id: 'S1', setl_time: '2026-03-01 09:00:00', fixmedins_name: '芙蓉区人民医院' },
    { setl_id: 'S2', setl_time: '2026-12-04 23:59:59', fixmedins_name: '芙蓉区人民医院' },
  ],
  truth: [
    { setl_id: 'S1', rule_id: 'R1' },
    { setl_id: 'S2', rule_id: 'R2' },
  ],
});

describe('the demo city', () => {
  it('marks every institution as demo data, in the registry and in its settlements, once', () => {
    const sut = asDemoCity(asDemoCity(city(), '2026-12-31 00:00:00'), '2026-12-31 00:00:00');
    expect(sut.institutions[0].fixmedins_name).toBe(`${DEMO_MARK}芙蓉区人民医院`);
    expect(sut.settlements.map((s) => s.fixmedins_name)).toEqual([`${DEMO_MARK}芙蓉区人民医院`, `${DEMO_MARK}芙蓉区人民医院`]);
  });

  it('keeps only the settlements settled before now, with their ground truth', () => {
    const sut = asDemoCity(city(), shanghaiTime(new Date('2026-12-04T10:00:00Z')));
    expect(sut.settlements.map((s) => s.setl_id)).toEqual(['S1']);
    expect(sut.truth).toEqual([{ setl_id: 'S1', rule_id: 'R1' }]);
  });

  it('reads the clock in Asia/Shanghai, as datagen writes times', () => {
    expect(shanghaiTime(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01 00:30:00');
  });

  it('gives initial passwords that meet the portal policy, drawing again on a run of four', () => {
    const draws = [Buffer.from([0xaa, 0xaa, 0x01, 0x02, 0x03, 0x04]), Buffer.from([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc])];
    const sut = initialPassword(() => draws.shift()!);
    expect(sut).toBe('Demo-123456789abc-Kq7!');
  });

  it('has each county remit 130 % of its average monthly fund payment every ended month, per insurance type', () => {
    const c: GeneratedCity = {
      ...city(),
      institutions: [
        { fixmedins_code: 'H43010200001', fixmedins_name: 'a', fixmedins_type: 'hospital', hosp_lv: '2A', uscc: 'x', admdvs: '430102' },
        { fixmedins_code: 'H43010300001', fixmedins_name: 'b', fixmedins_type: 'hospital', hosp_lv: '2A', uscc: 'y', admdvs: '430103' },
      ],
      settlements: [
        { setl_id: 'S1', setl_time: '2026-01-05 09:00:00', fixmedins_code: 'H43010200001', insutype: '310', hifp_pay: '100.00' },
        { setl_id: 'S2', setl_time: '2026-02-05 09:00:00', fixmedins_code: 'H43010200001', insutype: '310', hifp_pay: '0.01' },
        { setl_id: 'S3', setl_time: '2026-02-06 09:00:00', fixmedins_code: 'H43010300001', insutype: '390', hifp_pay: '30.00' },
        { setl_id: 'S4', setl_time: '2026-03-02 09:00:00', fixmedins_code: 'H43010300001', insutype: '390', hifp_pay: '999.00' }, // March has not ended
      ],
    };
    expect(endedMonths('2026-03-02 10:00:00')).toEqual(['2026-01', '2026-02']);
    expect(endedMonths('2026-01-20 10:00:00')).toEqual([]);
    expect(demoRemittances(c, '2026-03-02 10:00:00')).toEqual([
      // 100.01 yuan over 2 months × 1.3 = 65.0065 → 66 yuan a month
      { county: '430102', insutype: '310', period: '2026-01', amountFen: 6600n },
      { county: '430102', insutype: '310', period: '2026-02', amountFen: 6600n },
      // 30 yuan × 1.3 / 2 = 19.5 → 20 yuan
      { county: '430103', insutype: '390', period: '2026-01', amountFen: 2000n },
      { county: '430103', insutype: '390', period: '2026-02', amountFen: 2000n },
    ]);
    expect(demoRemittances(c, '2026-01-20 10:00:00')).toEqual([]);
  });
});
