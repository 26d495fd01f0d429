import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  INVENTORY_TRANSACTIONS,
  InventoryEventSubjects,
  type InventoryUploadReply,
  type InventoryUploadRequest,
  type Page,
  type StockLineView,
  type StockQueryRequest,
} from '@mi/contracts';
import { Admdvs, type Clock, DomainError, LocalDate, NotFoundError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, OutboxService, pgArray, requireRole } from '@mi/platform';
import { AnomalyService } from '../anomaly/anomaly.service';
import type { AlertCandidate, DetectorParams } from '../anomaly/detectors';
import { mapInventoryRecords, units } from './inventory.mapper';

const READERS = ['province-admin', 'city-officer', 'county-officer', 'reviewer', 'auditor'] as const;

/** What the ledger of one item says since its last stocktake (quantities in 1/10 000 units). */
interface ItemLedger {
  med_list_codg: string;
  name: string;
  stocktake_at: Date | null;
  stocktake_e4: string | null;
  purchased_e4: string;
  purchase_returned_e4: string;
  sold_e4: string;
  sale_returned_e4: string;
  balance_e4: string;
  lowest_e4: string;
  lowest_at: Date | null;
  first_at: Date | null;
}

/**
 * The ledger of items since each item's latest stocktake (none: from the first movement, at zero):
 * sums per kind, the balance now and the lowest running balance with when it was reached. One SQL
 * statement over the movements of an institution, optionally of some items.
 */
const LEDGER_SQL = (items: boolean) => `
  with base as (
    select distinct on (med_list_codg) med_list_codg, occurred_at, qty_e4
      from kb.inventory_movement
     where institution_code = ? and kind = 'STOCKTAKE' ${items ? 'and med_list_codg = any(?::text[])' : ''}
     order by med_list_codg, occurred_at desc, seq desc
  ), moves as (
    select m.med_list_codg, m.name, m.kind, m.occurred_at, m.seq,
           case when m.kind in ('PURCHASE', 'SALE_RETURN') then m.qty_e4 else -m.qty_e4 end as delta,
           m.qty_e4
      from kb.inventory_movement m left join base b using (med_list_codg)
     where m.institution_code = ? and m.kind <> 'STOCKTAKE' ${items ? 'and m.med_list_codg = any(?::text[])' : ''}
       and (b.occurred_at is null or m.occurred_at >= b.occurred_at)
  ), running as (
    select mv.*, coalesce(b.qty_e4, 0) + sum(mv.delta) over (partition by mv.med_list_codg order by mv.occurred_at, mv.seq) as bal
      from moves mv left join base b using (med_list_codg)
  ), lowest as (
    select distinct on (med_list_codg) med_list_codg, bal as lowest_e4, occurred_at as lowest_at
      from running order by med_list_codg, bal, occurred_at, seq
  ), sums as (
    select med_list_codg, max(name) as name, min(occurred_at) as first_at,
           sum(qty_e4) filter (where kind = 'PURCHASE') as purchased_e4,
           sum(qty_e4) filter (where kind = 'PURCHASE_RETURN') as purchase_returned_e4,
           sum(qty_e4) filter (where kind = 'SALE') as sold_e4,
           sum(qty_e4) filter (where kind = 'SALE_RETURN') as sale_returned_e4,
           sum(delta) as net_e4
      from moves group by med_list_codg
  ), codes as (
    select med_list_codg from base union select med_list_codg from sums
  )
  select c.med_list_codg,
         coalesce(s.name, (select name from kb.inventory_movement x where x.institution_code = ? and x.med_list_codg = c.med_list_codg order by seq desc limit 1)) as name,
         b.occurred_at as stocktake_at, b.qty_e4::text as stocktake_e4,
         coalesce(s.purchased_e4, 0)::text as purchased_e4, coalesce(s.purchase_returned_e4, 0)::text as purchase_returned_e4,
         coalesce(s.sold_e4, 0)::text as sold_e4, coalesce(s.sale_returned_e4, 0)::text as sale_returned_e4,
         (coalesce(b.qty_e4, 0) + coalesce(s.net_e4, 0))::text as balance_e4,
         least(coalesce(b.qty_e4, 0), coalesce(l.lowest_e4, coalesce(b.qty_e4, 0)))::text as lowest_e4,
         l.lowest_at, s.first_at
    from codes c left join base b using (med_list_codg) left join sums s using (med_list_codg) left join lowest l using (med_list_codg)
   order by c.med_list_codg`;

