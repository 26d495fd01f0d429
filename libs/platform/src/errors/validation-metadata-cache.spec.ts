import { IsInt, IsString, MetadataStorage, validateSync } from 'class-validator';
import { installValidationMetadataCache } from './validation-metadata-cache';

const fields = (o: object) => validateSync(o).map((e) => e.property);

describe('installValidationMetadataCache', () => {
  it('answers class-validator’s lookups from memory with the same rules, and forgets them when rules are added', () => {
    const storage = new MetadataStorage();
    const real = new MetadataStorage();
    installValidationMetadataCache(storage);
    installValidationMetadataCache(storage); // idempotent
    const wrapped = storage.getTargetValidationMetadatas;
    class Probe {}
    const meta = (target: new () => object, propertyName: string) =>
      ({ type: 'customValidation', target, propertyName, constraints: [], validationTypeOptions: {}, each: false }) as never;
    for (const s of [storage, real]) s.addValidationMetadata(meta(Probe, 'a'));
    const first = wrapped(Probe, '', false, false);
    expect(wrapped(Probe, '', false, false)).toBe(first); // memoised
    expect(first.map((m) => m.propertyName)).toEqual(real.getTargetValidationMetadatas(Probe, '', false, false).map((m) => m.propertyName));
    expect(wrapped(Probe, '', false, false, ['g'])).not.toBe(first); // other options, other answer
    // A subclass defined later, and a rule added later, are seen.
    class Child extends Probe {}
    for (const s of [storage, real]) s.addValidationMetadata(meta(Child, 'b'));
    expect(
      wrapped(Child, '', false, false)
        .map((m) => m.propertyName)
        .sort(),
    ).toEqual(['a', 'b']);
    for (const s of [storage, real]) s.addValidationMetadata(meta(Probe, 'c'));
    expect(
      wrapped(Probe, '', false, false)
        .map((m) => m.propertyName)
        .sort(),
    ).toEqual(['a', 'c']);
  });

  it('leaves validation of real DTOs unchanged, including classes declared after the first validation', () => {
    installValidationMetadataCache();
    class Line {
      @IsString() code!: string;
    }
    expect(fields(Object.assign(new Line(), { code: 1 }))).toEqual(['code']);
    expect(fields(Object.assign(new Line(), { code: 'x' }))).toEqual([]);
    class PricedLine extends Line {
      @IsInt() fen!: number;
    }
    expect(fields(Object.assign(new PricedLine(), { code: 2, fen: 1.5 })).sort()).toEqual(['code', 'fen']);
    expect(fields(Object.assign(new Line(), { code: 'y' }))).toEqual([]);
  });
});
