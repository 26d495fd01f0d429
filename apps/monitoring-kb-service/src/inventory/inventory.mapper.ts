import { createHash } from 'node:crypto';
import { INVENTORY_TRANSACTIONS, type InventoryInfno, type MovementKind, type NhsaObject, nhsaDate, nhsaFail, nhsaInstant, nhsaText } from '@mi/contracts';

/** One stock movement as stored: quantity in 1/10 000 units, never negative (the kind gives the sign). */
export interface Movement {
  kind: MovementKind;
  medListCodg: string;
  hilistId: string;
  name: string;
  bchno: string;
  qtyE4: bigint;
  occurredAt: Date;
  setlId?: string;
  docNo?: string;
  recordHash: string;
}

const QTY_SCALE = 10_000n;

/** NHSA dec(16,4) quantity → 1/10 000 units, exact; `allowZero` for a stocktake of an item out of stock. */
export function quantity(o: NhsaObject, key: string, path: string, allowZero: boolean): bigint {
  const v = nhsaText(o, key, path) as string;
  const m = /^(\d{1,12})(?:\.(\d{1,4}))?$/.exec(v);
  if (!m) nhsaFail(`${path}.${key}`, `数量格式错误，dec(16,4) 非负 (malformed quantity): ${v}`);
  const e4 = BigInt(m[1]) * QTY_SCALE + BigInt((m[2] ?? '').padEnd(4, '0'));
  if (e4 === 0n && !allowZero) nhsaFail(`${path}.${key}`, '数量必须大于0 (must be greater than 0)');
  return e4;
}

/** 1/10 000 units → decimal text without trailing zeros (`12.5`, `-3`, `0`). */
export function units(e4: bigint): string {
  const neg = e4 < 0n;
  const abs = neg ? -e4 : e4;
  const frac = (abs % QTY_SCALE).toString().padStart(4, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${abs / QTY_SCALE}${frac ? `.${frac}` : ''}`;
}

function hashOf(kind: MovementKind, r: NhsaObject): string {
  const canonical = JSON.stringify(
    Object.keys(r)
      .sort()
      .map((k) => [k, r[k]]),
  );
  return createHash('sha256').update(kind).update('\u0000').update(canonical).digest('hex');
}

/**
 * Maps the records of one 35xx upload (NHSA field names as in the national 进销存 interface) to
 * movements, refusing the whole upload at the first bad field with its path
 * (`input.selinfo[3].sel_retn_cnt`): 3501 `inv_cnt` at the start of `invdate` (Beijing time), 3503/3504
 * `purc_retn_cnt` at `purc_retn_stoin_time`, 3505/3506 `sel_retn_cnt` at `sel_retn_time`.
 */
export function mapInventoryRecords(infno: InventoryInfno, inputKey: string, records: readonly NhsaObject[]): Movement[] {
  const { kind } = INVENTORY_TRANSACTIONS[infno];
  return records.map((r, i) => {
    const path = `input.${inputKey}[${i}]`;
    const common = {
      kind,
      medListCodg: nhsaText(r, 'med_list_codg', path, true, 50) as string,
      hilistId: nhsaText(r, 'fixmedins_hilist_id', path, true, 30) as string,
      name: nhsaText(r, 'fixmedins_hilist_name', path, true, 200) as string,
      bchno: nhsaText(r, 'fixmedins_bchno', path, true, 30) as string,
      recordHash: hashOf(kind, r),
    };
    switch (kind) {
      case 'STOCKTAKE': {
        const day = nhsaDate(r, 'invdate', path) as string;
        return { ...common, qtyE4: quantity(r, 'inv_cnt', path, true), occurredAt: new Date(`${day}T00:00:00+08:00`) };
      }
      case 'PURCHASE':
      case 'PURCHASE_RETURN': {
        const docNo = nhsaText(r, 'dynt_no', path, false, 50);
        return {
          ...common,
          qtyE4: quantity(r, 'purc_retn_cnt', path, false),
          occurredAt: nhsaInstant(r, 'purc_retn_stoin_time', path).at,
          ...(docNo ? { docNo } : {}),
        };
      }
      case 'SALE':
      case 'SALE_RETURN': {
        const setlId = nhsaText(r, 'setl_id', path, false, 30);
        const docNo = nhsaText(r, 'rtal_docno', path, false, 40);
        return {
          ...common,
          qtyE4: quantity(r, 'sel_retn_cnt', path, false),
          occurredAt: nhsaInstant(r, 'sel_retn_time', path).at,
          ...(setlId ? { setlId } : {}),
          ...(docNo ? { docNo } : {}),
        };
      }
    }
  });
}
