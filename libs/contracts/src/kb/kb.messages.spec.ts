import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors, STRICT_VALIDATION_OPTIONS } from '../validation/strict-dto';
import { CATALOGUE_IMPORT_MAX_BYTES, CODING_TABLE_KINDS, ImportCodingTableRequest } from './kb.messages';

const errorsOf = (input: unknown) =>
  flattenValidationErrors(validateSync(plainToInstance(ImportCodingTableRequest, input) as object, STRICT_VALIDATION_OPTIONS));

describe('ImportCodingTableRequest', () => {
  const head = { region: '430100', validFrom: '2026-04-01', fileName: 'icd10.csv' };

  it('takes each coding table kind as CSV text or as XLSX base64, like the catalogue import', () => {
    for (const kind of CODING_TABLE_KINDS) {
      expect(errorsOf({ ...head, kind, csv: 'code,name\nK29.700,胃炎' })).toEqual([]);
      expect(errorsOf({ ...head, kind, xlsx: 'UEsDBA==' })).toEqual([]);
    }
  });

  it('refuses another kind, neither or both files, a bad date or region, unknown fields, naming each', () => {
    const fields = (input: unknown) => [...new Set(errorsOf(input).map((e) => e.field))].sort();
    expect(fields({ ...head, kind: 'codeSets', csv: 'a' })).toEqual(['kind']);
    expect(fields({ ...head, csv: 'a' })).toEqual(['kind']);
    expect(fields({ ...head, kind: 'operations' })).toEqual(['csv']);
    expect(fields({ ...head, kind: 'operations', csv: 'a', xlsx: 'UEsDBA==' })).toEqual(['xlsx']);
    expect(fields({ ...head, kind: 'operations', region: '43010', validFrom: '2026-02-30', csv: 'a', extra: 1 })).toEqual(['extra', 'region', 'validFrom']);
    const tooLarge = errorsOf({ ...head, kind: 'diagnosisCodes', csv: 'x'.repeat(CATALOGUE_IMPORT_MAX_BYTES + 1) });
    expect(tooLarge.map((e) => e.reason)).toEqual([expect.stringMatching(/a table is imported whole, from one file/)]);
  });
});
