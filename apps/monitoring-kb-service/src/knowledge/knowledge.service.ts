import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { type ImportCatalogueRequest, type ImportReport, KbEventSubjects } from '@mi/contracts';
import { Admdvs, type Clock, DomainError } from '@mi/domain';
import { AuditService, CLOCK, currentActor, newUuidV7, OutboxService, requireRole, requireScope, SYSTEM_ACTOR } from '@mi/platform';
import { SAMPLE_KNOWLEDGE_DATA } from '@mi/rules';
import { parseCatalogueRecords, parseCsv, unknownDiseaseLists } from './catalogue-csv';
import { readXlsxRecords } from './catalogue-xlsx';
import { entryToJson, type KnowledgeSnapshotJson, type StoredEntry } from './knowledge-json';

/** The province a city's defaults come from: `430100` → `430000`. */
export function provinceOf(region: string): string {
  return `${region.slice(0, 2)}0000`;
}

/**
 * 知识库 — catalogue items, diagnosis constraints, drug classes and code sets, effective-dated, with
 * provincial defaults and city items that replace them code by code. Imports are all or nothing.
 */
@Injectable()
export class KnowledgeService {
  private readonly log = new Logger('Knowledge');

  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A new install works: seeds the bundled sample as the province's defaults when it has none. */
  async seedProvinceDefaults(province: string): Promise<boolean> {
    return this.orm.em.fork().transactional(async (em) => {
      await em.execute(`select pg_advisory_xact_lock(hashtext('kb.seed'))`);
      const [{ n }] = await em.execute<{ n: string }[]>('select count(*)::text as n from kb.catalogue_item where region = ?', [province]);
      if (n !== '0') return false;
      const batchId = newUuidV7();
      const validFrom = '2019-01-01';
      const items = SAMPLE_KNOWLEDGE_DATA.items ?? [];
      await em.execute(
        `insert into kb.import_batch (id, region, kind, file_name, rows, imported, created_by, created_at) values (?, ?, 'catalogue', ?, ?, ?, 'system', ?)`,
        [batchId, province, `bundled ${SAMPLE_KNOWLEDGE_DATA.version}`, items.length, items.length, this.clock.now()],
      );
      for (const e of items) {
        await em.execute(`insert into kb.catalogue_item (id, region, hilist_code, entry, valid_from, batch_id) values (?, ?, ?, ?, ?, ?)`, [
          newUuidV7(),
          province,
          e.hilistCode,
          JSON.stringify(entryToJson(e)),
          validFrom,
          batchId,
        ]);
      }
      for (const [kind, data] of [
        ['diagnoses', SAMPLE_KNOWLEDGE_DATA.diagnoses ?? []],
        ['drugClasses', SAMPLE_KNOWLEDGE_DATA.drugClasses ?? []],
        ['codeSets', SAMPLE_KNOWLEDGE_DATA.codeSets ?? {}],
        ['diagnosisCodes', SAMPLE_KNOWLEDGE_DATA.diagnosisCodes ?? []],
        ['operations', SAMPLE_KNOWLEDGE_DATA.operations ?? []],
        ['diseaseLists', SAMPLE_KNOWLEDGE_DATA.diseaseLists ?? []],
      ] as const) {
        await em.execute(`insert into kb.knowledge_misc (region, kind, data, valid_from) values (?, ?, ?, ?)`, [
          province,
          kind,
          JSON.stringify(data),
          validFrom,
        ]);
      }
      await this.audit.record(em, {
        action: 'kb.seed',
        targetType: 'knowledge',
        targetId: province,
        admdvs: province,
        actor: SYSTEM_ACTOR,
        detail: { items: items.length, version: SAMPLE_KNOWLEDGE_DATA.version },
      });
      await this.outbox.add(em, {
        subject: KbEventSubjects.KnowledgeImported,
        type: 'KnowledgeImported',
        admdvs: province,
        aggregateId: batchId,
        payload: { region: province, batchId, items: items.length, validFrom },
      });
      this.log.log({ msg: 'seeded provincial knowledge defaults', province, items: items.length });
      return true;
    });
  }

