import { Money } from '@mi/domain';
import type { CatalogueEntry, KnowledgeBaseData } from '@mi/rules';

/** A catalogue entry as stored (jsonb) and sent over NATS: price caps in fen strings. */
export type StoredEntry = Omit<CatalogueEntry, 'priceCaps'> & { priceCaps?: Record<string, string> };

export function entryToJson(e: CatalogueEntry): StoredEntry {
  const { priceCaps, ...rest } = e;
  if (!priceCaps) return { ...rest };
  return { ...rest, priceCaps: Object.fromEntries(Object.entries(priceCaps).map(([lv, m]) => [lv, (m as Money).fenBigInt.toString()])) };
}

export function entryFromJson(e: StoredEntry): CatalogueEntry {
  const { priceCaps, ...rest } = e;
  if (!priceCaps) return rest as CatalogueEntry;
  return { ...rest, priceCaps: Object.fromEntries(Object.entries(priceCaps).map(([lv, fen]) => [lv, Money.fromFen(BigInt(fen))])) } as CatalogueEntry;
}

/** The wire form of a knowledge snapshot (claims-review rebuilds an InMemoryKnowledgeBase from it). */
export interface KnowledgeSnapshotJson {
  version: string;
  items: StoredEntry[];
  diagnoses: NonNullable<KnowledgeBaseData['diagnoses']>;
  drugClasses: NonNullable<KnowledgeBaseData['drugClasses']>;
  codeSets: Record<string, string[]>;
  /** ICD-10 医保版 code table (empty: not kept, the code rule checks only the shape). */
  diagnosisCodes: NonNullable<KnowledgeBaseData['diagnosisCodes']>;
  /** ICD-9-CM-3 operation constraints (gender). */
  operations: NonNullable<KnowledgeBaseData['operations']>;
  /** 限定病种目录 (门诊慢特病, 两病). */
  diseaseLists: NonNullable<KnowledgeBaseData['diseaseLists']>;
}

export function snapshotFromJson(s: KnowledgeSnapshotJson): KnowledgeBaseData {
  return {
    version: s.version,
    items: s.items.map(entryFromJson),
    diagnoses: s.diagnoses,
    drugClasses: s.drugClasses,
    codeSets: s.codeSets,
    diagnosisCodes: s.diagnosisCodes ?? [],
    operations: s.operations ?? [],
    diseaseLists: s.diseaseLists ?? [],
  };
}
