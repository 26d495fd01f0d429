const RAW_RECORDS = Symbol.for('mi.contracts.carriesRawRecords');

/**
 * Marks a message DTO whose fields carry raw records that its consumer parses itself, field by
 * field, naming each offending field (the settlement upload: up to 5,000 NHSA records of dozens of
 * fee lines each). The platform's validation pipe validates such a DTO's own fields as usual —
 * same rules, same errors — but takes the records inside them as they came instead of having
 * class-transformer copy every nested object, which cost more CPU than parsing them.
 * Only for DTOs without nested DTOs (`@ValidateNested`, `@Type`): nothing below the top level is
 * transformed.
 */
export function CarriesRawRecords(): ClassDecorator {
  return (target) => {
    Object.defineProperty(target, RAW_RECORDS, { value: true });
  };
}

/** Whether {@link CarriesRawRecords} marks this class (not inherited by subclasses). */
export function carriesRawRecords(cls: unknown): boolean {
  return typeof cls === 'function' && Object.prototype.hasOwnProperty.call(cls, RAW_RECORDS);
}
