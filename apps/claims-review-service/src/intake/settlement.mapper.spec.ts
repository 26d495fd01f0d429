import { catchDomainError, idCardCheckChar, LocalDate } from '@mi/domain';
import { parseSettlement } from './settlement.mapper';

const institution = { code: 'H43010200001', level: 3, type: 'hospital', admdvs: '430102', poolarea: '430100' };
const first17 = '43010219800506123';
const certno = `${first17}${idCardCheckChar(first17)}`;

/** An inpatient settlement (医保结算清单 shape) with one fee line; tests add what they need. */
function aRecord(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...{ setl_id: 'ST0001', mdtrt_id: 'MD0001', psn_no: 'P0001', certno, gend: '1', brdy: '1980-05-06', insutype: '310', med_type: '21' },
    ...{ med_mdtrt_type: '2', setl_time: '2026-03-06 10:00:00', begndate: '2026-03-01', enddate: '2026-03-06', fixmedins_code: 'H43010200001' },
    ...{ dscg_maindiag_code: 'K80.100', diseinfo: [{ diag_code: 'K80.100', diag_name: '胆囊结石伴胆囊炎', maindiag_flag: '1' }] },
    ...{ medfee_sumamt: '1800.00', hifp_pay: '1500.00', acct_pay: '0.00', psn_cash_pay: '300.00' },
    fee_list: [
      {
        feedetl_sn: '1',
        fee_ocur_time: '2026-03-01 09:30:00',
        hilist_code: '003310000010000',
        list_type: '201',
        cnt: '1',
        pric: '1800.00',
        det_item_fee_sumamt: '1800.00',
      },
    ],
    ...over,
  };
}

describe('parseSettlement — 手术操作 (oprninfo)', () => {
  it('carries the settlement list’s operations into the rules’ claim, main one first', () => {
    const sut = parseSettlement(
      aRecord({
        oprninfo: [
          { oprn_oprt_code: '53.0000', oprn_oprt_name: '单侧腹股沟疝修补术', main_oprn_flag: '0', oprn_oprt_date: '2026-03-02' },
          { oprn_oprt_code: '51.2300', oprn_oprt_name: '腹腔镜下胆囊切除术', main_oprn_flag: '1', oprn_oprt_date: '2026-03-02 10:15:00' },
          { oprn_oprt_name: '没有编码的操作' },
        ],
      }),
      'settlements[0]',
      institution,
    );
    expect(sut.operations).toEqual([
      { code: '53.0000', name: '单侧腹股沟疝修补术', isMain: false, date: '2026-03-02' },
      { code: '51.2300', name: '腹腔镜下胆囊切除术', isMain: true, date: '2026-03-02' },
    ]);
    expect(sut.claim?.operations.map((o) => [o.code, o.isMain])).toEqual([
      ['51.2300', true],
      ['53.0000', false],
    ]);
    expect(sut.claim?.operations[0].date?.equals(LocalDate.of(2026, 3, 2))).toBe(true);
  });

  it('accepts the 3101 field names too', () => {
    const sut = parseSettlement(aRecord({ oprninfo: { oprn_code: '68.4100', main_oprn_flag: 1 } }), 'settlements[0]', institution);
    expect(sut.claim?.operations).toEqual([{ code: '68.4100', isMain: true }]);
  });

  it('keeps a record without operations as it was (no operations key, same content hash)', () => {
    const without = parseSettlement(aRecord(), 'settlements[0]', institution);
    expect('operations' in without).toBe(false);
    expect(parseSettlement(aRecord({ oprninfo: [] }), 'settlements[0]', institution).contentHash).toBe(without.contentHash);
    expect(without.claim?.operations).toEqual([]);
  });

  it('refuses a malformed code or date naming the NHSA path', () => {
    const bad = (oprninfo: unknown) => catchDomainError(() => parseSettlement(aRecord({ oprninfo }), 'settlements[0]', institution)).details.field;
    expect(bad([{ oprn_oprt_code: '51.2300' }, { oprn_oprt_code: '腹腔镜' }])).toBe('settlements[0].oprninfo[1].oprn_oprt_code');
    expect(bad([{ oprn_oprt_code: '51.2300', oprn_oprt_date: '2026-02-30' }])).toBe('settlements[0].oprninfo[0].oprn_oprt_date');
  });
});