/**
 * 进销存 — stores the movements of one 35xx upload of the calling institution and runs the 进销存
 * detector on the items it touched, in one transaction with its audit row: an item whose running
 * balance since its last stocktake went below zero by more than the city's tolerance (sold what was
 * not in stock) raises one INVENTORY_SALES_EXCEED_STOCK alert per item and stocktake window.
 */
@Injectable()
export class InventoryService {
  constructor(
    private readonly orm: MikroORM,
    private readonly anomalies: AnomalyService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async upload(req: InventoryUploadRequest): Promise<InventoryUploadReply> {
    const actor = currentActor();
    if (actor?.kind !== 'his')
      throw new DomainError('FORBIDDEN.ROLE', 'only a designated institution’s HIS uploads 进销存 records', { reason: 'not a HIS caller' });
    const movements = mapInventoryRecords(req.infno, req.inputKey, req.records);
    const institution = actor.institutionCode;
    const admdvs = actor.scope;
    const poolarea = Admdvs.parse(admdvs, 'admdvs').poolingRegion().code;
    const now = this.clock.now();
    return this.orm.em.fork().transactional(async (em) => {
      const stored = await em.execute<{ med_list_codg: string }[]>(
        `insert into kb.inventory_movement (institution_code, admdvs, poolarea, kind, med_list_codg, hilist_id, name, bchno, qty_e4, occurred_at, setl_id, doc_no, record_hash, received_at)
         select ?, ?, ?, x.kind, x.code, x.hilist_id, x.name, x.bchno, x.qty, x.at, x.setl_id, x.doc_no, x.hash, ?
           from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::timestamptz[], ?::text[], ?::text[], ?::text[])
             as x(kind, code, hilist_id, name, bchno, qty, at, setl_id, doc_no, hash)
         on conflict (institution_code, record_hash) do nothing
         returning med_list_codg`,
        [
          institution,
          admdvs,
          poolarea,
          now,
          pgArray(movements.map((m) => m.kind)),
          pgArray(movements.map((m) => m.medListCodg)),
          pgArray(movements.map((m) => m.hilistId)),
          pgArray(movements.map((m) => m.name)),
          pgArray(movements.map((m) => m.bchno)),
          pgArray(movements.map((m) => m.qtyE4.toString())),
          pgArray(movements.map((m) => m.occurredAt.toISOString())),
          pgArray(movements.map((m) => m.setlId ?? null)),
          pgArray(movements.map((m) => m.docNo ?? null)),
          pgArray(movements.map((m) => m.recordHash)),
        ],
      );
      const touched = [...new Set(stored.map((r) => r.med_list_codg))].sort();
      let alerts = 0;
      if (touched.length > 0) {
        const params = (await this.anomalies.paramsFor(em, poolarea)).INVENTORY_SALES_EXCEED_STOCK;
        for (const c of await this.detect(em, institution, poolarea, touched, params)) {
          await this.anomalies.raise(em, c, admdvs);
          alerts++;
        }
      }
      await this.audit.record(em, {
        action: 'kb.inventory-upload',
        targetType: 'institution',
        targetId: institution,
        admdvs,
        detail: { infno: req.infno, records: movements.length, accepted: stored.length, alerts, ...(req.msgid ? { msgid: req.msgid } : {}) },
      });
      if (stored.length > 0) {
        await this.outbox.add(em, {
          subject: InventoryEventSubjects.InventoryRecorded,
          type: 'InventoryRecorded',
          admdvs,
          aggregateId: institution,
          payload: { institutionCode: institution, infno: req.infno, kind: INVENTORY_TRANSACTIONS[req.infno].kind, accepted: stored.length, items: touched },
        });
      }
      return { accepted: stored.length, duplicates: movements.length - stored.length, alerts };
    });
  }

  /** The 进销存 detector over some items of an institution; a candidate per item short beyond the tolerance. */
  async detect(
    em: EntityManager,
    institution: string,
    poolarea: string,
    items: string[],
    p: DetectorParams['INVENTORY_SALES_EXCEED_STOCK'],
  ): Promise<AlertCandidate[]> {
    const rows = await em.execute<ItemLedger[]>(LEDGER_SQL(true), [institution, pgArray(items), institution, pgArray(items), institution]);
    const tolerance = BigInt(Math.round(p.toleranceUnits * 10_000));
    const out: AlertCandidate[] = [];
    for (const r of rows) {
      if (r.stocktake_at === null && p.requireStocktake) continue;
      const lowest = BigInt(r.lowest_e4);
      if (-lowest <= tolerance || r.lowest_at === null) continue;
      const from = new Date(r.stocktake_at ?? (r.first_at as Date));
      const stock = BigInt(r.stocktake_e4 ?? '0');
      const available = stock + BigInt(r.purchased_e4) - BigInt(r.purchase_returned_e4) + BigInt(r.sale_returned_e4);
      const fromText = r.stocktake_at ? `${shanghaiDate(from)} 盘存 ${units(stock)}` : `${shanghaiDate(from)} 起（未上传盘存，按零库存计）`;
      out.push({
        type: 'INVENTORY_SALES_EXCEED_STOCK',
        poolarea,
        institutionCode: institution,
        psnNo: null,
        subjectKey: `I:${institution}|ITEM:${r.med_list_codg}`,
        from: from.toISOString(),
        to: new Date(r.lowest_at).toISOString(),
        settlementIds: [],
        measured: {
          value: units(-lowest),
          medListCodg: r.med_list_codg,
          name: r.name,
          stocktake: units(stock),
          purchased: units(BigInt(r.purchased_e4)),
          purchaseReturned: units(BigInt(r.purchase_returned_e4)),
          sold: units(BigInt(r.sold_e4)),
          saleReturned: units(BigInt(r.sale_returned_e4)),
          balance: units(BigInt(r.balance_e4)),
        },
        threshold: { value: units(tolerance) },
        explanation:
          `进销存异常：${r.name}（${r.med_list_codg}）自${fromText}，购进 ${units(BigInt(r.purchased_e4))}、采购退货 ${units(BigInt(r.purchase_returned_e4))}、` +
          `销售退货 ${units(BigInt(r.sale_returned_e4))}，可售合计 ${units(available)}；销售 ${units(BigInt(r.sold_e4))}，` +
          `${shanghaiDate(new Date(r.lowest_at))} 时账面库存最低为 ${units(lowest)}，超出可售 ${units(-lowest)}（容差 ${units(tolerance)}）。` +
          `销售量大于库存加购进，涉嫌串换药品或虚构购药，请核查实物库存与销售记录。`,
      });
    }
    return out;
  }

  /** An institution's stock per item since its last stocktake, for officers of its region. */
  async stock(req: StockQueryRequest): Promise<Page<StockLineView>> {
    const actor = currentActor();
    requireRole(actor, [...READERS], 'read an institution’s 进销存');
    const em = this.orm.em.fork();
    const [own] = await em.execute<{ admdvs: string }[]>(`select admdvs from kb.inventory_movement where institution_code = ? limit 1`, [req.institutionCode]);
    if (!own || !canSee(actor, own.admdvs)) throw new NotFoundError('进销存 of institution', req.institutionCode);
    const rows = await em.execute<ItemLedger[]>(LEDGER_SQL(false), [req.institutionCode, req.institutionCode, req.institutionCode]);
    const lines = rows
      .map((r): StockLineView => ({
        medListCodg: r.med_list_codg,
        name: r.name,
        stocktakeAt: r.stocktake_at ? new Date(r.stocktake_at).toISOString() : null,
        stocktake: r.stocktake_e4 === null ? null : units(BigInt(r.stocktake_e4)),
        purchased: units(BigInt(r.purchased_e4)),
        purchaseReturned: units(BigInt(r.purchase_returned_e4)),
        sold: units(BigInt(r.sold_e4)),
        saleReturned: units(BigInt(r.sale_returned_e4)),
        balance: units(BigInt(r.balance_e4)),
        lowest: units(BigInt(r.lowest_e4)),
      }))
      .filter((l) => req.shortOnly !== 'true' || l.lowest.startsWith('-'));
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    return { items: lines.slice(offset, offset + limit), total: lines.length, limit, offset };
  }
}

function shanghaiDate(d: Date): string {
  return LocalDate.fromInstant(d).toString();
}
