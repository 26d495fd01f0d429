import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type CodingTableImportReport,
  type CodingTableKind,
  type ImportCatalogueRequest,
  type ImportCodingTableRequest,
  type ImportReport,
  KbEventSubjects,
} from '@mi/contracts';
import { Admdvs, type Clock, DomainError } from '@mi/domain';
import { AuditService, CLOCK, currentActor, newUuidV7, OutboxService, requireRole, requireScope, SYSTEM_ACTOR } from '@mi/platform';
import { type DiseaseList, SAMPLE_KNOWLEDGE_DATA } from '@mi/rules';
import { type CatalogueRecord, type CsvRowError, parseCatalogueRecords, parseCsv, unknownDiseaseLists } from './catalogue-csv';
import { readXlsxRecords } from './catalogue-xlsx';
import { parseCodingTableRecords } from './coding-tables';
import { entryToJson, type KnowledgeSnapshotJson, type StoredEntry } from './knowledge-json';

/** The province a city's defaults come from: `430100` → `430000`. */
export function provinceOf(region: string): string {
  return `${region.slice(0, 2)}0000`;
}

/** What a coding table is called in refusals and the audit trail. */
const CODING_TABLE_NAMES: Record<CodingTableKind, string> = {
  diagnosisCodes: 'diagnosis code table (ICD-10 医保版)',
  operations: 'operation constraints (ICD-9-CM-3)',
  diseaseLists: 'restricted disease lists (限定病种目录)',
};

