import { DomainError } from '@mi/domain';
import { mapInventoryRecords, quantity, units } from './inventory.mapper';

const sale = (over: Record<string, unknown> = {}) => ({
  med_list_codg: 'XA01ABC0001010103434',
  fixmedins_hilist_id: 'YP0001',
  fixmedins_hilist_name: '阿莫西林胶囊',
  fixmedins_bchno: 'B20261101',
  sel_retn_cnt: '2',
  sel_retn_time: '2026-11-03 09:30:00',
  rtal_docno: 'R001',
  ...over,
});

function refusal(fn: () => unknown): { field: unknown; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return { field: e.details.field, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('35xx 进销存 records → stock movements', () => {
  it('maps a sale with its time in Beijing time, quantity exact to 1/10 000 and the retail document', () => {
    const [m] = mapInventoryRecords('3505', 'selinfo', [sale({ sel_retn_cnt: 1.5 })]);
    expect(m).toMatchObject({ kind: 'SALE', medListCodg: 'XA01ABC0001010103434', qtyE4: 15000n, docNo: 'R001', bchno: 'B20261101' });
    expect(m.occurredAt.toISOString()).toBe('2026-11-03T01:30:00.000Z');
  });

  it('takes a stocktake at the start of its day, zero allowed; purchases and returns with their own fields', () => {
    const [st] = mapInventoryRecords('3501', 'invinfo', [{ ...sale(), invdate: '2026-11-01', inv_cnt: '0' }]);
    expect(st).toMatchObject({ kind: 'STOCKTAKE', qtyE4: 0n });
    expect(st.occurredAt.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    const [p] = mapInventoryRecords('3504', 'purcinfo', [{ ...sale(), purc_retn_cnt: '10.0001', purc_retn_stoin_time: '2026-11-02 08:00:00', dynt_no: 'D9' }]);
    expect(p).toMatchObject({ kind: 'PURCHASE_RETURN', qtyE4: 100001n, docNo: 'D9' });
  });

  it('gives the same hash to the same record whatever the key order, and a different one to another kind', () => {
    const a = mapInventoryRecords('3505', 'selinfo', [sale()])[0].recordHash;
    const reordered = Object.fromEntries(Object.entries(sale()).reverse());
    expect(mapInventoryRecords('3505', 'selinfo', [reordered])[0].recordHash).toBe(a);
    expect(mapInventoryRecords('3506', 'selinfo', [sale()])[0].recordHash).not.toBe(a);
  });

  it.each([
    [{ sel_retn_cnt: '-1' }, 'input.selinfo[1].sel_retn_cnt'],
    [{ sel_retn_cnt: '1.23456' }, 'input.selinfo[1].sel_retn_cnt'],
    [{ sel_retn_cnt: '0' }, 'input.selinfo[1].sel_retn_cnt'],
    [{ sel_retn_time: '2026-11-31 09:00:00' }, 'input.selinfo[1].sel_retn_time'],
    [{ sel_retn_time: '20261103' }, 'input.selinfo[1].sel_retn_time'],
    [{ med_list_codg: '' }, 'input.selinfo[1].med_list_codg'],
    [{ fixmedins_hilist_name: '阿莫\u0000西林' }, 'input.selinfo[1].fixmedins_hilist_name'],
  ])('refuses %j naming %s', (over, field) => {
    expect(refusal(() => mapInventoryRecords('3505', 'selinfo', [sale(), sale(over)])).field).toBe(field);
  });

  it('prints quantities without trailing zeros', () => {
    expect([units(15000n), units(-30000n), units(0n), units(100001n)]).toEqual(['1.5', '-3', '0', '10.0001']);
    expect(quantity({ q: 3 }, 'q', 'x', false)).toBe(30000n);
  });
});
