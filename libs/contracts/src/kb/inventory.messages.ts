import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, Length } from 'class-validator';
import { Admdvs, InstitutionCode } from '@mi/domain';
import { PageRequest } from '../agreement/registry.messages';
import { ParsedBy } from '../validation/parsed-by';

/**
 * 进销存 — purchase-sale-inventory uploads of designated pharmacies and hospitals over the national
 * HIS interface: 3501 商品盘存上传 (stocktaking), 3503 商品采购 (purchase), 3504 商品采购退货
 * (purchase return), 3505 商品销售 (sale), 3506 商品销售退货 (sale return). Each record becomes one
 * stock movement of the caller's institution per national catalogue code (`med_list_codg`); after
 * every upload the 进销存 detector compares what was sold with what was in stock.
 */
export const INVENTORY_INFNOS = ['3501', '3503', '3504', '3505', '3506'] as const;
export type InventoryInfno = (typeof INVENTORY_INFNOS)[number];

export const MOVEMENT_KINDS = ['STOCKTAKE', 'PURCHASE', 'PURCHASE_RETURN', 'SALE', 'SALE_RETURN'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** The transaction of each infno and the key its records travel under in `input` (`data` is accepted too). */
export const INVENTORY_TRANSACTIONS: Record<InventoryInfno, { kind: MovementKind; inputKey: string; name: string }> = {
  '3501': { kind: 'STOCKTAKE', inputKey: 'invinfo', name: '商品盘存上传' },
  '3503': { kind: 'PURCHASE', inputKey: 'purcinfo', name: '商品采购' },
  '3504': { kind: 'PURCHASE_RETURN', inputKey: 'purcinfo', name: '商品采购退货' },
  '3505': { kind: 'SALE', inputKey: 'selinfo', name: '商品销售' },
  '3506': { kind: 'SALE_RETURN', inputKey: 'selinfo', name: '商品销售退货' },
};

export const InventorySubjects = {
  /**
   * gateway (HIS caller) → kb: one 35xx upload of the calling institution. Reply {@link InventoryUploadReply}.
   * Errors: VALIDATION naming the NHSA field (`selinfo[2].sel_retn_cnt`); nothing is stored then.
   */
  upload: 'mi.v1.kb.inventory-upload',
  /** gateway (portal) → kb: an institution's stock per catalogue code since its last stocktake. Reply Page of {@link StockLineView}. */
  stock: 'mi.v1.kb.inventory-stock',
} as const;

export const InventoryEventSubjects = {
  /** Movements of an upload were stored (payload: institution, infno, kind, accepted count, items touched). */
  InventoryRecorded: 'evt.monitoring.InventoryRecorded',
} as const;

/** `mi.v1.kb.inventory-upload` — the records as the HIS sent them; mapped and checked field by field by the service. */
export class InventoryUploadRequest {
  @IsIn([...INVENTORY_INFNOS])
  infno: InventoryInfno;

  /** The NHSA records (one object or the elements of an array under `input.<inputKey>`). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsObject({ each: true })
  records: Record<string, unknown>[];

  /** `input.<inputKey>` or `input.data`: used to name fields in errors. */
  @IsString()
  @Length(1, 20)
  inputKey: string;

  @IsOptional()
  @IsString()
  @Length(1, 60)
  msgid?: string;
}

export interface InventoryUploadReply {
  /** Movements stored by this upload. */
  accepted: number;
  /** Records already stored by an earlier upload (a retry): absorbed, not counted twice. */
  duplicates: number;
  /** 进销存 alerts raised or extended by this upload. */
  alerts: number;
}

/** `mi.v1.kb.inventory-stock` — officers of the institution's region. */
export class StockQueryRequest extends PageRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  /** Only the lines whose sales exceed what was in stock. */
  @IsOptional()
  @IsIn(['true', 'false'])
  shortOnly?: 'true' | 'false';

  /** The institution's region when known; else looked up from its movements. */
  @IsOptional()
  @ParsedBy((v) => Admdvs.parse(v, 'admdvs').code)
  admdvs?: string;
}

/** Quantities are decimal strings with up to 4 decimals (NHSA 16,4), exact. */
export interface StockLineView {
  medListCodg: string;
  name: string;
  /** The last stocktake counted (null: none uploaded — the line is not judged). */
  stocktakeAt: string | null;
  stocktake: string | null;
  purchased: string;
  purchaseReturned: string;
  sold: string;
  saleReturned: string;
  /** stocktake + purchased − purchaseReturned − sold + saleReturned, now. */
  balance: string;
  /** The lowest running balance since the stocktake (negative: more was sold than was in stock at that moment). */
  lowest: string;
}