/**
 * 知识库 — catalogue items, diagnosis constraints, drug classes, code sets and the coding tables
 * (diagnosis codes, operation constraints, disease lists), effective-dated, with provincial defaults
 * and city items that replace them code by code (a city's table of a kind replaces the province's
 * whole). Imports are all or nothing.
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
    // Per kind, the city's own document if it has one in force, else the province's: the latest started by `date`.
    const misc = await em.execute<{ region: string; kind: string; data: unknown; valid_from: string; batch_id: string | null }[]>(
      `select distinct on (kind) region, kind, data, valid_from::text as valid_from, batch_id::text as batch_id from kb.knowledge_misc
       where region in (?, ?) and valid_from <= ?::date order by kind, (region = ?) desc, valid_from desc`,
      [province, city, date, city],
    );
    const pick = <T>(kind: string, empty: T): T => (misc.find((m) => m.kind === kind)?.data as T | undefined) ?? empty;
    // An imported document's batch is part of the version: a table replaced on the same day is a new version.
    const version = `${city}@${date}#${hashOf(ids.join(',') + misc.map((m) => `${m.region}${m.kind}${m.valid_from}${m.batch_id ?? ''}`).join(','))}`;
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
    if (errors.length > 0) throw rejectedFile(req, errors, rows);
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

  /**
   * One coding table (diagnosis codes, operation constraints or disease lists) from a file, as the
   * catalogue import reads it: the region's table of that kind from `validFrom` (until its next
   * document), all or nothing. A disease list file must keep every list that catalogue items in
   * force in that time name.
   */
  async importCodingTable(req: ImportCodingTableRequest): Promise<CodingTableImportReport> {
    const actor = currentActor();
    const region = Admdvs.parse(req.region, 'region');
    const what = CODING_TABLE_NAMES[req.kind];
    requireRole(actor, region.level === 'province' ? ['province-admin'] : ['province-admin', 'city-officer'], `import the ${what}`);
    requireScope(actor, region.code, `knowledge of ${region.code}`);
    if (region.level === 'county')
      throw new DomainError('VALIDATION', 'region: knowledge is kept per province or city, not per county', { field: 'region', reason: 'county' });
    const records =
      req.xlsx !== undefined
        ? await readXlsxRecords(Buffer.from(req.xlsx, 'base64'), req.fileName, 'a table is imported whole, from one file')
        : parseCsv(req.csv ?? '');
    const { table, errors, rows } = parseCodingTableRecords(req.kind, records);
    if (errors.length === 0 && req.kind === 'diseaseLists')
      errors.push(...(await this.diseaseListsInUse(region, req.validFrom, table as DiseaseList[], records[0])));
    if (errors.length > 0) throw rejectedFile(req, errors, rows);
    const batchId = newUuidV7();
    await this.orm.em.fork().transactional(async (em) => {
      await em.execute(`insert into kb.import_batch (id, region, kind, file_name, rows, imported, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)`, [
        batchId,
        region.code,
        req.kind,
        req.fileName,
        rows,
        table.length,
        actor.username,
        this.clock.now(),
      ]);
      // The table in force from validFrom: a later document of the region still takes over on its own date.
      await em.execute(
        `insert into kb.knowledge_misc (region, kind, data, valid_from, batch_id) values (?, ?, ?, ?::date, ?)
         on conflict (region, kind, valid_from) do update set data = excluded.data, batch_id = excluded.batch_id`,
        [region.code, req.kind, JSON.stringify(table), req.validFrom, batchId],
      );
      await this.audit.record(em, {
        action: 'kb.import-coding-table',
        targetType: 'import-batch',
        targetId: batchId,
        admdvs: region.code,
        detail: { kind: req.kind, fileName: req.fileName, rows, imported: table.length, validFrom: req.validFrom },
      });
      await this.outbox.add(em, {
        subject: KbEventSubjects.KnowledgeImported,
        type: 'KnowledgeImported',
        admdvs: region.code,
        aggregateId: batchId,
        payload: { region: region.code, batchId, kind: req.kind, entries: table.length, validFrom: req.validFrom },
      });
    });
    this.log.log({ msg: 'coding table imported', region: region.code, kind: req.kind, entries: table.length, validFrom: req.validFrom });
    return { batchId, kind: req.kind, region: region.code, validFrom: req.validFrom, rows, imported: table.length, rejected: [] };
  }

  /**
   * The lists a new disease list table for `region` from `validFrom` leaves out although catalogue
   * items name them while it would be in force: from `validFrom` to the region's next disease list
   * document, for the region's snapshots (its items and, for a city, the province's) and, for a
   * province, for each city's own items until the city has disease lists of its own. One refusal per
   * list, naming an item that uses it.
   */
  private async diseaseListsInUse(region: Admdvs, validFrom: string, lists: readonly DiseaseList[], header: CatalogueRecord): Promise<CsvRowError[]> {
    const province = provinceOf(region.code);
    const em = this.orm.em.fork();
    const docs = await em.execute<{ region: string; next: string | null; first: string }[]>(
      `select region, (min(valid_from) filter (where valid_from > ?::date))::text as next, min(valid_from)::text as first
       from kb.knowledge_misc where kind = 'diseaseLists' and left(region, 2) = ? group by region`,
      [validFrom, province.slice(0, 2)],
    );
    const end = docs.find((d) => d.region === region.code)?.next ?? null;
    /** Per region of catalogue rows: the end of the time the new table would apply to them (null: open). */
    const windows = new Map<string, string | null>([[region.code, end]]);
    if (region.level === 'city') windows.set(province, end);
    else {
      const cities = await em.execute<{ region: string }[]>(
        `select distinct region from kb.catalogue_item where left(region, 2) = ? and region <> ? and entry->'diseaseLists' is not null`,
        [province.slice(0, 2), province],
      );
      for (const { region: city } of cities) {
        const own = docs.find((d) => d.region === city)?.first ?? null;
        const until = own === null ? end : end === null || own < end ? own : end;
        if (until === null || until > validFrom) windows.set(city, until);
      }
    }
    const items = await em.execute<{ region: string; hilist_code: string; name: string; lists: string[]; valid_from: string }[]>(
      `select region, hilist_code, entry->>'name' as name, entry->'diseaseLists' as lists, valid_from::text as valid_from
       from kb.catalogue_item
       where region in (${[...windows.keys()].map(() => '?').join(', ')}) and entry->'diseaseLists' is not null
         and (valid_to is null or valid_to > ?::date)
       order by valid_from, region, hilist_code`,
      [...windows.keys(), validFrom],
    );
    const kept = new Set(lists.map((l) => l.code));
    const dropped = new Map<string, { count: number; example: (typeof items)[number] }>();
    for (const item of items) {
      const until = windows.get(item.region);
      if (until !== undefined && until !== null && item.valid_from >= until) continue;
      for (const code of item.lists) {
        if (kept.has(code)) continue;
        const seen = dropped.get(code);
        if (seen) seen.count++;
        else dropped.set(code, { count: 1, example: item });
      }
    }
    return [...dropped]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, { count, example: e }]) => ({
        line: header.line,
        field: 'list_code',
        reason:
          `disease list ${code} is left out, but ${count} catalogue item(s) in force for ${region.code} from ${validFrom} name it, ` +
          `e.g. ${e.hilist_code} ${e.name} (${e.region}, valid from ${e.valid_from}): keep the list, or first import those items without it`,
      }));
  }
}

/** The refusal of a file with rejected rows: nothing imported, every problem listed with its line and column (the first 200). */
function rejectedFile(req: { fileName: string; xlsx?: string }, errors: readonly CsvRowError[], rows: number): DomainError {
  const shown = errors.slice(0, 200);
  return new DomainError(
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

function hashOf(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}