  /** The knowledge in force for a pooling region on a date: provincial defaults overlaid by the city's. */
  async snapshot(poolarea: string, date: string): Promise<KnowledgeSnapshotJson> {
    // A province's rule set is checked against the province's own knowledge (no city rows apply).
    const region = Admdvs.parse(poolarea, 'poolarea');
    const city = region.level === 'province' ? region.code : region.poolingRegion().code;
    const province = provinceOf(city);
    const em = this.orm.em.fork();
    const rows = await em.execute<{ region: string; hilist_code: string; entry: StoredEntry; id: string }[]>(
      `select region, hilist_code, entry, id::text as id from kb.catalogue_item
       where region in (?, ?) and valid_from <= ?::date and (valid_to is null or valid_to > ?::date)
       order by hilist_code, (region = ?) desc`,
      [province, city, date, date, city],
    );
    const items = new Map<string, StoredEntry>();
    const ids: string[] = [];
    for (const r of rows) {
      if (items.has(r.hilist_code)) continue; // the city's row came first
      items.set(r.hilist_code, r.entry);
      ids.push(r.id);
    }
    const misc = await em.execute<{ region: string; kind: string; data: unknown; valid_from: string }[]>(
      `select distinct on (kind) region, kind, data, valid_from::text as valid_from from kb.knowledge_misc
       where region in (?, ?) and valid_from <= ?::date order by kind, (region = ?) desc, valid_from desc`,
      [province, city, date, city],
    );
    const pick = <T>(kind: string, empty: T): T => (misc.find((m) => m.kind === kind)?.data as T | undefined) ?? empty;
    const version = `${city}@${date}#${hashOf(ids.join(',') + misc.map((m) => `${m.region}${m.kind}${m.valid_from}`).join(','))}`;
    return {
      version,
      items: [...items.values()],
      diagnoses: pick('diagnoses', []),
      drugClasses: pick('drugClasses', []),
      codeSets: pick('codeSets', {}),
      diagnosisCodes: pick('diagnosisCodes', []),
      operations: pick('operations', []),
      diseaseLists: pick('diseaseLists', []),
    };
  }

  async importCatalogue(req: ImportCatalogueRequest): Promise<ImportReport> {
    const actor = currentActor();
    const region = Admdvs.parse(req.region, 'region');
    requireRole(actor, region.level === 'province' ? ['province-admin'] : ['province-admin', 'city-officer'], 'import catalogue items');
    requireScope(actor, region.code, `knowledge of ${region.code}`);
    if (region.level === 'county')
      throw new DomainError('VALIDATION', 'region: knowledge is kept per province or city, not per county', { field: 'region', reason: 'county' });
    // One parser whatever the format: the XLSX's cells are read as the text a CSV would hold.
    const records = req.xlsx !== undefined ? await readXlsxRecords(Buffer.from(req.xlsx, 'base64'), req.fileName) : parseCsv(req.csv ?? '');
    const { entries, errors, rows } = parseCatalogueRecords(records);
    if (errors.length === 0 && entries.some((e) => e.diseaseLists !== undefined)) {
      const known = (await this.snapshot(region.code, req.validFrom)).diseaseLists;
      errors.push(...unknownDiseaseLists(records, entries, new Set(known.map((l) => l.code))));
    }
    if (errors.length > 0) {
      const shown = errors.slice(0, 200);
      throw new DomainError(
        'VALIDATION',
        `${req.fileName}: ${errors.length} problem(s), nothing imported; first: line ${shown[0].line} ${shown[0].field}: ${shown[0].reason}`,
        {
          field: req.xlsx !== undefined ? 'xlsx' : 'csv',
          reason: 'rows rejected',
          fields: shown.map((e) => ({ field: `line ${e.line}: ${e.field}`, reason: e.reason })),
          rejected: shown,
          rows,
        },
      );
    }
    const batchId = newUuidV7();
    await this.orm.em.fork().transactional(async (em) => {
      await em.execute(
        `insert into kb.import_batch (id, region, kind, file_name, rows, imported, created_by, created_at) values (?, ?, 'catalogue', ?, ?, ?, ?, ?)`,
        [batchId, region.code, req.fileName, rows, entries.length, actor.username, this.clock.now()],
      );
      for (const e of entries) {
        // The new version of the item ends the open one that started earlier.
        await em.execute(
          `update kb.catalogue_item set valid_to = ?::date where region = ? and hilist_code = ? and valid_from < ?::date and (valid_to is null or valid_to > ?::date)`,
          [req.validFrom, region.code, e.hilistCode, req.validFrom, req.validFrom],
        );
        await em.execute(
          `insert into kb.catalogue_item (id, region, hilist_code, entry, valid_from, batch_id) values (?, ?, ?, ?, ?::date, ?)
           on conflict (region, hilist_code, valid_from) do update set entry = excluded.entry, batch_id = excluded.batch_id`,
          [newUuidV7(), region.code, e.hilistCode, JSON.stringify(entryToJson(e)), req.validFrom, batchId],
        );
      }
      await this.audit.record(em, {
        action: 'kb.import-catalogue',
        targetType: 'import-batch',
        targetId: batchId,
        admdvs: region.code,
        detail: { fileName: req.fileName, rows, imported: entries.length, validFrom: req.validFrom },
      });
      await this.outbox.add(em, {
        subject: KbEventSubjects.KnowledgeImported,
        type: 'KnowledgeImported',
        admdvs: region.code,
        aggregateId: batchId,
        payload: { region: region.code, batchId, items: entries.length, validFrom: req.validFrom },
      });
    });
    return { batchId, region: region.code, rows, imported: entries.length, rejected: [] };
  }
}

function hashOf(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}
